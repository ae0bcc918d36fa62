"""The search panel's work off the GUI thread: plain data in, a ``SearchPage`` or ``SearchCounts`` out.

Reads only (searching never writes), so these run on the panel's own worker, not through ``Operations``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import Library
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
    """The second answer to a query: how many hits it has in all, and its facets."""

    total: int
    articles: int  # how many articles those hits are in
    facets: Any | None


def mentions_only(query: str) -> str:
    """The query narrowed to the articles' text: a highlight's hit would repeat an occurrence."""
    return f"({query.strip()}) kind:article"


def search_page(
    library: Library, query: str, *, sort: str, offset: int, limit: int, after: KwicRow | None
) -> SearchPage:
    """``limit`` hits of ``query`` from ``offset``, with their lines in context (continuing ``after``'s group)."""
    result = library.index.search(query, limit=limit, sort=sort, offset=offset)
    rows = concordance_rows(result.hits, lambda document_id: library.documents.get(document_id).text, after)
    total = result.total if result.total_known else None
    return SearchPage(result, offset, rows, total, full=len(result.hits) >= limit)


def search_counts(library: Library, query: str, shown: str) -> SearchCounts:
    """Every hit of ``shown`` (the query as the view runs it) counted, with the facets of ``query``."""
    total = library.index.search(shown, limit=0).total
    shown_articles = len(library.index.facets(shown).articles) if shown != query else None  # counted already
    facets = library.index.facets(query)  # facets of the whole result set, in both views
    return SearchCounts(total, len(facets.articles) if shown_articles is None else shown_articles, facets)
