"""Mentions a page at a time (``app/mentions.py``, behind ``search --mentions``): every page equals the slice of
the full list of mentions, ``total`` counts mentions only, and no page asks the index for every hit.

The full list is every hit of the narrowed query with ``limit=None``, keeping the occurrences in an
article's text (``kind == "article"`` and ``end > start``); it holds the same mentions as the command
listed before it paged (from every hit of the query itself).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotations.models import DocumentMetadata
from app import Library
from app.mentions import SPAN_FIELDS, Mention, count_mentions, mention_page, mention_query, mentions_only
from index import search
from index.brute_force import brute_force_spans
from index.search import SORTS, QueryError

WriteFile = Callable[[str, str | bytes], Path]

ARTICLES = {
    # name: (front matter title, date, body)
    "many.md": (
        "Many mentions",
        "2024-01-01",
        "Grid resilience first. Then grid-resilience, and GRID\nRESILIENCE. "
        "Resilient grids are another form. Grid resilience ends it.",
    ),  # fmt: skip
    "title-only.md": ("Grid resilience in the title only", "2026-01-01", "Nothing about the subject in the text."),
    "once.md": ("Once", "2025-06-01", "Only one: grid resilience."),
    "twice.md": ("Twice", "", "Grid resilience and resilience of the grid; grid resilience again."),
    "title-too.md": ("Grid resilience, a second title", "2023-01-01", "Power lines and grid talk, no phrase."),
    "noted.md": ("Noted", "2022-01-01", "Transformers and substations."),  # gets a note with the phrase
    "unrelated.md": ("Unrelated", "2025-01-01", "Ports and shipping."),
}
QUERIES = [
    '"grid resilience"',
    "resilience",
    "grid",
    "grid resilience",
    'grid OR "power lines"',
    "grid -power",
    "+grid power",
    "ports OR substations",  # no article matched outside its text: hit n is mention n
]


def markdown(title: str, date: str, body: str) -> str:
    return f"---\ntitle: {title}\n" + (f"date: {date}\n" if date else "") + f"---\n\n{body}\n"


@pytest.fixture
def library_with_mentions(library: Library, write_file: WriteFile) -> Library:
    ids = {}
    for name, (title, date, body) in ARTICLES.items():
        outcome = library.documents.import_file(write_file(name, markdown(title, date, body))).value
        assert outcome.document is not None
        ids[name] = outcome.document.id
    library.documents.update_metadata(ids["noted.md"], DocumentMetadata(note="Ask about grid resilience."))
    library.annotations.add_quote(ids["many.md"], "Grid resilience", every=True, tags=["grid"], note="grid resilience")
    library.annotations.add_quote(ids["once.md"], "Only one", note="see grid resilience")  # matches by its note
    library.index.flush()
    return library


def all_mentions(library: Library, query: str, sort: str) -> list[tuple[int, str, int, int]]:
    """Every mention in page order, from every hit of the narrowed query (what the pages slice)."""
    hits = library.index.search(mention_query(library.index, query, sort), limit=None, sort=sort).hits
    return [(h.document_id, h.title, h.start, h.end) for h in hits if h.kind == "article" and h.end > h.start]


def old_mentions(library: Library, query: str, sort: str) -> list[tuple[int, str, int, int]]:
    """What ``search --mentions`` listed before it paged: filtered from every hit of the query itself. The
    same mentions; the order may differ where the sort ties (e.g. two undated articles by date), since a
    highlight's hit then placed its article."""
    hits = library.index.search(query, limit=None, sort=sort).hits
    return [(h.document_id, h.title, h.start, h.end) for h in hits if h.kind == "article" and h.end > h.start]


def rows(mentions: list[Mention]) -> list[tuple[int, str, int, int]]:
    return [(m.document_id, m.title, m.start, m.end) for m in mentions]


def page(library: Library, query: str, **options: Any) -> Any:
    return mention_page(library.index, lambda document_id: library.documents.get(document_id).text, query, **options)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("sort", SORTS)
def test_every_page_is_a_slice_of_all_mentions_and_total_counts_them(
    library_with_mentions: Library, query: str, sort: str
) -> None:
    library = library_with_mentions
    everything = all_mentions(library, query, sort)
    assert everything and sorted(everything) == sorted(old_mentions(library, query, sort))
    for limit, offset in itertools.product((0, 1, 2, 3, 50), (0, 1, 2, 4, 7, len(everything), 100)):
        found = page(library, query, limit=limit, offset=offset, sort=sort)
        assert rows(found.mentions) == everything[offset : offset + limit], (limit, offset)
        assert found.total == len(everything), (limit, offset)
        assert found.query == query


def test_mentions_are_the_text_occurrences_and_nothing_else(library_with_mentions: Library) -> None:
    library = library_with_mentions
    found = page(library, '"grid resilience"', limit=100)
    texts = {summary.id: library.documents.get(summary.id).text for summary in library.documents.summaries()}
    expected = {
        (document_id, *span)
        for document_id, text in texts.items()
        for span in brute_force_spans(text, "grid resilience")
    }
    assert {(m.document_id, m.start, m.end) for m in found.mentions} == expected
    assert found.total == len(expected) == 7  # not the highlights, not the articles matched by title or note
    plain = library.index.search('"grid resilience"', limit=100)
    assert plain.total > found.total  # the plain search also counts highlights and title/note matches
    for mention in found.mentions:
        text = texts[mention.document_id]
        assert mention.match == text[mention.start : mention.end]
        assert mention.title == library.documents.get(mention.document_id).title
        assert " ".join(mention.match.split()) in mention.context and "<mark>" not in mention.context
        assert set(mention.to_json()) == {"document_id", "title", "start", "end", "match", "context"}
    assert set(found.to_json()) == {"query", "total", "mentions"}


def test_a_page_never_asks_for_every_hit(library_with_mentions: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    library = library_with_mentions
    asked: list[tuple[str, int | None, int]] = []
    search = library.index.search

    def recording(query: str, limit: int | None = 200, **options: Any) -> Any:
        asked.append((query, limit, options.get("offset", 0)))
        return search(query, limit, **options)

    monkeypatch.setattr(library.index, "search", recording)
    first = page(library, '"grid resilience"', limit=2)
    assert first.total == 7
    later = page(library, '"grid resilience"', limit=2, offset=4)
    assert later.total == 7
    assert asked and all(limit is not None for _, limit, _ in asked)
    assert all(limit <= 2 + 4 + 2 for _, limit, _ in asked)  # the page, at most the hits before it and the page
    assert {query for query, _, _ in asked} == {'"grid resilience"', mentions_only('"grid resilience"')}


def test_only_annotations_or_only_titles_give_no_mentions(library_with_mentions: Library) -> None:
    library = library_with_mentions
    for query in ("kind:annotation grid", "title:resilience", "tag:grid"):
        found = page(library, query, limit=10)
        assert (found.mentions, found.total) == ([], 0), query


def test_refusals_are_query_errors_in_the_searchs_words(library_with_mentions: Library) -> None:
    library = library_with_mentions
    for query, message in (("", "Type something"), ('"grid', "quotation mark"), ("grid)", "parentheses")):
        with pytest.raises(QueryError, match=message):
            page(library, query)
    with pytest.raises(QueryError, match="too long to list its mentions"):
        page(library, "grid " * 198)  # 989 characters: a search may have 1,000, its narrowed form not
    with pytest.raises(QueryError, match="negative"):
        page(library, "grid", offset=-1)
    assert mentions_only("  grid OR ports ") == "(grid OR ports) kind:article"


def test_the_narrowed_query_keeps_plus_and_minus_readable(library_with_mentions: Library) -> None:
    """Whoosh reads +word and -word only at the top level: "(grid -power) kind:article" fails to parse."""
    index = library_with_mentions.index
    assert mention_query(index, " grid OR ports ") == "(grid OR ports) kind:article"
    assert mention_query(index, "grid -power") == "grid -power -kind:annotation"
    assert mention_query(index, "+grid power") == "+grid power -kind:annotation"
    found = page(library_with_mentions, "title:resilience -resilience", limit=10)
    assert (found.mentions, found.total) == ([], 0)


def test_the_span_fields_are_the_searchs() -> None:
    """app.mentions finds whether an article has an occurrence as the search finds its hits' spans."""
    assert SPAN_FIELDS == search._CONTENT_FIELDS


@pytest.mark.parametrize("query", QUERIES)
def test_count_mentions_equals_the_full_list_and_its_articles(library_with_mentions: Library, query: str) -> None:
    """What "Every mention" says above its lines: the mentions, and only the articles that have some."""
    library = library_with_mentions
    everything = all_mentions(library, query, "relevance")
    counted = count_mentions(library.index, lambda document_id: library.documents.get(document_id).text, query)
    assert (counted.total, counted.articles) == (len(everything), len({row[0] for row in everything}))
