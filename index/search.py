"""Searching the library: one query box for articles, highlights, notes, tags and titles.

Results are *mentions*: an article that contains a phrase three times gives three hits, each with the
character offsets of that occurrence in the article's canonical text, so the reader can select it.
"""

from __future__ import annotations

import html
import struct
import threading
from dataclasses import asdict, dataclass, field

from whoosh import query as wq
from whoosh.index import IndexError as WhooshIndexError
from whoosh.searching import Searcher

from annotations.errors import LecternError
from annotations.store import Store
from index.keeper import IndexKeeper
from index.mentions import find_spans
from index.query_language import apply_rules, make_parser, unreadable_date

SNIPPET_CONTEXT = 70
MAX_QUERY_CHARS = 1000
_CONTENT_FIELDS = frozenset({"content", "stem", "quote"})


class QueryError(LecternError):
    """A query Lectern cannot run; the message says why in a few words."""


class IndexUnavailable(QueryError):
    """The index could not be read; a rebuild from SQLite has been asked for."""


_INDEX_DAMAGE = (OSError, EOFError, struct.error, WhooshIndexError)


@dataclass(frozen=True)
class Hit:
    """One mention: an occurrence in an article, or a highlight that matches."""

    kind: str  # "article" | "annotation"
    document_id: int
    title: str
    start: int
    end: int
    snippet: str  # HTML-escaped context with each match wrapped in <mark>…</mark>
    tags: tuple[str, ...] = ()
    annotation_id: int | None = None
    color: str = ""
    note: str = ""
    orphaned: bool = False  # a highlight whose passage was lost when its article changed: no position

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        if self.kind != "annotation":
            for key in ("annotation_id", "color", "note"):
                data.pop(key)
        if not self.orphaned:
            data.pop("orphaned")
        return data


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"query": self.query, "total": self.total, "hits": [hit.to_json() for hit in self.hits]}


def make_snippet(text: str, spans: list[tuple[int, int]], start: int, end: int, context: int = SNIPPET_CONTEXT) -> str:
    """``text`` around [start, end) with every span inside that window marked; ellipses where cut."""
    window_start = max(0, start - context)
    window_end = min(len(text), end + context)
    if window_start > 0:
        space = text.find(" ", window_start, start)
        window_start = space + 1 if space != -1 else window_start
    if window_end < len(text):
        space = text.rfind(" ", end, window_end)
        window_end = space if space != -1 else window_end
    pieces = ["…" if window_start > 0 else ""]
    cursor = window_start
    for span_start, span_end in spans:
        if span_end <= window_start or span_start >= window_end:
            continue
        span_start, span_end = max(span_start, window_start), min(span_end, window_end)
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:window_end]))
    pieces.append("…" if window_end < len(text) else "")
    return "".join(pieces).replace("\n", " ")


class LibrarySearcher:
    """Parses queries and runs them on one long-lived Whoosh searcher, refreshed after index commits."""

    def __init__(self, store: Store, keeper: IndexKeeper) -> None:
        self.store = store
        self.keeper = keeper
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._searcher_generation = -1
        self._parser = make_parser(keeper.index.schema)

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
            parsed = apply_rules(self._parser.parse(stripped))
        except Exception as error:  # noqa: BLE001 - Whoosh raises many kinds; the user gets one message
            raise QueryError(f"Lectern cannot read this query ({error}).") from error
        unreadable = unreadable_date(stripped, parsed)
        if unreadable:
            raise QueryError(
                f"Lectern cannot read the date “{unreadable}” (write 2024, 2024-05 or 2024-05-17; "
                "ranges as [2023 TO 2024] or >=2026-01-01)."
            )
        if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
            raise QueryError("The query has no words to search for.")
        return parsed

    def search(self, text: str, limit: int | None = 200) -> SearchResult:
        """Every mention of ``text``: articles first by relevance, each occurrence in text order."""
        parsed = self.parse(text)
        with self._lock:
            try:
                searcher = self._current_searcher()
                results = searcher.search(parsed, limit=None)
                entries = [dict(result.fields()) for result in results]
            except _INDEX_DAMAGE as error:
                self._drop_searcher()
                self.keeper.request_rebuild(f"damaged ({error})")
                raise IndexUnavailable(
                    "The search index was damaged and is being rebuilt from your library; try again in a moment."
                ) from error
            except Exception as error:  # noqa: BLE001 - e.g. a wildcard that expands to too much
                raise QueryError(f"Lectern cannot run this query ({error}).") from error
        hits: list[Hit] = []
        total = 0
        for entry in entries:
            entry_hits = self._hits_for(entry, parsed)
            total += len(entry_hits)
            if limit is None or len(hits) < limit:
                hits.extend(entry_hits[: None if limit is None else limit - len(hits)])
        return SearchResult(query=text, total=total, hits=hits)

    def _current_searcher(self) -> Searcher:
        generation = self.keeper.generation
        if self._searcher is None:
            self._searcher = self.keeper.index.searcher()
        elif generation != self._searcher_generation:
            # Not Searcher.refresh(): it reuses segment readers matched by segment id, so deletions a commit
            # adds to an existing segment (every update or delete) stay invisible to the refreshed searcher.
            self._searcher.close()
            self._searcher = self.keeper.index.searcher()
        self._searcher_generation = generation
        return self._searcher

    def _hits_for(self, entry: dict[str, object], parsed: wq.Query) -> list[Hit]:
        if entry["kind"] == "annotation":
            annotation = self.store.find_annotation(int(entry["annotation_id"]))  # type: ignore[arg-type]
            if annotation is None:  # deleted; the index has not caught up yet
                return []
            spans = find_spans(annotation.exact, parsed, _CONTENT_FIELDS)
            return [
                Hit(
                    kind="annotation",
                    document_id=annotation.document_id,
                    title=str(entry.get("article_title", "")),
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
        document_id = int(entry["document_id"])  # type: ignore[arg-type]
        if not self.store.has_document(document_id):
            return []
        document = self.store.document(document_id)
        spans = find_spans(document.text, parsed, _CONTENT_FIELDS)
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
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:  # noqa: BLE001 - closing a damaged searcher may fail too; it is gone either way
                pass
            self._searcher = None

    def close(self) -> None:
        with self._lock:
            self._drop_searcher()
