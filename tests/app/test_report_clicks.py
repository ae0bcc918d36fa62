"""A click on a report's row opens as many highlights as the row counts: for each report, each row and each
scope, the row's query (``app.reports.clicks``) is run through the index and its hits counted."""

from __future__ import annotations

import pytest
from file_writing import WriteFile

from app import Library
from app.reports import ReportScope, TimelineSubject
from app.reports.clicks import Subject, row_query

TEXTS = {  # file -> (title, published, text)
    "one.md": ("Same Title", "2024-03-01", "Radars are visible. Training is not. Spare parts are scarce."),
    "two.md": ("Same Title", "2025-06-01", "Radars need software. Sanctions bite slowly. Drones fly."),
    "three.md": ("Other", "2025-07-01", "Nothing here but drones and radars and more radars."),
}
TAGGED = [  # file, quote, tags: "region" beside "region/iran" on one highlight
    ("one.md", "Radars are visible.", ["region", "region/iran", "sensors"]),
    ("one.md", "Training is not.", ["region/iran"]),
    ("one.md", "Spare parts are scarce.", ["region", "logistics"]),
    ("two.md", "Radars need software.", ["sensors", "region/iraq/north"]),
    ("two.md", "Sanctions bite slowly.", ["region"]),
    ("three.md", "drones and radars", ["sensors/radar", "sensors"]),
]
SCOPES = [
    ReportScope(),
    ReportScope(tag="region"),
    ReportScope(tag="sensors"),
    ReportScope(saved="Slow"),
    ReportScope(query="radars"),
]


@pytest.fixture
def coded(library: Library, write_file: WriteFile) -> Library:
    from annotations.models import DocumentMetadata

    ids = {}
    for name, (title, published, text) in TEXTS.items():
        document = library.documents.import_file(write_file(name, f"# {title}\n\n{text}\n")).value.document
        assert document is not None
        library.documents.update_metadata(document.id, DocumentMetadata(title=title, published=published))
        ids[name] = document.id
    for name, quote, tags in TAGGED:
        library.annotations.add_quote(ids[name], quote, tags=tags)
    library.searches.save("Slow", "slowly")
    library.index.flush()
    return library


def opened(library: Library, query: str) -> int:
    """How many results the search shows for ``query``: each a highlight here."""
    hits = library.index.all_hits(query)
    assert all(hit.kind == "annotation" for hit in hits), query
    return len(hits)


@pytest.mark.parametrize("scope", SCOPES, ids=lambda scope: scope.describe())
def test_every_tag_row_opens_as_many_highlights_as_it_counts(coded: Library, scope: ReportScope) -> None:
    reports = coded.reports
    where, parents = reports.scope_filter(scope), reports.parent_tags()
    rows = reports.tags(scope)
    assert rows
    for row in rows:
        values = (row.tag, row.highlights, row.articles, row.branch)
        query = row_query("tags", values, parents=parents, scope=where)
        assert query is not None
        assert opened(coded, query) == row.highlights, (query, row)


def test_a_parent_tag_row_counts_what_a_tag_below_does_not_imply(coded: Library) -> None:
    rows = {(row.tag, row.branch): row.highlights for row in coded.reports.tags()}
    assert rows[("region", False)] == 2  # "Spare parts", "Sanctions": "Radars are visible" is region/iran's
    assert rows[("region", True)] == 5
    assert rows[("sensors", False)] == 2  # "drones and radars" carries sensors/radar below it
    query = row_query("tags", ("region", 2, 2, False), parents=coded.reports.parent_tags())
    assert query == "tag:region NOT tag:region/*"


@pytest.mark.parametrize("scope", SCOPES, ids=lambda scope: scope.describe())
def test_every_pair_and_matrix_cell_opens_its_count(coded: Library, scope: ReportScope) -> None:
    reports = coded.reports
    where, parents = reports.scope_filter(scope), reports.parent_tags()
    for pair in reports.cooccurrence(scope):
        query = row_query("cooccurrence", (pair.a, pair.b, pair.highlights), parents=parents, scope=where)
        assert query is not None and opened(coded, query) == pair.highlights, (query, pair)
    cells = reports.matrix(scope)
    assert cells
    for cell in cells:
        query = row_query("matrix", (cell.tag, cell.document_id, cell.title, cell.highlights), parents=parents,
                          scope=where)  # fmt: skip
        assert query is not None and opened(coded, query) == cell.highlights, (query, cell)


def test_a_matrix_cell_keeps_to_its_article_when_titles_repeat(coded: Library) -> None:
    cells = [cell for cell in coded.reports.matrix() if cell.tag == "sensors"]
    assert sorted((cell.title, cell.highlights) for cell in cells) == [("Same Title", 1), ("Same Title", 1)]
    for cell in cells:
        query = row_query("matrix", (cell.tag, cell.document_id, cell.title, cell.highlights))
        assert query is not None and opened(coded, query) == 1


def test_a_pair_on_a_highlight_with_a_tag_below_the_other_is_not_counted(coded: Library) -> None:
    pairs = {(pair.a, pair.b): pair.highlights for pair in coded.reports.cooccurrence()}
    assert ("region", "region/iran") not in pairs and ("sensors", "sensors/radar") not in pairs
    assert pairs[("region/iran", "sensors")] == 1 and pairs[("logistics", "region")] == 1


@pytest.mark.parametrize("scope", SCOPES, ids=lambda scope: scope.describe())
def test_a_tag_timeline_period_opens_its_count(coded: Library, scope: ReportScope) -> None:
    reports = coded.reports
    where = reports.scope_filter(scope)
    for tag in ("region", "sensors"):
        for row in reports.timeline(TimelineSubject(tag=tag), scope, by="year"):
            query = row_query("timeline", (row.period, row.mentions), Subject(tag=tag), scope=where)
            if query is not None:
                assert opened(coded, query) == row.mentions, (query, row)


def test_a_search_scope_narrows_by_the_articles_it_found(coded: Library) -> None:
    where = coded.reports.scope_filter(ReportScope(saved="Slow"))
    two = next(s.id for s in coded.documents.summaries() if "slowly" in coded.documents.get(s.id).text)
    assert where.highlights == where.articles == f"document_id:{two}"
    assert coded.reports.scope_filter(ReportScope(tag="Region")).highlights == "tag:region"
    assert coded.reports.scope_filter() == type(where)()


def test_a_report_and_an_export_of_one_scope_are_titled_alike() -> None:
    from app.exports.scope import ExportScope

    for report, export in [
        (ReportScope(tag="Region/Iran"), ExportScope(tag="region/iran")),
        (ReportScope(query="radar"), ExportScope(query="radar")),
        (ReportScope(saved="Slow"), ExportScope(saved="Slow")),
        (ReportScope(), ExportScope()),
    ]:
        assert report.describe() == export.describe()
    assert [ReportScope(tag="Region/Iran").describe(), ReportScope(query="radar").describe()] == [
        "Tag region/iran", "Search “radar”"]
    assert ExportScope(annotation_ids=(1, 2)).describe() == "2 selected highlights"
