"""Sorting, paging, facets, auto-coding ("Highlight All") and the rebuilding message, on a real library."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotations.models import Document
from app import Library
from app.autocode import plan_autocode
from index.search import Hit, IndexUnavailable, QueryError

WriteFile = Callable[[str, str | bytes], Path]
QUERY = '"air defense"'


def article(title: str, date: str, body: str) -> str:
    dated = f"date: {date}\n" if date else ""
    return f"---\ntitle: {title}\n{dated}---\n\n{body}\n"


# Hand-counted: "air defense" occurs 2 times in beta, 1 in alpha, 3 in gamma, 1 in delta (7 in the text).
ARTICLES = {
    "beta.md": article(
        "Beta report",
        "2024-05-01",
        "Air defense matters. Radars are cheap. Later the air-defense budget grew.",
    ),
    "alpha.md": article("alpha notes", "2026-01-10", "Some notes. Training for AIR DEFENSE crews is slow."),
    "gamma.md": article(
        "Gamma",
        "",
        "Air defense one. A radar here. Air defense two.\n\nAnd air defense three.",
    ),
    "delta.md": article("Delta", "2024-11-02", "Delta mentions air defense once."),
}


def occurrences(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in re.finditer(r"\bair\W+defense\b", text, re.IGNORECASE)]


@dataclass
class Fixture:
    library: Library
    beta: Document
    alpha: Document
    gamma: Document
    delta: Document


@pytest.fixture
def small(library: Library, write_file: WriteFile) -> Fixture:
    outcomes = library.documents.import_paths([write_file(name, content) for name, content in ARTICLES.items()]).value
    beta, alpha, gamma, delta = (outcome.document for outcome in outcomes)
    assert beta and alpha and gamma and delta
    assert [len(occurrences(document.text)) for document in (beta, alpha, gamma, delta)] == [2, 1, 3, 1]
    first = occurrences(beta.text)[0]
    library.annotations.add(beta.id, *first, tags=["air-defense", "region/iran"], color="green")
    library.annotations.add(gamma.id, *occurrences(gamma.text)[0], tags=["air-defense"], color="yellow")
    radar = gamma.text.index("radar")
    library.annotations.add(gamma.id, radar, radar + 5, tags=["radars"], color="pink")  # does not match the query
    sentence = alpha.text.index("Training")
    library.annotations.add(alpha.id, sentence, alpha.text.index("slow.") + 5, tags=["region/iran"], color="green")
    library.annotations.add(delta.id, *occurrences(delta.text)[0], tags=["air-defense"], color="blue")
    library.index.flush()
    return Fixture(library, beta, alpha, gamma, delta)


def documents_in_order(hits: list[Hit]) -> list[int]:
    order: list[int] = []
    for hit in hits:
        if not order or order[-1] != hit.document_id:
            order.append(hit.document_id)
    return order


def assert_text_order_within_articles(hits: list[Hit]) -> None:
    for document_id in {hit.document_id for hit in hits}:
        starts = [hit.start for hit in hits if hit.document_id == document_id and hit.kind == "article"]
        assert starts == sorted(starts)


# -- sorting and paging ------------------------------------------------------------------------------
def test_hand_counted_total(small: Fixture) -> None:
    result = small.library.index.search(QUERY, limit=None)
    assert result.total == 11  # 7 occurrences + 4 highlights whose quote holds the phrase
    assert sum(hit.kind == "article" for hit in result.hits) == 7


def test_sort_by_date_puts_newest_first_and_undated_last(small: Fixture) -> None:
    result = small.library.index.search(QUERY, limit=None, sort="date")
    assert result.total == 11 and len(result.hits) == 11
    assert documents_in_order(result.hits) == [small.alpha.id, small.delta.id, small.beta.id, small.gamma.id]
    assert_text_order_within_articles(result.hits)


def test_sort_by_title_is_a_to_z_ignoring_case(small: Fixture) -> None:
    result = small.library.index.search(QUERY, limit=None, sort="title")
    assert documents_in_order(result.hits) == [small.alpha.id, small.beta.id, small.delta.id, small.gamma.id]
    assert_text_order_within_articles(result.hits)


def test_relevance_is_the_default_and_keeps_its_order(small: Fixture) -> None:
    default = small.library.index.search(QUERY, limit=None)
    assert small.library.index.search(QUERY, limit=None, sort="relevance").hits == default.hits
    assert sorted(small.library.index.search(QUERY, limit=None, sort="date").hits, key=repr) == sorted(default.hits, key=repr)


@pytest.mark.parametrize("sort", ["relevance", "date", "title"])
def test_offset_pages_through_the_hits_with_the_total_unchanged(small: Fixture, sort: str) -> None:
    everything = small.library.index.search(QUERY, limit=None, sort=sort).hits
    pages = [small.library.index.search(QUERY, limit=4, sort=sort, offset=offset) for offset in (0, 4, 8, 12)]
    assert [page.total for page in pages] == [11, 11, 11, 11]
    assert [len(page.hits) for page in pages] == [4, 4, 3, 0]
    assert [hit for page in pages for hit in page.hits] == everything
    assert small.library.index.search(QUERY, limit=None, sort=sort, offset=9).hits == everything[9:]


def test_a_bad_sort_or_offset_is_a_query_error(small: Fixture) -> None:
    with pytest.raises(QueryError, match="sort"):
        small.library.index.search(QUERY, sort="popularity")
    with pytest.raises(QueryError, match="offset"):
        small.library.index.search(QUERY, offset=-1)


# -- facets ------------------------------------------------------------------------------------------
def test_facets_match_the_hand_count(small: Fixture) -> None:
    facets = small.library.index.facets(QUERY)
    assert facets.tags == [("air-defense", 3), ("region/iran", 2)]
    assert facets.colors == [("green", 2), ("blue", 1), ("yellow", 1)]
    assert facets.articles == [
        (small.gamma.id, "Gamma", 4),
        (small.beta.id, "Beta report", 3),
        (small.alpha.id, "alpha notes", 2),  # ties by title
        (small.delta.id, "Delta", 2),
    ]
    assert facets.years == [(2024, 5), (2026, 2)]  # Gamma is undated
    assert facets.to_json()["years"] == [{"year": 2024, "hits": 5}, {"year": 2026, "hits": 2}]
    assert facets.to_json()["articles"][0] == {"document_id": small.gamma.id, "title": "Gamma", "hits": 4}


def test_facets_count_every_hit_not_a_page(small: Fixture) -> None:
    assert small.library.index.search(QUERY, limit=2).total == 11
    assert sum(count for _, _, count in small.library.index.facets(QUERY).articles) == 11


def test_facets_of_a_tag_query(small: Fixture) -> None:
    facets = small.library.index.facets("tag:region")
    assert facets.tags == [("region/iran", 2), ("air-defense", 1)]
    assert facets.colors == [("green", 2)]
    assert facets.years == [(2026, 1), (2024, 1)]  # a tie: newest first


# -- auto-coding -------------------------------------------------------------------------------------
def test_autocode_highlights_every_uncoded_occurrence_as_one_undo_step(small: Fixture) -> None:
    library = small.library
    # A whole sentence already tagged air-defense codes the phrase inside it (an overlap, not the same span).
    second = occurrences(small.beta.text)[1]
    sentence_start = small.beta.text.index("Later")
    sentence = library.annotations.add(small.beta.id, sentence_start, second[1] + 8, tags=["Air-Defense"]).value
    before = {document.id: library.annotations.for_document(document.id) for document in (small.beta, small.alpha, small.gamma)}

    report = library.annotations.autocode(QUERY, tags=["air-defense"], color="orange").value

    # beta: both coded (same span; overlapping sentence); alpha: its highlight lacks the tag; gamma: 2 of 3;
    # delta: coded.
    expected = {(small.alpha.id, *occurrences(small.alpha.text)[0])}
    expected |= {(small.gamma.id, *span) for span in occurrences(small.gamma.text)[1:]}
    assert (report.created, report.skipped, report.documents) == (3, 4, 2)
    made = [library.annotations.get(annotation_id) for annotation_id in report.annotation_ids]
    assert {(annotation.document_id, annotation.start, annotation.end) for annotation in made} == expected
    for annotation in made:
        assert annotation.tags == ("air-defense",) and annotation.color == "orange"
        assert annotation.style == "highlight"
        assert re.fullmatch(r"air\W+defense", annotation.exact, re.IGNORECASE)
    assert report.to_json() == {"created": 3, "skipped": 4, "documents": 2}
    library.index.flush()

    again = library.annotations.autocode(QUERY, tags=["air-defense"]).value
    assert (again.created, again.skipped, again.documents, again.annotation_ids) == (0, 7, 0, ())

    assert library.history.undo_label == "Highlight All"
    library.history.undo()  # ONE undo removes every highlight of the first run
    assert all(library.store.find_annotation(annotation_id) is None for annotation_id in report.annotation_ids)
    assert {document_id: library.annotations.for_document(document_id) for document_id in before} == before
    assert library.store.find_annotation(sentence.id) is not None
    assert library.history.undo_label != "Highlight All"

    library.history.redo()
    assert [library.annotations.get(annotation_id) for annotation_id in report.annotation_ids] == made
    library.index.flush()
    assert library.annotations.autocode(QUERY, tags=["air-defense"]).value.created == 0


def test_autocode_with_other_tags_codes_every_occurrence(small: Fixture) -> None:
    report = small.library.annotations.autocode(QUERY, tags=["air-defense", "priority"], style="underline").value
    # Only highlights carrying both tags would skip an occurrence; none do.
    assert (report.created, report.skipped, report.documents) == (7, 0, 4)
    assert all(small.library.annotations.get(i).style == "underline" for i in report.annotation_ids)


def test_autocode_skips_highlights_and_title_only_matches(small: Fixture) -> None:
    assert small.library.annotations.autocode("tag:air-defense", tags=["x"]).value.created == 0  # only highlight hits
    assert small.library.annotations.autocode("title:gamma", tags=["x"]).value.created == 0  # a title match has no span


def test_autocode_rejects_an_unknown_colour_before_writing(small: Fixture) -> None:
    count = len(small.library.store.annotation_ids())
    with pytest.raises(Exception, match="colour"):
        small.library.annotations.autocode(QUERY, tags=["x"], color="purple")
    assert len(small.library.store.annotation_ids()) == count


def test_plan_ignores_orphans_and_child_tags() -> None:
    from annotations.models import Annotation

    def highlight(start: int, end: int, tags: tuple[str, ...], orphaned: bool = False) -> Annotation:
        return Annotation(1, "u", 7, start, end, "", "", "", "yellow", "", "", "", tags, orphaned=orphaned)

    hits = [Hit("article", 7, "T", start, start + 5, "") for start in (0, 10, 20, 30)]
    existing = [
        highlight(0, 5, ("air-defense/radars",)),  # a child tag does not code the parent
        highlight(10, 15, ("air-defense",), orphaned=True),  # stale offsets
        highlight(22, 40, ("air-defense", "other")),  # overlaps 20-25 and 30-35
    ]
    plan = plan_autocode(hits, ["Air Defense"], lambda _: existing)  # normalised like any tag
    assert plan.spans == {7: [(0, 5), (10, 15)]} and plan.skipped == 2


# -- rebuilding --------------------------------------------------------------------------------------
def test_a_search_while_the_index_rebuilds_says_how_far_it_is(
    data_dir: Path, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(data_dir, background=True)
    release = threading.Event()
    try:
        library.documents.import_paths([write_file(name, content) for name, content in ARTICLES.items()])
        assert library.index.flush()
        assert library.index.search(QUERY).total == 7
        put_document = library.index.keeper._put_document
        calls: list[int] = []
        blocked = threading.Event()

        def slow_put(writer: object, document_id: int, existing: object = None) -> None:
            put_document(writer, document_id, existing)  # type: ignore[arg-type]
            calls.append(document_id)
            if existing is None and len(calls) == 2:  # a rebuild (no old entries to find): half of the 4 articles are in
                blocked.set()
                release.wait(20)

        monkeypatch.setattr(library.index.keeper, "_put_document", slow_put)
        library.index.keeper.mark_damaged("test", look_again=False)  # no index answers until the rebuild is done
        assert blocked.wait(20)
        assert library.index.rebuild_progress == pytest.approx(0.25)  # set after the call returns
        with pytest.raises(IndexUnavailable, match=r"rebuilding \(25 %\)"):
            library.index.search(QUERY, fresh_within=0)
        with pytest.raises(IndexUnavailable, match="rebuilding"):
            library.index.facets(QUERY, fresh_within=0)
        release.set()
        assert library.index.flush()
        assert library.index.rebuild_progress is None
        assert library.index.search(QUERY).total == 7
    finally:
        release.set()
        library.close()


def test_without_a_writer_thread_a_search_rebuilds_then_answers(small: Fixture) -> None:
    small.library.index.keeper.mark_damaged("test", look_again=False)
    with pytest.raises(IndexUnavailable, match=r"rebuilding \(0 %\)"):
        small.library.index.searcher.search(QUERY)
    assert small.library.index.search(QUERY, limit=None).total == 11


def test_rebuild_index_starts_from_scratch(small: Fixture) -> None:
    before = small.library.index.search(QUERY, limit=None).hits
    rebuilt = small.library.index.rebuild()
    assert (rebuilt.documents, rebuilt.highlights) == (4, 5) and rebuilt.seconds >= 0
    assert small.library.index.search(QUERY, limit=None).hits == before


def test_an_empty_library_counts_nothing_instead_of_failing(tmp_path: Path) -> None:
    """Every mention in a new, empty library once said "Search failed: 'NoneType' object has no attribute
    'segment_id'": the empty index's reader has no segment."""
    library = Library(tmp_path / "empty", background=False)
    try:
        library.index.flush()
        assert library.index.facets("radar").articles == []
        assert library.index.story_count("radar").stories == 0
        assert library.index.search("radar").total == 0
    finally:
        library.close()
