"""The search panel's work off the GUI thread: plain data in, a ``SearchPage`` or ``SearchCounts`` out.

Reads only (searching never writes), so these run on the panel's own worker, not through ``Operations``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app import Library
from app.mentions import count_mentions, mention_query
from app.stories import FoldedResult, StoryCount, story_roots
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
    copies: dict[int, int] = field(default_factory=dict)  # the page's articles that are copies → their story's root


@dataclass
class SearchCounts:
    """The second answer to a query: how many hits it has in all, and its facets.

    In "Every mention" ``mentions`` and ``articles`` count only occurrences in the articles' text
    (``total`` stays the hits' count, which paging goes by)."""

    total: int
    articles: int  # how many articles those hits (or mentions) are in
    facets: Any | None
    mentions: int | None = None
    stories: StoryCount | None = None  # the distinct stories among those articles (before folding)
    folded_copies: int | None = None  # "One per story": articles folded into their story's first (else None)


def shown_query(library: Library, query: str, concordance: bool) -> str:
    """The query as the view runs it: "Every mention" narrows it to the articles' text."""
    return mention_query(library.index, query) if concordance else query


def search_page(
    library: Library,
    query: str,
    *,
    concordance: bool,
    sort: str,
    offset: int,
    limit: int,
    after: KwicRow | None,
    one_per_story: bool = False,
) -> SearchPage:
    """``limit`` hits of ``query`` from ``offset``, with their lines in context (continuing ``after``'s group);
    with ``one_per_story`` only each story's first-placed article keeps its hits (``app.stories``)."""
    shown = shown_query(library, query, concordance)
    if one_per_story:
        result: SearchResult = library.index.story_folds.search(
            shown, limit, sort=sort, offset=offset, mentions=concordance
        )
    else:
        result = library.index.search(shown, limit=limit, sort=sort, offset=offset)
    rows = concordance_rows(result.hits, lambda document_id: library.documents.get(document_id).text, after)
    total = result.total if result.total_known else None
    copies = story_roots(library.index, {hit.document_id for hit in result.hits})
    return SearchPage(result, offset, rows, total, full=len(result.hits) >= limit, copies=copies)


def search_counts(
    library: Library, query: str, concordance: bool, *, sort: str = "relevance", one_per_story: bool = False
) -> SearchCounts:
    """Every hit of the query as the view runs it counted (and in "Every mention" every mention), the
    distinct stories among their articles, with the facets of ``query`` itself (the whole result set, in
    both views). ``one_per_story``: counted as the folded pages list them (which article of a story is
    kept depends on ``sort``)."""
    facets = library.index.facets(query)
    if not concordance:
        stories = library.index.story_count(query)
        if not one_per_story:
            return SearchCounts(library.index.search(query, limit=0).total, stories.articles, facets, stories=stories)
        folded: FoldedResult = library.index.story_folds.search(query, 0, sort=sort)
        return SearchCounts(
            folded.total, folded.fold.articles_shown, facets, stories=stories, folded_copies=folded.fold.folded_articles
        )
    text_of = lambda document_id: library.documents.get(document_id).text  # noqa: E731
    counted = count_mentions(library.index, text_of, query, sort=sort, one_per_story=one_per_story)
    shown = shown_query(library, query, True)
    if one_per_story:
        total = library.index.story_folds.search(shown, 0, sort=sort, mentions=True).total
    else:
        total = library.index.search(shown, limit=0).total
    return SearchCounts(
        total,
        counted.articles,
        facets,
        mentions=counted.total,
        stories=StoryCount(counted.articles + counted.folded_copies, counted.stories, counted.copies),
        folded_copies=counted.folded_copies if one_per_story else None,
    )
