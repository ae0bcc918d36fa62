"""The search panel's work off the GUI thread: plain data in, a ``SearchPage`` or ``SearchCounts`` out.

Reads only (searching never writes), so these run on the panel's own worker, not through ``Operations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import Library
from app.mentions import count_mentions, mention_query
from index.search import SearchResult
from ui.search.concordance import KwicRow, concordance_rows


@dataclass
class SearchPage:
    """One page of hits, its concordance rows and (first page) the total when known without counting."""

    result: SearchResult
    offset: int
    rows: list[KwicRow]
    total: int | None = None  # every hit, when known without counting (a short result)
    full: bool = True  # as many hits as asked for: there may be more


@dataclass
class SearchCounts:
    """The second answer to a query: how many hits it has in all, and its facets.

    In "Every mention" ``mentions`` and ``articles`` count only occurrences in the articles' text
    (``total`` stays the hits' count, which paging goes by)."""

    total: int
    articles: int  # how many articles those hits (or mentions) are in
    facets: Any | None
    mentions: int | None = None


def shown_query(library: Library, query: str, concordance: bool) -> str:
    """The query as the view runs it: "Every mention" narrows it to the articles' text."""
    return mention_query(library.index, query) if concordance else query


def search_page(
    library: Library, query: str, *, concordance: bool, sort: str, offset: int, limit: int, after: KwicRow | None
) -> SearchPage:
    """``limit`` hits of ``query`` from ``offset``, with their lines in context (continuing ``after``'s group)."""
    result = library.index.search(shown_query(library, query, concordance), limit=limit, sort=sort, offset=offset)
    rows = concordance_rows(result.hits, lambda document_id: library.documents.get(document_id).text, after)
    total = result.total if result.total_known else None
    return SearchPage(result, offset, rows, total, full=len(result.hits) >= limit)


def search_counts(library: Library, query: str, concordance: bool) -> SearchCounts:
    """Every hit of the query as the view runs it counted (and in "Every mention" every mention), with
    the facets of ``query`` itself (the whole result set, in both views)."""
    facets = library.index.facets(query)
    if not concordance:
        return SearchCounts(library.index.search(query, limit=0).total, len(facets.articles), facets)
    text_of = lambda document_id: library.documents.get(document_id).text  # noqa: E731
    counted = count_mentions(library.index, text_of, query)
    total = library.index.search(shown_query(library, query, True), limit=0).total
    return SearchCounts(total, counted.articles, facets, mentions=counted.total)
