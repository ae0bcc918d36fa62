"""The reports (tag frequency, co-occurrence, the tag × article matrix, timelines) against counts made here,
from the library's highlights and the articles' texts, never from the reports' own SQL."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pytest
from file_writing import WriteFile

from annotations.models import Annotation, DocumentMetadata
from app import Library
from app.exports.scope import InvalidScope
from app.reports import ReportScope, TimelineSubject, table
from app.reports.matrix import grid
from app.reports.periods import period_of
from app.reports.tables import write_csv, write_markdown

# (file name, published date as stored, the month it is counted in, text); "sanctions" is the query word
ARTICLES = [
    ("visit.md", "2024-09-20", "2024-09", "# Experts in Tehran\n\nRussian experts visited Tehran in April. The visit "
     "was confirmed by officials and sanctions followed.\n\nLater reports denied the September visit.\n\nA closing "
     "note on sanctions, sanctions again, and drones.\n"),
    ("month.md", "2024-09", "2024-09", "# Iraq and Iran\n\nBaghdad and Tehran signed a pact on sanctions.\n\n"
     "Drones were mentioned once.\n"),
    ("year.md", "2024", "2024", "# A year only\n\nSanctions were discussed all year.\n"),
    ("undated.md", "", "undated", "# No date\n\nTehran spoke of sanctions and of drones.\n"),
    ("garbled.md", "someday soon", "undated", "# Outlook\n\nNothing in the text names the word.\n"),
    ("late.md", "2023-11-30T23:30:00-05:00", "2023-11", "# Late November\n\nSanctions, said Moscow, and sanctions.\n"),
]


@pytest.fixture
def documents(library: Library, write_file: WriteFile) -> dict[str, int]:
    ids = {}
    for name, published, _month, text in ARTICLES:
        outcome = library.documents.import_file(write_file(name, text)).value
        assert outcome.document is not None
        ids[name] = outcome.document.id
        library.documents.update_metadata(outcome.document.id, DocumentMetadata(published=published))
    # a title that matches the query while the text does not: a hit, but no mention
    library.documents.update_metadata(ids["garbled.md"], DocumentMetadata(title="Sanctions outlook"))
    return ids


def quote(library: Library, document_id: int, text: str, tags: list[str]) -> Annotation:
    [made] = library.annotations.add_quote(document_id, text, tags=tags).value
    return made


@pytest.fixture
def highlights(library: Library, documents: dict[str, int]) -> dict[str, Annotation]:
    visit, month, undated = documents["visit.md"], documents["month.md"], documents["undated.md"]
    text = library.documents.get(visit).text
    across = text.index("followed.")  # from the end of one paragraph into the next: in both
    made = {
        "experts": quote(library, visit, "Russian experts visited Tehran", ["region/iran"]),
        "confirmed": quote(library, visit, "confirmed by officials", ["sourcing", "region/iran"]),
        "denied": quote(library, visit, "denied the September visit", ["sourcing", "region/russia"]),
        "across": library.annotations.add(
            visit, across, text.index("Later") + 5, tags=["economy/sanctions"]
        ).value,
        "closing": quote(library, visit, "sanctions again, and drones", ["economy/sanctions", "drones"]),
        "pact": quote(library, month, "Baghdad and Tehran", ["region/iraq", "region/iran"]),
        "drones": quote(library, month, "Drones were mentioned", ["drones"]),
        "untagged": quote(library, month, "signed a pact", []),
        "spoke": quote(library, undated, "Tehran spoke", ["region/iran", "drones"]),
    }
    library.index.flush()
    return made


def every_highlight(library: Library) -> list[Annotation]:
    return library.store.all_annotations()


def test_tag_frequency_counts_each_tag_and_each_branch_once_per_highlight(
    library: Library, highlights: dict[str, Annotation]
) -> None:
    rows = {(row.tag, row.branch): (row.highlights, row.articles) for row in library.reports.tags()}
    expected: dict[tuple[str, bool], tuple[int, int]] = {}
    tags = {tag for annotation in every_highlight(library) for tag in annotation.tags}
    branches = {tag.rsplit("/", 1)[0] for tag in tags if "/" in tag}
    for name, branch in [(tag, False) for tag in tags] + [(parent, True) for parent in branches]:
        carrying = [
            a for a in every_highlight(library)
            if (name in a.tags if not branch else any(t == name or t.startswith(name + "/") for t in a.tags))
        ]  # fmt: skip
        expected[(name, branch)] = (len(carrying), len({a.document_id for a in carrying}))
    assert rows == expected
    # "pact" carries region/iraq and region/iran: one highlight of the branch, not two
    assert rows[("region", True)] == (5, 3)
    assert rows[("region/iran", False)][0] + rows[("region/iraq", False)][0] + rows[("region/russia", False)][0] == 6
    order = [(row.tag, row.branch) for row in library.reports.tags()]
    assert order.index(("region", True)) == order.index(("region/iran", False)) - 1  # a total before its tags


def test_cooccurrence_on_one_highlight(library: Library, highlights: dict[str, Annotation]) -> None:
    expected: Counter[tuple[str, str]] = Counter()
    for annotation in every_highlight(library):
        expected.update(combinations(sorted(annotation.tags), 2))
    rows = library.reports.cooccurrence(within="highlight")
    assert {(row.a, row.b): row.highlights for row in rows} == dict(expected)
    assert all(row.a < row.b for row in rows)
    assert [row.highlights for row in rows] == sorted((row.highlights for row in rows), reverse=True)


def test_cooccurrence_in_one_paragraph_counts_paragraphs(library: Library, highlights: dict[str, Annotation]) -> None:
    """A paragraph is a line of the canonical text; a highlight belongs to each one its span touches."""
    expected: Counter[tuple[str, str]] = Counter()
    by_document: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in every_highlight(library):
        by_document[annotation.document_id].append(annotation)
    for document_id, placed in by_document.items():
        text = library.documents.get(document_id).text
        position = 0
        for line in text.split("\n"):
            end = position + len(line)
            tags = {t for a in placed if a.start <= end and a.end > position for t in a.tags}
            expected.update(combinations(sorted(tags), 2))
            position = end + 1
    rows = library.reports.cooccurrence(within="paragraph")
    counted = {(row.a, row.b): row.highlights for row in rows}
    assert counted == dict(expected)
    # sourcing meets region/iran in the first paragraph, and region/russia in the second: not with each other's
    assert counted[("region/iran", "sourcing")] == 1
    assert ("region/iran", "region/russia") not in counted
    # the highlight across two paragraphs meets region/iran and sourcing in the first, drones in neither
    assert counted[("economy/sanctions", "region/iran")] == 1
    assert ("drones", "sourcing") not in counted
    assert ("drones", "economy/sanctions") in counted  # the closing highlight carries both


def test_matrix_counts_highlights_per_tag_and_article(
    library: Library, documents: dict[str, int], highlights: dict[str, Annotation]
) -> None:
    expected: Counter[tuple[str, int]] = Counter()
    for annotation in every_highlight(library):
        expected.update((tag, annotation.document_id) for tag in annotation.tags)
    cells = library.reports.matrix()
    assert {(cell.tag, cell.document_id): cell.highlights for cell in cells} == dict(expected)
    assert {cell.title for cell in cells if cell.document_id == documents["month.md"]} == {"Iraq and Iran"}
    full = grid(cells)
    row, column = full.tags.index("drones"), [a for a, _t in full.articles].index(documents["visit.md"])
    assert full.counts[row][column] == expected[("drones", documents["visit.md"])] == 1
    assert sum(map(sum, full.counts)) == sum(expected.values())


def _mentions_by(library: Library, documents: dict[str, int], column: int) -> dict[str, tuple[int, int]]:
    """Occurrences of "sanctions" in each article's text by the period in column ``column`` of ARTICLES."""
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, *periods, _text in ARTICLES:
        text = library.documents.get(documents[name]).text
        found = len(re.findall(r"\bsanctions\b", text, re.IGNORECASE))
        if found:
            counted[periods[column]][0] += found
            counted[periods[column]][1] += 1
    return {period: (mentions, articles) for period, (mentions, articles) in counted.items()}


def test_timeline_of_a_query_counts_every_mention_by_month_with_undated_apart(
    library: Library, documents: dict[str, int], highlights: dict[str, Annotation]
) -> None:
    rows = library.reports.timeline(TimelineSubject(query="sanctions"), by="month")
    expected = _mentions_by(library, documents, 1)
    shown = {row.period: (row.mentions, row.articles) for row in rows if row.mentions}
    assert shown == expected
    # time order, the year-only article before its year's months, every month between filled in, undated last
    periods = [row.period for row in rows]
    assert periods[0] == "2023-11" and periods[-1] == "undated"
    assert periods.index("2024") == periods.index("2024-01") - 1
    assert periods[1:3] == ["2023-12", "2024"] and "2024-05" in periods
    assert {row.period: row.mentions for row in rows}["2024-05"] == 0
    assert rows[-1].to_json() == {"period": "undated", "mentions": 1, "articles": 1}  # the title match is none


def test_timeline_by_year(library: Library, documents: dict[str, int], highlights: dict[str, Annotation]) -> None:
    rows = library.reports.timeline(TimelineSubject(query="sanctions"), by="year")
    by_year: Counter[str] = Counter()
    for period, (mentions, _articles) in _mentions_by(library, documents, 1).items():
        by_year[period[:4] if period != "undated" else period] += mentions
    assert {row.period: row.mentions for row in rows} == dict(by_year)
    assert [row.period for row in rows] == ["2023", "2024", "undated"]
    assert {row.period: row.articles for row in rows}["2024"] == 3


def test_timeline_of_a_tag_stacked_by_its_tags(
    library: Library, documents: dict[str, int], highlights: dict[str, Annotation]
) -> None:
    rows = library.reports.timeline(TimelineSubject(tag="region"), by="month", stack="tag")
    month_of = {documents[name]: month for name, _published, month, _text in ARTICLES}
    mentions: Counter[str] = Counter()
    series: dict[str, Counter[str]] = defaultdict(Counter)
    for annotation in every_highlight(library):
        family = [t for t in annotation.tags if t.split("/")[0] == "region"]
        if family:
            mentions[month_of[annotation.document_id]] += 1
            series[month_of[annotation.document_id]].update(family)
    assert {row.period: row.mentions for row in rows if row.mentions} == dict(mentions)
    names = ["region/iran", "region/iraq", "region/russia"]
    for row in rows:
        assert list(row.series) == names  # every series in every row, in one order
        assert row.series == {name: series[row.period][name] for name in names}
    assert rows[0].to_json()["series"] == {"region/iran": 3, "region/iraq": 1, "region/russia": 1}


def test_timeline_of_a_claim_stacked_by_stance(
    library: Library, documents: dict[str, int], highlights: dict[str, Annotation]
) -> None:
    claim = library.claims.add("Russian experts visited Tehran").value
    links = {"experts": "supports", "confirmed": "supports", "denied": "contradicts", "spoke": "context"}
    for name, stance in links.items():
        library.claims.link(claim.id, highlights[name].id, stance)
    rows = library.reports.timeline(TimelineSubject(claim_id=claim.id), by="month", stack="stance")
    assert [row.to_json() for row in rows] == [
        {"period": "2024-09", "mentions": 3, "articles": 1,
         "series": {"supports": 2, "contradicts": 1, "context": 0}},
        {"period": "undated", "mentions": 1, "articles": 1,
         "series": {"supports": 0, "contradicts": 0, "context": 1}},
    ]  # fmt: skip
    with pytest.raises(InvalidScope, match="stacking by stance"):
        library.reports.timeline(TimelineSubject(query="sanctions"), stack="stance")


def test_scopes_limit_what_is_counted(
    library: Library, documents: dict[str, int], highlights: dict[str, Annotation]
) -> None:
    # a tag scope: the highlights tagged region or below it
    scoped = {(row.tag, row.branch): row.highlights for row in library.reports.tags(ReportScope(tag="region"))}
    assert scoped[("sourcing", False)] == 2 and scoped[("drones", False)] == 1 and scoped[("region", True)] == 5
    assert ("economy/sanctions", False) not in scoped
    # a query scope: the articles the query finds, with every highlight in them
    found = {(row.tag, row.branch): row.highlights for row in library.reports.tags(ReportScope(query="Baghdad"))}
    assert found == {("region", True): 1, ("region/iran", False): 1, ("region/iraq", False): 1, ("drones", False): 1}
    library.searches.save("iraq", "Baghdad")
    assert library.reports.matrix(ReportScope(saved="iraq")) == library.reports.matrix(ReportScope(query="Baghdad"))
    # a timeline inside a scope counts only the scope's articles
    inside = library.reports.timeline(TimelineSubject(query="sanctions"), ReportScope(tag="drones"), by="year")
    assert {row.period: row.mentions for row in inside} == {"2024": 4, "undated": 1}
    with pytest.raises(InvalidScope, match="no saved search"):
        library.reports.tags(ReportScope(saved="nothing"))
    with pytest.raises(InvalidScope, match="no tag"):
        library.reports.cooccurrence(ReportScope(tag="nowhere"))
    with pytest.raises(InvalidScope, match="choose one"):
        library.reports.tags(ReportScope(tag="region", query="x"))


@pytest.mark.parametrize(
    ("published", "month", "year"),
    [
        ("2024-09-20", "2024-09", "2024"),
        ("2024-9", "2024-09", "2024"),
        ("2024", "2024", "2024"),
        ("2024-09-30T23:30:00-05:00", "2024-09", "2024"),  # as written: not October in UTC
        ("20 September 2024", "2024-09", "2024"),
        ("September 2024", "2024-09", "2024"),
        ("", "undated", "undated"),
        ("someday", "undated", "undated"),
        ("2024-13", "undated", "undated"),
    ],
)
def test_periods_of_stored_dates(published: str, month: str, year: str) -> None:
    assert (period_of(published, "month"), period_of(published, "year")) == (month, year)


def test_a_report_as_csv_and_markdown(library: Library, highlights: dict[str, Annotation], tmp_path: Path) -> None:
    rows = library.reports.timeline(TimelineSubject(tag="region"), by="year", stack="tag")
    report = table("timeline", ReportScope(), rows, "tag", "Highlights tagged region")
    assert report.columns == ("period", "mentions", "articles", "tag:region/iran", "tag:region/iraq", "tag:region/russia")
    write_csv(report, tmp_path / "t.csv")
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "period,mentions,articles,tag:region/iran,tag:region/iraq,tag:region/russia"
    assert lines[1:] == ["2024,4,2,3,1,1", "undated,1,1,1,0,0"]
    write_markdown(table("tags", ReportScope(tag="region"), library.reports.tags(ReportScope(tag="region"))), tmp_path / "t.md")
    markdown = (tmp_path / "t.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Tag frequency\n\nScope: Tag region\n\n| tag | highlights | articles | branch |\n")
    assert "| region | 5 | 3 | yes |" in markdown and "| region/iran | 4 | 3 |  |" in markdown
