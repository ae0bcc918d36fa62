"""Searching the library: one query box for articles, highlights, notes, tags and titles.

Results are *mentions*: an article that contains a phrase three times gives three hits, each with the
character offsets of that occurrence in the article's canonical text, so the reader can select it.
"""

from __future__ import annotations

import functools
import re
import struct
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from whoosh import query as wq
from whoosh.collectors import FilterCollector
from whoosh.index import IndexError as WhooshIndexError
from whoosh.searching import Searcher

from annotations.errors import NotFound
from annotations.models import Annotation
from annotations.store import Store
from index.dates import parse_date
from index.facets import Facets, Tally, count_facets
from index.filter_docs import filter_docs
from index.keeper import IndexKeeper
from index.language.stemming import stem_terms
from index.mentions import count_mentions, find_spans, positive_leaves
from index.query_budget import (
    BULK_QUERY_SECONDS,
    COUNT_SECONDS,
    QUERY_SECONDS,
    DeadlineCollector,
    QueryTooBroad,
    check_deadline,
    query_budget,
)
from index.query_language import (
    STEM_FIELD,
    ExactTerm,
    apply_rules,
    make_parser,
    query_problem,
    split_filters,
    unreadable_date,
)
from index.results import (
    CountedPage,
    Hit,
    IndexRebuild,
    IndexUnavailable,
    QueryError,
    SearchResult,
    rebuilding_message,
)
from index.segment_readers import SegmentReaders
from index.segment_tallies import SegmentIdentity, SegmentTallies
from index.snippets import PLAIN_CONTEXT, SNIPPET_CONTEXT, make_snippet, plain_context

MAX_QUERY_CHARS = 1000
# "relevance": best articles first; "date": the article's published date, newest first, undated last;
# "title": the article's title A to Z. A document's hits stay together, each entry's in text order.
SORTS = ("relevance", "date", "title")
_CONTENT_FIELDS = frozenset({"content", "stem", "quote"})
T = TypeVar("T")
__all__ = [
    "PLAIN_CONTEXT",
    "SNIPPET_CONTEXT",
    "CountedPage",
    "Hit",
    "IndexRebuild",
    "IndexUnavailable",
    "LibrarySearcher",
    "QueryError",
    "SearchResult",
    "make_snippet",
    "plain_context",
    "rebuilding_message",
]


_INDEX_DAMAGE = (OSError, EOFError, struct.error, WhooshIndexError)


@dataclass(frozen=True)
class _Entry:
    """One matching index entry: an article or a highlight."""

    kind: str
    document_id: int
    annotation_id: int | None
    article_title: str
    docnum: int = -1  # in the searcher that found it
    language: str = ""  # the article's (a highlight's article's)

    @classmethod
    def of(cls, fields: dict[str, object], docnum: int = -1) -> _Entry:
        annotation_id = fields.get("annotation_id")
        return cls(
            docnum=docnum,
            kind=str(fields["kind"]),
            document_id=int(fields["document_id"]),  # type: ignore[call-overload]
            annotation_id=int(annotation_id) if annotation_id is not None else None,  # type: ignore[call-overload]
            article_title=str(fields.get("article_title", "")),
            language=str(fields.get("language", "")),
        )


Stems = frozenset[str]


def _single_stem(query: wq.Query, languages: frozenset[str]) -> Stems | None:
    """The stem terms when the query's words in the text are one plain word (its exact form, and its stem
    in each language): then an article's mentions are its count of those terms."""
    leaves = positive_leaves(query, _CONTENT_FIELDS)
    if not all(type(leaf) in (wq.Term, ExactTerm) for leaf in leaves):
        return None
    stems = frozenset(leaf.text for leaf in leaves if type(leaf) is wq.Term and leaf.fieldname == STEM_FIELD)
    words = {str(leaf.text) for leaf in leaves if leaf.fieldname != STEM_FIELD}
    if not stems or len(words) != 1:
        return None
    return stems if stems == frozenset(stem_terms(next(iter(words)), sorted(languages))) else None


def _stem_frequencies(searcher: Searcher, stems: Stems) -> dict[int, int]:
    """Document number → how many words in it have one of ``stems`` (the ``stem`` field's postings; a
    word has one stem term, that of its article's language)."""
    reader = searcher.reader()
    found: dict[int, int] = {}
    for stem in stems:
        if (STEM_FIELD, stem) not in reader:
            continue
        matcher = reader.postings(STEM_FIELD, stem)
        while matcher.is_active():
            found[matcher.id()] = found.get(matcher.id(), 0) + round(matcher.weight())
            matcher.next()
    return found


@dataclass
class _Cursor:
    """How far a query's hits have been located: its entries so far, and the hits of the first ``used``."""

    key: tuple[str, str, int, int]  # query text, sort, index generation, index identity
    entries: list[_Entry] = field(default_factory=list)
    complete: bool = False  # ``entries`` holds every match
    hits: list[Hit] = field(default_factory=list)
    used: int = 0

    def copy(self) -> _Cursor:
        return _Cursor(self.key, self.entries, self.complete, list(self.hits), self.used)


_CHUNK = 100  # entries whose highlights are fetched in one query
_RANK_ALL_AFTER = 500  # entries: Whoosh's top-N pruning stops paying off around here


@dataclass(frozen=True)
class _Article:
    """What sorting and facets need to know of a hit's article."""

    title: str
    published: datetime | None


def unreadable_query_message(text: str) -> str:
    """Why the parser gave up on ``text``, as near as Lectern can tell without Whoosh's own words."""
    if _DATE_FIELD.search(text):
        return (
            "Lectern cannot read a date in this query (write 2024, 2024-05 or 2024-05-17; ranges as "
            "published:[2023 TO 2024] or published:>=2026-01-01)."
        )
    return (
        "Lectern cannot read this query; check the operators (AND, OR, NOT), brackets and field names "
        "such as tag: or title:."
    )


_DATE_FIELD = re.compile(r"(?<![\w:])(published|date|year|created)\s*:", re.IGNORECASE)


def _budgeted(seconds: float, *, unlimited: float | None = None) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Run a search method within ``seconds`` (``unlimited`` when called with ``limit=None``: every hit);
    an outer budget, if running, is kept. Past it, a QueryError in the user's words."""

    def wrap(method: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(method)
        def run(*args: object, **kwargs: object) -> T:
            limit = kwargs.get("limit", args[2] if len(args) > 2 else 0)  # (self, text, limit, ...)
            try:
                with query_budget(unlimited if unlimited is not None and limit is None else seconds):
                    return method(*args, **kwargs)
            except QueryTooBroad as error:
                raise QueryError(str(error)) from error

        return run

    return wrap


class LibrarySearcher:
    """Parses queries and runs them on one long-lived Whoosh searcher, refreshed after index commits."""

    def __init__(self, store: Store, keeper: IndexKeeper) -> None:
        self.store = store
        self.keeper = keeper
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._segment_readers = SegmentReaders()
        self._searcher_generation = -1
        self._searcher_index: object | None = None
        self._parser = make_parser(keeper.schema)
        self._last_tallies: tuple[tuple[str, int], list[Tally]] | None = None
        self._segment_tallies = SegmentTallies()
        self._cursor: _Cursor | None = None
        self._cursor_lock = threading.Lock()
        self._known_languages: tuple[tuple[int, int], frozenset[str]] | None = None

    def parse(self, text: str) -> wq.Query:
        """Turn the query box's text into a Whoosh query, or raise QueryError with a short reason."""
        stripped = text.strip()
        if not stripped:
            raise QueryError("Type something to search for.")
        if len(stripped) > MAX_QUERY_CHARS:
            raise QueryError(f"The query is too long ({len(stripped)} characters; the limit is {MAX_QUERY_CHARS}).")
        if stripped.count('"') % 2:
            raise QueryError("A quotation mark is not closed.")
        if stripped.count("(") != stripped.count(")"):
            raise QueryError("The parentheses do not match.")
        try:
            parsed = apply_rules(self._parser.parse(stripped), self._languages())
        except Exception as error:  # noqa: BLE001 - Whoosh raises many kinds; the user gets one message
            raise QueryError(unreadable_query_message(stripped)) from error
        problem = query_problem(parsed)
        if problem:
            raise QueryError(problem)
        unreadable = unreadable_date(stripped, parsed)
        if unreadable:
            raise QueryError(
                f"Lectern cannot read the date “{unreadable}” (write 2024, 2024-05 or 2024-05-17; "
                "ranges as [2023 TO 2024] or >=2026-01-01)."
            )
        if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
            raise QueryError("The query has no words to search for.")
        return parsed

    @_budgeted(QUERY_SECONDS, unlimited=BULK_QUERY_SECONDS)
    def search(self, text: str, limit: int | None = 200, *, sort: str = "relevance", offset: int = 0) -> SearchResult:
        """Every mention of ``text``, ``offset`` hits skipped and at most ``limit`` given; ``total`` counts all.

        Sorted by relevance (articles first by score, each occurrence in text order), by the article's
        published date (newest first, undated last) or by its title (A to Z). Only the entries needed
        for the page get their mentions located; ``total`` is counted when first asked for."""
        if sort not in SORTS:
            raise QueryError(f"Lectern cannot sort by “{sort}” (choose {', '.join(SORTS)}).")
        if offset < 0:
            raise QueryError("The offset cannot be negative.")
        parsed = self.parse(text)
        if limit is None:
            hits = self._hits_in_order(parsed, sort)
            return SearchResult(query=text, total=len(hits), hits=hits[offset:])
        stop = offset + max(0, limit)
        hits = self._leading_hits(text, parsed, sort, stop)
        if len(hits) < stop:  # the page ran out: every hit is in hand
            return SearchResult(query=text, total=len(hits), hits=hits[offset:stop])
        return SearchResult(query=text, total=lambda: self._count(text, parsed), hits=hits[offset:stop])

    def forget_last_query(self) -> None:
        """Drop what is kept of past queries (the paging cursor, the tallies): the next search starts cold."""
        with self._cursor_lock:
            self._cursor = None
        self._last_tallies = None
        self._segment_tallies.clear()

    @_budgeted(BULK_QUERY_SECONDS)
    def all_hits(self, text: str) -> list[Hit]:
        """Every hit of ``text`` in relevance order (what ``search(text, limit=None)`` lists)."""
        return self._hits_in_order(self.parse(text), "relevance")

    @_budgeted(QUERY_SECONDS)
    def spans_in(self, text: str, document_id: int) -> list[tuple[int, int]]:
        """Where ``text`` occurs in one article's text: the spans its hits in that article would give
        (whether the article matches the query's filters at all is not checked)."""
        return self.spans_of(document_id, self.parse(text))

    def spans_of(self, document_id: int, parsed: wq.Query) -> list[tuple[int, int]]:
        """``spans_in`` for a query already parsed (by ``parse``), read in the article's language."""
        document = self.store.document(document_id)
        return find_spans(document.text, parsed, _CONTENT_FIELDS, document.language)

    @_budgeted(COUNT_SECONDS)
    def facets(self, text: str) -> Facets:
        """How every hit of ``text`` divides by tag, colour, article and published year."""
        tallies = self._tallies(text, self.parse(text))
        articles: dict[int, _Article] = {}

        def article_of(document_id: int) -> tuple[str, int | None]:
            article = self._article(document_id, articles)
            return article.title, article.published.year if article.published else None

        return count_facets(tallies, article_of)

    @_budgeted(COUNT_SECONDS)
    def articles_hit(self, text: str) -> frozenset[int]:
        """The articles any hit of ``text`` is in (from the counts the total and facets share: no titles read)."""
        return frozenset(tally.document_id for tally in self._tallies(text, self.parse(text)))

    @_budgeted(BULK_QUERY_SECONDS)
    def document_order(self, text: str, sort: str = "relevance") -> list[int]:
        """The articles ``text`` hits, in the order of their first hit in ``sort`` order: the matches ranked
        as ``search`` ranks them, no hit located (a tenth of the time of locating every hit)."""
        if sort not in SORTS:
            raise QueryError(f"Lectern cannot sort by “{sort}” (choose {', '.join(SORTS)}).")
        entries = self._entries(self.parse(text), limit=None)
        if sort != "relevance":
            entries = self._sorted(entries, sort)
        return list(dict.fromkeys(entry.document_id for entry in entries))

    def _hits_in_order(self, parsed: wq.Query, sort: str) -> list[Hit]:
        entries = self._entries(parsed, limit=None)
        if sort != "relevance":
            entries = self._sorted(entries, sort)
        return [hit for entry in entries for hit in self._hits_for(entry, parsed)]

    def _leading_hits(self, text: str, parsed: wq.Query, sort: str, wanted: int) -> list[Hit]:
        """At least the first ``wanted`` hits (fewer only if there are no more), from as few entries as can be.

        The last query's progress is kept (``_Cursor``), so the next page carries on where this one
        stopped instead of locating every earlier page's mentions again."""
        if wanted == 0:
            return []
        key = (text.strip(), sort, self.keeper.generation, id(self.keeper.index))
        with self._cursor_lock:
            kept = self._cursor
        cursor = kept.copy() if kept is not None and kept.key == key else _Cursor(key)
        while len(cursor.hits) < wanted:
            if cursor.used == len(cursor.entries):
                if cursor.complete:
                    break
                fetch: int | None = max(wanted, 2 * len(cursor.entries))
                if sort != "relevance" or fetch > _RANK_ALL_AFTER:
                    fetch = None  # past a few pages, ranking everything once costs less than a longer top list
                entries = self._entries(parsed, limit=fetch)
                if sort != "relevance":
                    entries = self._sorted(entries, sort)
                if entries[: cursor.used] != cursor.entries[: cursor.used]:  # the ranking moved: start over
                    cursor.hits, cursor.used = [], 0
                cursor.entries, cursor.complete = entries, fetch is None or len(entries) < fetch
                continue
            check_deadline()
            chunk = cursor.entries[cursor.used : cursor.used + _CHUNK]
            annotations = self.store.find_annotations([entry.annotation_id for entry in chunk if entry.annotation_id])
            for entry in chunk:
                cursor.hits.extend(self._hits_for(entry, parsed, annotations))
                cursor.used += 1
                if len(cursor.hits) >= wanted:
                    break
        with self._cursor_lock:
            self._cursor = cursor
        return cursor.hits

    @_budgeted(COUNT_SECONDS)
    def _count(self, text: str, parsed: wq.Query) -> int:
        return sum(tally.mentions for tally in self._tallies(text, parsed))

    def _tallies(self, text: str, parsed: wq.Query) -> list[Tally]:
        """How many hits each matching entry gives, with what facets need of it; kept for the last query,
        and per segment for recent queries (a commit then costs a recount of the segments it changed)."""
        self._check_not_rebuilding()
        key = (text.strip(), self.keeper.generation)
        cached = self._last_tallies
        if cached is not None and cached[0] == key:
            return cached[1]
        stem = _single_stem(parsed, self._languages())
        parts: list[Sequence[Tally]] = []
        found: list[tuple[int, SegmentIdentity | None, list[_Entry], dict[int, int]]] = []
        with self._lock:  # the segments' readers stay open while the lock is held (see _current_searcher)
            self._check_not_rebuilding()
            leaves = self._leaves()
            self._segment_tallies.keep_only(identity for _, identity in leaves if identity is not None)
            for leaf, identity in leaves:
                known = self._segment_tallies.get(key[0], identity) if identity is not None else None
                if known is None:  # this segment's entries now; their tallies (store reads) after the lock
                    found.append((len(parts), identity, *self._run_on(leaf, parsed, None, stem, scored=False)))
                parts.append(known or ())
        for at, identity, entries, stem_counts in found:
            parts[at] = self._tally(entries, parsed, stem, stem_counts)
            if identity is not None:
                self._segment_tallies.put(key[0], identity, parts[at])
        tallies = [tally for part in parts for tally in part]
        self._last_tallies = (key, tallies)
        return tallies

    def _leaves(self) -> list[tuple[Searcher, SegmentIdentity | None]]:
        """The current searcher's per-segment searchers, each with its segment's identity (None if it has
        none). Call with ``self._lock`` held, and use them only while it is."""
        leaves = []
        for leaf, _ in self._current_searcher().leaf_searchers():
            segment_of = getattr(leaf.reader(), "segment", None)
            segment = segment_of() if segment_of is not None else None  # None: an empty index's reader
            identity = (segment.segment_id(), segment.deleted_count()) if segment is not None else None
            leaves.append((leaf, identity))
        return leaves

    def _tally(
        self, entries: list[_Entry], parsed: wq.Query, stem: Stems | None, stem_counts: dict[int, int]
    ) -> list[Tally]:
        """The tallies of ``entries`` (found by ``parsed``); ``stem_counts`` by document number when ``stem``."""
        annotations = self.store.find_annotations([entry.annotation_id for entry in entries if entry.annotation_id])
        tallies: list[Tally] = []
        for number, entry in enumerate(entries):
            if number % 64 == 63:
                time.sleep(0)  # a long pure-Python pass: let a waiting thread (the window's) have the GIL
                check_deadline()
            if entry.kind == "annotation":
                annotation = annotations.get(entry.annotation_id or 0)
                if annotation is not None:  # else deleted; the index has not caught up yet
                    tallies.append(Tally("annotation", annotation.document_id, 1, annotation.tags, annotation.color))
            elif stem is not None:  # one plain word: the index counted its forms in each article
                tallies.append(Tally("article", entry.document_id, stem_counts.get(entry.docnum, 0) or 1))
            elif self.store.has_document(entry.document_id):
                text = self.store.document(entry.document_id).text
                mentions = count_mentions(text, parsed, _CONTENT_FIELDS, entry.language)
                tallies.append(Tally("article", entry.document_id, mentions or 1))
        return tallies

    def _entries(self, parsed: wq.Query, limit: int | None) -> list[_Entry]:
        """The matching index entries (articles and highlights), best first, at most ``limit`` of them."""
        return self._run(parsed, limit)[0]

    def _run(
        self, parsed: wq.Query, limit: int | None, stem: Stems | None = None, scored: bool = True
    ) -> tuple[list[_Entry], dict[int, int]]:
        """``_entries`` (in index order if not ``scored``), and with ``stem`` how often its forms occur in
        each entry (by document number)."""
        with self._lock:
            self._check_not_rebuilding()
            return self._run_on(self._current_searcher(), parsed, limit, stem, scored)

    def _run_on(
        self, searcher: Searcher, parsed: wq.Query, limit: int | None, stem: Stems | None, scored: bool
    ) -> tuple[list[_Entry], dict[int, int]]:
        """``_run`` over ``searcher`` (the whole index's, or one segment's); call with ``self._lock`` held."""
        try:
            check_deadline()
            scoring, narrowing = split_filters(parsed)
            allowed = filter_docs(searcher, narrowing) if narrowing is not None else None
            if allowed is not None and not allowed:  # Whoosh takes an empty set for "no filter"
                return [], {}
            collector = DeadlineCollector(searcher.collector(limit=limit, scored=scored))
            only = narrowing if allowed is None else allowed
            searcher.search_with_collector(scoring, FilterCollector(collector, only) if only else collector)
            entries = [_Entry.of(result.fields(), result.docnum) for result in collector.results()]
            return entries, (_stem_frequencies(searcher, stem) if stem is not None else {})
        except _INDEX_DAMAGE as error:
            self._drop_searcher()
            self.keeper.mark_damaged(f"damaged ({error})")
            raise IndexUnavailable(rebuilding_message(self.keeper.progress_anywhere(), damaged=True)) from error
        except QueryTooBroad:
            raise
        except Exception as error:  # noqa: BLE001 - Whoosh's own errors; the user gets one message
            raise QueryError("Lectern cannot run this query; try simpler words or fewer operators.") from error

    def _check_not_rebuilding(self) -> None:
        """Only a live index answers (a rebuild goes live only when complete); without one, a search says
        how far the rebuild is, in whichever process runs it."""
        if self.keeper.index is None:
            raise IndexUnavailable(rebuilding_message(self.keeper.progress_anywhere()))

    def _sorted(self, entries: list[_Entry], sort: str) -> list[_Entry]:
        """Entries ordered by their article's date or title; an article's entries stay together, by relevance."""
        articles: dict[int, _Article] = {}
        rank: dict[int, int] = {}
        for entry in entries:
            rank.setdefault(entry.document_id, len(rank))

        def key(entry: _Entry) -> tuple[object, ...]:
            document_id = entry.document_id
            article = self._article(document_id, articles)
            if sort == "title":
                return (article.title.casefold(), rank[document_id])
            published = article.published
            age = (datetime.max - published).total_seconds() if published else 0.0
            return (published is None, age, rank[document_id])

        return sorted(entries, key=key)

    def _article(self, document_id: int, known: dict[int, _Article]) -> _Article:
        if document_id not in known:
            try:
                title, published, _language = self.store.document_labels(document_id)
                known[document_id] = _Article(title, parse_date(published))
            except NotFound:  # deleted; the index has not caught up yet
                known[document_id] = _Article("", None)
        return known[document_id]

    def _languages(self) -> frozenset[str]:
        """The languages of the indexed articles ("" for those of no known language, always included): a plain
        query word becomes one stem term per language. Read from the index's ``language`` field, once per
        index generation."""
        key = (self.keeper.generation, id(self.keeper.index))
        known = self._known_languages
        if known is not None and known[0] == key:
            return known[1]
        languages = {""}
        try:
            with self._lock:
                reader = self._current_searcher().reader()
                languages.update(term.decode("utf-8") for term in reader.lexicon("language"))
        except IndexUnavailable:
            pass  # searching will say so
        except _INDEX_DAMAGE:
            pass  # the search that follows meets the damage and says so
        found = frozenset(languages)
        self._known_languages = (key, found)
        return found

    def _current_searcher(self) -> Searcher:
        generation, index = self.keeper.generation, self.keeper.index
        if index is None:
            raise IndexUnavailable(rebuilding_message(self.keeper.progress_anywhere()))
        if self._searcher is None or generation != self._searcher_generation or self._searcher_index is not index:
            # A rebuild replaces the index (and deletes its files) before its commit bumps the generation.
            # Segments a commit left alone keep their open readers (see index.segment_readers).
            self._searcher = self._segment_readers.searcher(index)
        self._searcher_generation = generation
        self._searcher_index = index
        return self._searcher

    def _hits_for(self, entry: _Entry, parsed: wq.Query, annotations: dict[int, Annotation] | None = None) -> list[Hit]:
        """The hits one entry gives; ``annotations`` may hold its highlight, fetched with others."""
        if entry.kind == "annotation":
            if annotations is not None:
                annotation = annotations.get(entry.annotation_id or 0)
            else:
                annotation = self.store.find_annotation(entry.annotation_id or 0)
            if annotation is None:  # deleted; the index has not caught up yet
                return []
            spans = find_spans(annotation.exact, parsed, _CONTENT_FIELDS, entry.language)
            return [
                Hit(
                    kind="annotation",
                    document_id=annotation.document_id,
                    title=entry.article_title,
                    start=0 if annotation.orphaned else annotation.start,
                    end=0 if annotation.orphaned else annotation.end,
                    orphaned=annotation.orphaned,
                    snippet=make_snippet(annotation.exact, spans, 0, len(annotation.exact), context=0),
                    tags=annotation.tags,
                    annotation_id=annotation.id,
                    color=annotation.color,
                    note=annotation.note,
                )
            ]
        document_id = entry.document_id
        if not self.store.has_document(document_id):
            return []
        document = self.store.document(document_id)
        spans = find_spans(document.text, parsed, _CONTENT_FIELDS, document.language)
        if not spans:  # matched on title, author, source or the article's note: one hit at its top
            note_spans = find_spans(document.note, parsed, ("note",)) if document.note else []
            if note_spans:
                first, last = note_spans[0]
                snippet = "Note: " + make_snippet(document.note, note_spans, first, last)
            else:
                snippet = make_snippet(document.text, [], 0, 0)
            return [Hit("article", document_id, document.title, 0, 0, snippet, note=document.note)]
        return [
            Hit("article", document_id, document.title, start, end, make_snippet(document.text, spans, start, end))
            for start, end in spans
        ]

    def _drop_searcher(self) -> None:
        self._searcher = None
        try:
            self._segment_readers.close()
        except Exception:  # noqa: BLE001 - closing a damaged reader may fail too; it is gone either way
            self._segment_readers = SegmentReaders()

    def close(self) -> None:
        with self._lock:
            self._drop_searcher()
