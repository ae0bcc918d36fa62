"""Every mention of a query, a page at a time: each occurrence of its words in an article's text.

What a mention is: an article hit with a span (``end > start``), i.e. the query's words or phrase found
in an article's text. A highlight that matches is not a mention (it repeats an occurrence), nor is an
article matched only by its title, author, source or note (the search gives it one hit at its top,
0–0: it has no place in the text). ``total`` counts exactly the mentions, over every page.

How a page is found without locating every mention first: the query is narrowed to articles
(``mention_query``: ``kind:article`` is a filter, so the ranking is the search's own), and the
searcher locates only the hits of the entries its page needs. Hit *n* of the narrowed query is then
mention *n*, unless an article matched without any occurrence in its text. Those articles are found
from the per-article counts (``facets``, the same pass that counts the total, so it costs nothing
more) — an article counted once is looked at to see whether that one is a real occurrence — and only
when there are some does a page walk the hits before it to skip them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from annotations.errors import NotFound
from app.stories import StoryFold, count_stories
from index.search import MAX_QUERY_CHARS, CountedPage, Hit, QueryError, plain_context

if TYPE_CHECKING:
    from app.search_index import SearchIndex

_FILTERED = "({}) kind:article"
_EXCLUDED = "{} -kind:annotation"  # entries are articles or highlights: the same entries
_LONGEST_NARROWING = max(len(_FILTERED), len(_EXCLUDED)) - 2
# The fields whose words an article hit's spans are found for (index.search's _CONTENT_FIELDS; a test
# keeps the two equal): a hit is textless exactly when find_spans over them finds nothing in its text.
SPAN_FIELDS = frozenset({"content", "stem", "quote"})


def mentions_only(query: str) -> str:
    """The query narrowed to articles' entries: a highlight's hit would repeat an occurrence."""
    return _FILTERED.format(query.strip())


def mention_query(index: SearchIndex, query: str, sort: str = "relevance") -> str:
    """``query`` narrowed to articles' entries, in a form the query language reads; raises QueryError
    for a malformed ``query``, in the words a search for it would use.

    ``mentions_only`` first (``kind:article`` runs as a filter and leaves the ranking alone); but
    Whoosh reads ``+word`` and ``-word`` only at a query's top level, so ``(sanctions -iran)
    kind:article`` cannot be read: then ``sanctions -iran -kind:annotation``."""
    index.search(query, limit=0, sort=sort)  # refused here as written, before it is narrowed
    stripped = query.strip()
    if len(stripped) + _LONGEST_NARROWING > MAX_QUERY_CHARS:
        room = MAX_QUERY_CHARS - _LONGEST_NARROWING
        raise QueryError(
            f"The query is too long to list its mentions ({len(stripped)} characters; the limit is {room})."
        )
    narrowed = mentions_only(stripped)
    try:
        index.search(narrowed, limit=0, sort=sort)  # parsed only: a page of none locates nothing
    except QueryError:
        narrowed = _EXCLUDED.format(stripped)
        index.search(narrowed, limit=0, sort=sort)
    return narrowed


@dataclass(frozen=True)
class Mention:
    """One occurrence in an article's text: ``text[start:end] == match``; ``context`` is plain text around it."""

    document_id: int
    title: str
    start: int
    end: int
    match: str
    context: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class MentionPage(CountedPage):
    """A page of mentions of ``query`` and ``total``, the number of mentions on every page together."""

    def __init__(
        self, query: str, mentions: list[Mention], total: int | Callable[[], int], fold: StoryFold | None = None
    ) -> None:
        super().__init__(total)
        self.query = query
        self.mentions = mentions
        self.fold = fold  # "One per story": the copies folded away (None when nothing was)
        self.counted: Callable[[], MentionCount] | None = None  # mention_page's: what count_mentions gives

    def counts(self) -> MentionCount:
        """Every mention counted, with its articles and stories (reusing what the page found)."""
        assert self.counted is not None, "a MentionPage from mention_page counts"
        return self.counted()

    def to_json(self) -> dict[str, object]:
        return {"query": self.query, "total": self.total, "mentions": [m.to_json() for m in self.mentions]}


def mention_page(
    index: SearchIndex,
    text_of: Callable[[int], str],
    query: str,
    *,
    limit: int = 50,
    offset: int = 0,
    sort: str = "relevance",
    one_per_story: bool = False,
) -> MentionPage:
    """Mentions ``offset`` to ``offset + limit`` of ``query`` in ``sort`` order (``SearchIndex.search``'s).

    ``text_of(document_id)`` gives an article's canonical text (for ``match`` and ``context``).
    ``one_per_story``: of each story's articles only the first placed keeps its mentions (``app.stories``).
    Raises QueryError for a malformed query, in the words the search uses for it."""
    if limit < 0 or offset < 0:
        raise QueryError("The limit and the offset cannot be negative.")
    narrowed = mention_query(index, query, sort)
    if one_per_story:
        textless = _TextlessArticles(index, narrowed, None)
        fold = index.story_folds.fold(narrowed, sort, mentions=True)
        if fold.folds_anything:
            found = _located(fold.page(offset, limit), text_of)
            page = MentionPage(query, found, fold.total() if fold.total_known() else fold.total, fold)
            page.counted = partial(_mention_count, index, narrowed, textless, sort, one_per_story)
            return page
    result = index.search(narrowed, limit=limit, sort=sort, offset=offset)
    # The search knows its total at once only when the page ran out: then it holds every hit after
    # ``offset`` (asked later, the total is known because it was counted).
    every_hit = result.hits if offset == 0 and result.total_known else None
    textless = _TextlessArticles(index, narrowed, every_hit)
    hits = result.hits
    if limit and (offset > 0 or any(not is_mention(hit) for hit in hits)) and textless.ids():
        hits = _walk(index, narrowed, sort, offset, limit)
    page = MentionPage(query, _located(hits, text_of), lambda: result.total - len(textless.ids()))
    page.counted = partial(_mention_count, index, narrowed, textless, sort, one_per_story)
    return page


def _located(hits: list[Hit], text_of: Callable[[int], str]) -> list[Mention]:
    """The mentions among ``hits``, each with its match and context from the article's text."""
    texts: dict[int, str] = {}
    mentions = []
    for hit in hits:
        if not is_mention(hit):  # only if the counts and the hits disagreed: never list one as a mention
            continue
        if hit.document_id not in texts:
            texts[hit.document_id] = text_of(hit.document_id)
        text = texts[hit.document_id]
        context = plain_context(text, hit.start, hit.end)
        mentions.append(Mention(hit.document_id, hit.title, hit.start, hit.end, text[hit.start : hit.end], context))
    return mentions


@dataclass(frozen=True)
class MentionCount:
    """How many mentions a query has, in how many articles and distinct stories (what "Every mention" says
    above its lines). With "One per story", the counts after folding and what was folded away."""

    total: int
    articles: int
    stories: int = 0
    copies: int = 0  # articles with mentions that are a copy of another article
    folded_copies: int = 0
    folded_mentions: int = 0

    def story_json(self, one_per_story: bool) -> dict[str, object]:
        """What ``search --mentions --json`` says beside ``total``."""
        folded = {"folded_copies": self.folded_copies, "folded_mentions": self.folded_mentions}
        return {"articles": self.articles, "stories": self.stories} | (folded if one_per_story else {})


def count_mentions(
    index: SearchIndex,
    text_of: Callable[[int], str],
    query: str,
    *,
    sort: str = "relevance",
    one_per_story: bool = False,
) -> MentionCount:
    """Every mention of ``query`` counted, with the articles and distinct stories they are in; raises
    QueryError like a search. ``one_per_story``: counted after folding each story's copies away (which
    article of a story keeps its mentions depends on ``sort``).

    An article matched only by its title, author, source or note is neither a mention nor an article
    with mentions (the narrowed search counts it as one hit)."""
    narrowed = mention_query(index, query)
    return _mention_count(index, narrowed, _TextlessArticles(index, narrowed, None), sort, one_per_story)


def _mention_count(
    index: SearchIndex, narrowed: str, found: _TextlessArticles, sort: str, one_per_story: bool
) -> MentionCount:
    """``count_mentions`` of the narrowed query, with what ``found`` already knows of its articles."""
    textless = found.ids()
    articles = [document_id for document_id, _title, _hits in found.articles() if document_id not in textless]
    stories = count_stories(index.stories(articles))
    if one_per_story:
        fold = index.story_folds.fold(narrowed, sort, mentions=True)
        if fold.folds_anything:
            return MentionCount(
                fold.total(),
                fold.articles_shown,
                stories.stories,
                stories.copies,
                fold.folded_articles,
                fold.folded_hits(),
            )
    total = index.search(narrowed, limit=0).total - len(textless)
    return MentionCount(total, len(articles), stories.stories, stories.copies)


def textless_articles(index: SearchIndex, narrowed: str) -> frozenset[int]:
    """The articles ``narrowed`` (a query narrowed by ``mention_query``) hits with no occurrence in their text."""
    return _TextlessArticles(index, narrowed, None).ids()


def is_mention(hit: Hit) -> bool:
    """An occurrence in an article's text (a highlight's hit repeats one; a title, author, source or note
    match has no place in the text)."""
    return hit.kind == "article" and hit.end > hit.start


class _TextlessArticles:
    """The articles that match the narrowed query with no occurrence in their text (each is one hit)."""

    def __init__(self, index: SearchIndex, narrowed: str, every_hit: list[Hit] | None) -> None:
        """``every_hit``: the narrowed query's hits when they are all known (else they are counted)."""
        self._index = index
        self._narrowed = narrowed
        self._every_hit = every_hit
        self._ids: frozenset[int] | None = None
        self._articles: list[tuple[int, str, int]] | None = None

    def articles(self) -> list[tuple[int, str, int]]:
        """Every article the narrowed query hits, with its title and hits (its facets, asked for once)."""
        if self._articles is None:
            self._articles = self._index.facets(self._narrowed).articles
        return self._articles

    def ids(self) -> frozenset[int]:
        if self._ids is None:
            if self._every_hit is not None:
                self._ids = frozenset(hit.document_id for hit in self._every_hit if not is_mention(hit))
            else:  # an article counted once has one occurrence in its text, or none
                ones = [document_id for document_id, _title, hits in self.articles() if hits == 1]
                parsed = self._index.searcher.parse(self._narrowed) if ones else None
                self._ids = frozenset(document_id for document_id in ones if not self._occurs_in(document_id, parsed))
        return self._ids

    def _occurs_in(self, document_id: int, parsed: Any) -> bool:
        """Whether the article's text holds an occurrence: ``SearchIndex.mentions_in``, with the query parsed
        once for every article (``parsed``, from ``LibrarySearcher.parse``) rather than once each."""
        try:
            return bool(self._index.searcher.spans_of(document_id, parsed))  # in the article's language
        except NotFound:  # deleted meanwhile: it gives no hit, so no mention either
            return False


def _walk(index: SearchIndex, narrowed: str, sort: str, offset: int, limit: int) -> list[Hit]:
    """The page's hits found by walking the hits before it, skipping textless ones (see the module's doc)."""
    page: list[Hit] = []
    seen = 0  # mentions passed so far
    position = 0  # hits passed so far
    while len(page) < limit:
        batch = index.search(narrowed, limit=max(limit, offset + limit - seen), sort=sort, offset=position).hits
        if not batch:
            break
        position += len(batch)
        for hit in batch:
            if not is_mention(hit):
                continue
            if seen >= offset and len(page) < limit:
                page.append(hit)
            seen += 1
    return page
