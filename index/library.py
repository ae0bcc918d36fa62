"""The library: the store, the search index and the importers behind one object, for the CLI and the UI.

Writes go to SQLite (the truth) and wake the index writer; with ``background=False`` (the CLI) the
caller drains the index itself with ``flush_index()``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annotations.anchoring import find_occurrences
from annotations.errors import DuplicateDocument, LecternError, NotFound
from annotations.importers import expand_paths
from annotations.importers.parallel import ParseResult, parse_files, parse_one
from annotations.models import DEFAULT_COLOR, Annotation, Document, DocumentMetadata, DocumentSummary, TagCount
from annotations.paths import database_path, index_path
from annotations.store import Store
from index.keeper import IndexKeeper, IndexWriterThread
from index.search import IndexUnavailable, LibrarySearcher, SearchResult

log = logging.getLogger(__name__)

# During a bulk import the index writer is woken after this many new articles, or this many seconds.
_INDEX_BATCH = 200
_INDEX_WAKE_SECONDS = 1.0


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: imported, already there, or refused with a reason."""

    path: Path
    document: Document | None = None
    duplicate_of: int | None = None
    duplicate_title: str = ""
    error: str = ""

    @property
    def imported(self) -> bool:
        return self.document is not None

    def to_json(self) -> dict[str, object]:
        if self.document is not None:
            return {"id": self.document.id, "title": self.document.title, "chars": len(self.document.text)}
        if self.duplicate_of is not None:
            return {"path": str(self.path), "duplicate_of": self.duplicate_of, "title": self.duplicate_title}
        return {"path": str(self.path), "error": self.error}


class Library:
    """One data folder: documents and highlights in SQLite, a derived Whoosh index beside it."""

    def __init__(self, data_dir: Path, *, background: bool = True) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(database_path(data_dir))
        self.keeper = IndexKeeper(self.store, index_path(data_dir))
        self.searcher = LibrarySearcher(self.store, self.keeper)
        self._writer_thread: IndexWriterThread | None = None
        if background:
            self._writer_thread = IndexWriterThread(self.keeper)
            self.keeper.add_rebuild_listener(self._writer_thread.notify)
            self._writer_thread.start()

    # -- index -----------------------------------------------------------------------------------
    def _index_changed(self) -> None:
        if self._writer_thread is not None:
            self._writer_thread.notify()

    def flush_index(self, timeout: float = 60.0) -> bool:
        """Make sure every stored change is searchable: waits for the writer, or drains here."""
        if self._writer_thread is not None:
            return self._writer_thread.wait_idle(timeout)
        self.keeper.drain()
        return True

    def add_index_listener(self, listener: Callable[[], None]) -> None:
        """``listener()`` runs on the writer thread after each index commit."""
        self.keeper.add_listener(listener)

    @property
    def index_rebuild_progress(self) -> float | None:
        return self.keeper.rebuild_progress

    # -- documents -------------------------------------------------------------------------------
    def import_file(self, path: Path) -> ImportOutcome:
        """Parse and store one file; never raises for bad input, the outcome carries the reason."""
        outcome = self._store_parsed(parse_one(path))
        if outcome.imported:
            self._index_changed()
        return outcome

    def _store_parsed(self, result: ParseResult) -> ImportOutcome:
        if result.parsed is None:
            return ImportOutcome(result.path, error=result.error)
        try:
            document = self.store.add_document(result.parsed)
        except DuplicateDocument as duplicate:
            return ImportOutcome(
                result.path, duplicate_of=duplicate.existing_id, duplicate_title=duplicate.existing_title
            )
        except (OSError, sqlite3.Error) as error:
            return ImportOutcome(result.path, error=f"{result.path.name}: could not be stored ({error})")
        return ImportOutcome(result.path, document=document)

    def import_paths(
        self,
        paths: Iterable[Path],
        progress: Callable[[int, int, Path], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ImportOutcome]:
        """Import files and folders (recursively), parsing in worker processes when there are many.

        ``progress(done, total, current)`` is called before the first file and after each one;
        ``cancelled()`` is polled between files (what was stored before stays stored). The index
        writer is woken in batches, so a big import is indexed in few large commits.
        """
        files = list(expand_paths(paths))
        outcomes: list[ImportOutcome] = []
        if progress is not None:
            progress(0, len(files), files[0] if files else Path())
        unindexed = 0
        last_wake = time.monotonic()
        for result in parse_files(files, cancelled):
            outcome = self._store_parsed(result)
            outcomes.append(outcome)
            unindexed += outcome.imported
            if unindexed and (unindexed >= _INDEX_BATCH or time.monotonic() - last_wake > _INDEX_WAKE_SECONDS):
                self._index_changed()
                unindexed, last_wake = 0, time.monotonic()
            if progress is not None:
                progress(len(outcomes), len(files), result.path)
        if unindexed:
            self._index_changed()
        return outcomes

    def documents(self) -> list[DocumentSummary]:
        return self.store.document_summaries()

    def document(self, document_id: int) -> Document:
        return self.store.document(document_id)

    def update_document_metadata(self, document_id: int, changes: DocumentMetadata) -> Document:
        """Correct an article's metadata or note; raises InvalidMetadata or NotFound."""
        document = self.store.update_document_metadata(document_id, changes)
        self._index_changed()
        return document

    def delete_document(self, document_id: int) -> None:
        self.store.delete_document(document_id)
        self._index_changed()

    def is_empty(self) -> bool:
        return self.store.document_count() == 0

    # -- annotations -----------------------------------------------------------------------------
    def annotations_for(self, document_id: int) -> list[Annotation]:
        return self.store.annotations_for(document_id)

    def annotation(self, annotation_id: int) -> Annotation:
        return self.store.annotation(annotation_id)

    def annotate(
        self,
        document_id: int,
        start: int,
        end: int,
        *,
        color: str = DEFAULT_COLOR,
        tags: Iterable[str] = (),
        note: str = "",
    ) -> Annotation:
        annotation = self.store.add_annotation(document_id, start, end, color=color, tags=tags, note=note)
        self._index_changed()
        return annotation

    def annotate_quote(
        self,
        document_id: int,
        quote: str,
        *,
        every: bool = False,
        color: str = DEFAULT_COLOR,
        tags: Iterable[str] = (),
        note: str = "",
    ) -> list[Annotation]:
        """Highlight the first (or, with ``every``, each) case-sensitive occurrence of ``quote``."""
        document = self.store.document(document_id)
        spans = find_occurrences(document.text, quote)
        if not spans:
            raise NotFound(f"“{quote}” does not occur in #{document_id} “{document.title}”")
        created = self.store.add_annotations(
            document_id, spans if every else spans[:1], color=color, tags=tags, note=note
        )
        self._index_changed()
        return created

    def update_annotation(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        tags: Iterable[str] | None = None,
        note: str | None = None,
    ) -> Annotation:
        annotation = self.store.update_annotation(annotation_id, color=color, tags=tags, note=note)
        self._index_changed()
        return annotation

    def delete_annotation(self, annotation_id: int) -> None:
        self.store.delete_annotation(annotation_id)
        self._index_changed()

    def tags(self) -> list[TagCount]:
        return self.store.tag_counts()

    # -- search ----------------------------------------------------------------------------------
    def search(self, query: str, limit: int | None = 200, *, fresh_within: float = 2.0) -> SearchResult:
        """Every mention of ``query``; raises QueryError (a LecternError) for a malformed query.

        Waits up to ``fresh_within`` seconds for the index writer to catch up, so a search run right
        after a change sees it (call it off the GUI thread)."""
        if self._writer_thread is not None and fresh_within > 0:
            self._writer_thread.wait_idle(fresh_within)
        try:
            return self.searcher.search(query, limit)
        except IndexUnavailable:
            if self._writer_thread is not None:
                raise  # the writer thread is rebuilding; the UI says so and the user tries again
            self.keeper.drain()  # no writer thread (the CLI): rebuild here, then answer
            return self.searcher.search(query, limit)

    def close(self) -> None:
        if self._writer_thread is not None:
            self._writer_thread.wait_idle(30)
            self._writer_thread.stop()
        self.searcher.close()
        self.store.close()


__all__ = ["ImportOutcome", "Library", "LecternError"]
