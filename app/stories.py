"""Syndicated copies in search results: how many distinct stories the articles hit tell, and "One per story".

A *story* is an article and its copies (``documents.copy_of``, see ``annotations.store_copies``); it is
named by its root article's id. The same wire story saved from five outlets is five articles but one
story, so a count of articles overstates how many independent sources say something.

Folding (``StoryFolds.search``) keeps, for each story, the hits of the article placed first in the result
order and drops the hits of the story's other articles; totals then count what is shown. It is cheap when
it has nothing to do: the articles hit come from the facets (with the total counted, no second pass) and
their stories from one SQL read, and when no two of them share a story the search runs as usual. When
some do, the page is found by walking the hits in order (only as far as the page needs: the searcher keeps
its place between pages), and the total walks on until the first-placed article of every story that has
copies among the hits is known.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.search import Hit, SearchResult

if TYPE_CHECKING:
    from app.search_index import SearchIndex

_FIRST_BATCH = 200  # hits asked for by the first step of a walk
_LARGEST_BATCH = 1000  # a step's hits are located well within one page's time budget (3 s)


@dataclass(frozen=True)
class StoryCount:
    """How many articles the hits are in, how many distinct stories those tell, and how many are copies."""

    articles: int
    stories: int
    copies: int = 0  # articles hit that are a copy of another article (whether or not it is hit too)

    def to_json(self) -> dict[str, object]:
        return {"articles": self.articles, "stories": self.stories}


def count_stories(story_of: dict[int, int]) -> StoryCount:
    """The count for articles mapped to their story (``SearchIndex.stories``)."""
    copies = sum(1 for document_id, story in story_of.items() if story != document_id)
    return StoryCount(len(story_of), len(set(story_of.values())), copies)


def stories_text(count: StoryCount) -> str:
    """The words after an article count, " (7 distinct stories)", when a copy is among them; else nothing."""
    if not count.copies:
        return ""
    return f" ({count.stories:,} distinct stor{'y' if count.stories == 1 else 'ies'})"


class StoryFold:
    """One query's hits in order, walked as far as needed, with each story's first-placed article.

    ``hits_per_article``: each article the query hits, with how many of its hits count (every hit, or in
    "Every mention" its mentions); ``counts(hit)`` says whether a hit counts (others are never shown);
    ``order()``, the articles in the order of their first hit, places every story at once for the total
    (ranking the matches without locating a hit), instead of walking the hits to the last story."""

    def __init__(
        self,
        index: SearchIndex,
        query: str,
        sort: str,
        hits_per_article: dict[int, int],
        counts: Callable[[Hit], bool],
        total: Callable[[], int],
        order: Callable[[], list[int]] | None = None,
    ) -> None:
        self._index = index
        self._query = query
        self._sort = sort
        self._counts = counts
        self._total = total
        self._order = order
        self._lock = threading.Lock()  # a page and the count may be asked for from different threads
        self._hits_per_article = hits_per_article
        self.story_of = index.stories(hits_per_article)
        members: dict[int, list[int]] = defaultdict(list)
        for document_id, story in self.story_of.items():
            members[story].append(document_id)
        self._shared = {story: ids for story, ids in members.items() if len(ids) > 1}
        self._unplaced = set(self._shared)  # stories shared by articles hit whose first article is not yet seen
        self._first: dict[int, int] = {}  # story → its article placed first
        self._kept: list[Hit] = []  # the counted hits of first-placed articles, in order, walked so far
        self._position = 0  # hits walked so far
        self._exhausted = False
        self.stories = count_stories(self.story_of)
        self.folded_articles = sum(len(ids) - 1 for ids in self._shared.values())

    @property
    def folds_anything(self) -> bool:
        """Whether two articles hit share a story (else the result is the search's own)."""
        return bool(self._shared)

    @property
    def walked(self) -> int:
        """How many hits were walked so far (located by the search, in order)."""
        return self._position

    @property
    def articles_shown(self) -> int:
        return self.stories.articles - self.folded_articles

    def page(self, offset: int, limit: int | None) -> list[Hit]:
        """The kept hits ``offset`` to ``offset + limit`` (every one after ``offset`` when ``limit`` is None)."""
        with self._lock:
            while not self._exhausted and (limit is None or len(self._kept) < offset + limit):
                self._step(None if limit is None else offset + limit - len(self._kept))
            return self._kept[offset:] if limit is None else self._kept[offset : offset + limit]

    def folded_hits(self) -> int:
        """How many counted hits the folded articles had (walks until every shared story is placed)."""
        with self._lock:
            if self._unplaced and self._order is not None:
                self._place(self._order())
            while self._unplaced and not self._exhausted:
                self._step(None)
            return sum(
                self._hits_per_article.get(document_id, 0)
                for story, ids in self._shared.items()
                for document_id in ids
                if document_id != self._first.get(story)
            )

    def total(self) -> int:
        """The counted hits left after folding."""
        with self._lock:
            if self._exhausted:  # every hit walked: the kept ones are all there are
                return len(self._kept)
        return self._total() - self.folded_hits()

    def total_known(self) -> bool:
        """Whether ``total()`` is known without counting (every hit was walked)."""
        return self._exhausted

    def _place(self, order: list[int]) -> None:
        """Each story's first article from the articles in result order (as the walk would find them)."""
        for document_id in order:
            if document_id in self._hits_per_article:  # an article with counted hits
                self._first.setdefault(self.story_of.get(document_id, document_id), document_id)
        self._unplaced.difference_update(self._first)

    def _step(self, wanted: int | None) -> None:
        size = min(_LARGEST_BATCH, max(_FIRST_BATCH, 2 * self._position, wanted or 0))
        batch = self._index.search(self._query, limit=size, sort=self._sort, offset=self._position).hits
        self._position += len(batch)
        if len(batch) < size:
            self._exhausted = True
        for hit in batch:
            if not self._counts(hit):
                continue
            story = self.story_of.get(hit.document_id, hit.document_id)  # not counted before: its own story
            first = self._first.setdefault(story, hit.document_id)
            self._unplaced.discard(story)
            if first == hit.document_id:
                self._kept.append(hit)


class FoldedResult(SearchResult):
    """A page of hits with each story's copies folded into its first-placed article (``total`` counts what
    is left); ``fold`` says how many stories, articles and hits there are and how many were folded away."""

    def __init__(self, query: str, total: int | Callable[[], int], hits: list[Hit], fold: StoryFold) -> None:
        super().__init__(query, total, hits)
        self.fold = fold

    def story_json(self) -> dict[str, object]:
        """What the JSON of a folded search adds: articles and stories shown, and what was folded away."""
        return {
            "articles": self.fold.articles_shown,
            "stories": self.fold.stories.stories,
            "folded_copies": self.fold.folded_articles,
            "folded_hits": self.fold.folded_hits(),
        }


class StoryFolds:
    """Folded searches; the last fold is kept, so the next page (and the count) goes on from where it stopped."""

    def __init__(self, index: SearchIndex, textless: Callable[[str], frozenset[int]]) -> None:
        """``textless(narrowed)``: the articles a query narrowed to articles hits with no occurrence in
        their text (``app.mentions``); they have no mentions, so no say in "Every mention"'s stories."""
        self._index = index
        self._textless = textless
        self._lock = threading.Lock()
        self._kept: tuple[tuple[str, str, bool, int], StoryFold] | None = None

    def search(
        self, query: str, limit: int | None = 200, *, sort: str = "relevance", offset: int = 0, mentions: bool = False
    ) -> FoldedResult:
        """``SearchIndex.search`` with each story's copies folded away; ``total`` counts the hits as the pages
        list them. ``mentions``: ``query`` is already narrowed to articles (``app.mentions.mention_query``),
        and when anything folds only mentions are kept (an article matched by its title alone has no
        place in "Every mention", nor a say in which article of a story comes first)."""
        fold = self.fold(query, sort, mentions=mentions)
        if not fold.folds_anything:  # the search's own result, at its own cost
            result = self._index.search(query, limit, sort=sort, offset=offset)
            return FoldedResult(query, result.total if result.total_known else lambda: result.total, result.hits, fold)
        hits = fold.page(offset, limit)
        return FoldedResult(query, fold.total() if fold.total_known() else fold.total, hits, fold)

    def forget(self) -> None:
        """Drop the kept fold: the next search folds from the start (a benchmark's cold run)."""
        with self._lock:
            self._kept = None

    def fold(self, query: str, sort: str = "relevance", *, mentions: bool = False) -> StoryFold:
        """The fold of ``query`` in ``sort`` order: the one kept when it is the same query on the same index."""
        key = (query.strip(), sort, mentions, self._index.keeper.generation)
        with self._lock:
            if self._kept is not None and self._kept[0] == key:
                return self._kept[1]
        hits_per_article = {document_id: hits for document_id, _title, hits in self._index.facets(query).articles}
        counts, total = _every_hit, lambda: self._index.search(query, limit=0).total
        if mentions:
            textless = self._textless(query)
            for document_id in textless:
                hits_per_article.pop(document_id, None)
            counts, total = is_text_hit, lambda: self._index.search(query, limit=0).total - len(textless)
        order = lambda: self._index.document_order(query, sort)  # noqa: E731
        fold = StoryFold(self._index, query, sort, hits_per_article, counts, total, order)
        with self._lock:
            self._kept = (key, fold)
        return fold


def is_text_hit(hit: Hit) -> bool:
    """An occurrence in an article's text: a mention (``app.mentions.is_mention``; not imported from there,
    which imports this module)."""
    return hit.kind == "article" and hit.end > hit.start


def _every_hit(_hit: Hit) -> bool:
    return True


def story_roots(index: SearchIndex, document_ids: Iterable[int]) -> dict[int, int]:
    """The articles among ``document_ids`` that are copies, each with its story's root (for "copy of #12")."""
    return {document_id: story for document_id, story in index.stories(document_ids).items() if story != document_id}
