"""Keeps the Whoosh index in step with the store (DESIGN §4).

The store appends to an outbox in the same transaction as each change; ``IndexKeeper.drain`` turns
outbox rows into index updates, commits, and only then deletes the rows. Only one thread drains at a
time. A missing, unreadable or older-version index is rebuilt from SQLite.

Every writer is Lectern's (``index.whoosh_codec.open_writer``), so every segment is in Lectern's codec;
nothing here changes Whoosh for other users in the process. The Whoosh internals all this relies on are
checked when a keeper is made (``index.whoosh_compat.check_whoosh``).
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.base import Segment
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import MERGE_SMALL, NO_MERGE, IndexWriter, SegmentWriter

from annotations.store import Store
from index.bulk_analysis import TextAnalysis
from index.dates import parse_date
from index.merging import merge_small_segments, worth_merging
from index.schema import INDEX_SCHEMA_VERSION, PrecomputedText, annotation_key, article_key, make_schema, tag_terms
from index.segment_readers import SegmentReaders
from index.whoosh_codec import open_writer
from index.whoosh_compat import check_whoosh

log = logging.getLogger(__name__)

VERSION_FILE = "lectern-index-version"
_BATCH = 2000
_MERGE_AFTER_CHANGES = 200  # drains this big merge as Whoosh does by default
IDLE_MERGE_SECONDS = 2.0  # the writer thread merges small segments after this long without changes
_MAX_REMEMBERED_ANALYSES = 5000  # ~10 KB each; beyond this the writer analyses the text itself


class IndexKeeper:
    """Owns the index folder: opens or rebuilds it, applies outbox changes, reports commits."""

    def __init__(self, store: Store, path: Path) -> None:
        check_whoosh()  # raises WhooshIncompatible (a LecternError) naming what this Whoosh lacks
        self.store = store
        self.path = path
        self._write_lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        self._rebuild_listeners: list[Callable[[], None]] = []
        self.generation = 0  # bumped after every commit, so searchers know to refresh
        # With a writer thread, small drains never merge (a new highlight would wait for the merge before
        # it is searchable); the thread calls merge_when_idle() instead. See index.merging.
        self.defer_merges = False
        self._merge_check_due = True  # segments may have piled up: at start-up, and after each commit
        self.rebuild_progress: float | None = None  # 0..1 while a rebuild runs
        self.rebuild_reason = ""
        self._analyses: dict[int, TextAnalysis] = {}  # postings worked out by import workers, until indexed
        self._analyses_lock = threading.Lock()
        self._segment_readers = SegmentReaders()  # the writer's, for finding the entries a batch replaces
        self.index = self._open_or_create()

    # -- opening ---------------------------------------------------------------------------------
    def _open_or_create(self) -> whoosh_index.Index:
        self.needs_rebuild = False
        try:
            reason = self._reason_to_rebuild()  # exists_in() itself raises on a damaged table of contents
            if reason is None:
                opened = whoosh_index.open_dir(str(self.path))
                opened.reader().close()  # opens every segment: damage there shows now, not at a search
                return opened
        except Exception as error:  # noqa: BLE001 - any failure to open means: rebuild from SQLite
            reason = f"unreadable ({error})"
        log.info("search index %s: %s; rebuilding from the database", self.path, reason)
        self.needs_rebuild = True
        self.rebuild_reason = reason
        return self._create_empty()

    def _reason_to_rebuild(self) -> str | None:
        if not self.path.is_dir() or not whoosh_index.exists_in(str(self.path)):
            return "missing"
        try:
            version = int((self.path / VERSION_FILE).read_text().strip())
        except (OSError, ValueError):
            return "of unknown version"
        if version != INDEX_SCHEMA_VERSION:
            return f"of version {version}, not {INDEX_SCHEMA_VERSION}"
        return None

    def _create_empty(self) -> whoosh_index.Index:
        self._segment_readers.close()
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        created = whoosh_index.create_in(str(self.path), make_schema())
        (self.path / VERSION_FILE).write_text(f"{INDEX_SCHEMA_VERSION}\n")
        return created

    def request_rebuild(self, reason: str) -> None:
        """Start over from SQLite (e.g. the index was found damaged while running); the next drain fills it."""
        log.warning("search index %s: %s; rebuilding from the database", self.path, reason)
        with self._write_lock:
            self.rebuild_reason = reason
            self.index = self._create_empty()
            self.needs_rebuild = True
        for listener in self._rebuild_listeners:
            listener()

    def remember_analysis(self, document_id: int, analysis: TextAnalysis) -> None:
        """Keep an import worker's postings for a stored article until the writer indexes it."""
        with self._analyses_lock:
            if len(self._analyses) < _MAX_REMEMBERED_ANALYSES:
                self._analyses[document_id] = analysis

    def _content_of(self, document_id: int, text: str) -> str | PrecomputedText:
        """The value of an article's ``content`` and ``stem`` fields: its text, with the postings an import
        worker found for exactly that text if there are any."""
        with self._analyses_lock:
            analysis = self._analyses.pop(document_id, None)
        if text and analysis is not None and analysis.fits(text):
            return PrecomputedText(text, analysis.postings, analysis.stem_postings)
        return text

    def add_rebuild_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` when a rebuild is requested, so the writer thread can be woken."""
        self._rebuild_listeners.append(listener)

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` (on the writing thread) after each commit."""
        self._listeners.append(listener)

    # -- writing ---------------------------------------------------------------------------------
    def drain(self) -> int:
        """Apply every pending change (rebuilding first if needed); returns how many were applied."""
        with self._write_lock:
            applied = 0
            if self.needs_rebuild:
                applied += self._rebuild()
            while True:
                changes = self.store.pending_index_changes(_BATCH)
                if not changes:
                    return applied
                writer = self._writer()
                try:
                    # One reader for the whole batch, to find the entries replaced (Whoosh's update_document
                    # opens one per call), with the segments unchanged since the last batch kept open.
                    existing = Searcher(
                        self._segment_readers.reader(writer.storage, writer.schema, writer.segments, writer.generation)
                    )
                    # One entry per entity: a document added earlier in the same (uncommitted) writer
                    # cannot be replaced, so repeats would be indexed twice.
                    for kind, entity_id in dict.fromkeys((kind, entity_id) for _, kind, entity_id in changes):
                        if kind == "document":
                            self._put_document(writer, entity_id, existing=existing)
                        else:
                            self._put_annotation(writer, entity_id, existing=existing)
                except BaseException:
                    writer.cancel()
                    self._segment_readers.close()  # they may have seen the cancelled deletions
                    raise
                writer.commit(mergetype=self._merge_policy(len(changes)))
                self._merge_check_due = True
                self.store.acknowledge_index_changes(changes[-1][0])
                applied += len(changes)
                self._announce_commit()

    def _merge_policy(self, changes: int) -> Callable[[SegmentWriter, list[Segment]], list[Segment]]:
        """Big drains (imports) merge as Whoosh does by default; small ones fold in piled-up small
        segments, unless the writer thread does that when idle."""
        if changes >= _MERGE_AFTER_CHANGES:
            return MERGE_SMALL
        return NO_MERGE if self.defer_merges else merge_small_segments

    def merge_when_idle(self) -> bool:
        """Fold small segments together if enough have piled up; True if it merged."""
        with self._write_lock:
            if not self._merge_check_due or self.needs_rebuild:
                return False
            self._merge_check_due = False  # until the next commit: an idle writer looks once, not every 2 s
            if not worth_merging(self.index.storage, self.index._segments()):
                return False
            self._merge_check_due = True  # after this merge, there may be more to fold
            started = time.perf_counter()
            self._writer().commit(mergetype=merge_small_segments)
            log.info("merged small index segments in %.2fs", time.perf_counter() - started)
            self._announce_commit()
            return True

    def _rebuild(self) -> int:
        started = time.perf_counter()
        highest = max((row[0] for row in self.store.pending_index_changes(limit=1_000_000_000)), default=0)
        document_ids = self.store.document_ids()
        annotation_ids = self.store.annotation_ids()
        total = max(1, len(document_ids) + len(annotation_ids))
        self.rebuild_progress = 0.0
        writer = open_writer(self.index, limitmb=128)
        try:
            done = 0
            for document_id in document_ids:
                self._put_document(writer, document_id)
                done += 1
                self.rebuild_progress = done / total
            for annotation_id in annotation_ids:
                self._put_annotation(writer, annotation_id)
                done += 1
                self.rebuild_progress = done / total
        except BaseException:
            writer.cancel()
            self.rebuild_progress = None
            raise
        writer.commit(optimize=True)
        self.store.acknowledge_index_changes(highest)
        self.needs_rebuild = False
        self.rebuild_progress = None
        log.info("rebuilt the search index: %d entries in %.2fs", done, time.perf_counter() - started)
        self._announce_commit()
        return done

    def _writer(self) -> IndexWriter:
        deadline = time.monotonic() + 30
        while True:
            try:
                return open_writer(self.index)
            except LockError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _announce_commit(self) -> None:
        self.generation += 1
        for listener in self._listeners:
            listener()

    def _put_document(self, writer: IndexWriter, document_id: int, existing: Searcher | None = None) -> None:
        """Index an article (replacing its entry, found through ``existing``), or remove it if it is gone;
        without ``existing`` (a rebuild into an empty index) it is simply added."""
        key = article_key(document_id)
        if existing is not None:
            writer.delete_by_term("key", key, searcher=existing)
        if not self.store.has_document(document_id):
            return
        document = self.store.document(document_id)
        content = self._content_of(document.id, document.text)
        fields = _present(
            key=key,
            kind="article",
            document_id=document.id,
            title=document.title,
            author=document.byline,
            source=f"{document.source} {document.site}".strip(),
            content=content,
            stem=content,
            note=document.note,
            published=parse_date(document.published),
            created=parse_date(document.imported_at),
        )
        writer.add_document(**fields)

    def _put_annotation(self, writer: IndexWriter, annotation_id: int, existing: Searcher | None = None) -> None:
        """Index a highlight the way ``_put_document`` indexes an article."""
        key = annotation_key(annotation_id)
        if existing is not None:
            writer.delete_by_term("key", key, searcher=existing)
        annotation = self.store.find_annotation(annotation_id)
        if annotation is None:
            return
        title, published = self.store.document_title_and_date(annotation.document_id)
        fields = _present(
            key=key,
            kind="annotation",
            document_id=annotation.document_id,
            annotation_id=annotation.id,
            article_title=title,
            content=annotation.exact,
            stem=annotation.exact,
            quote=annotation.exact,
            note=annotation.note,
            tag=tag_terms(annotation.tags),
            color=annotation.color,
            published=parse_date(published),
            created=parse_date(annotation.created),
        )
        writer.add_document(**fields)


def _present(**fields: object) -> dict[str, object]:
    """The fields that have a value: Whoosh spends as long on an empty field as on a short one."""
    return {name: value for name, value in fields.items() if value not in ("", None)}


class IndexWriterThread(threading.Thread):
    """The one background thread that writes the index: wakes on ``notify()`` and drains the outbox."""

    def __init__(self, keeper: IndexKeeper, on_error: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(name="lectern-index-writer", daemon=True)
        self.keeper = keeper
        self._condition = threading.Condition()
        self._requested = 1  # the first pass drains leftovers from a previous run, or rebuilds
        self._completed = 0
        self._stopping = False
        self._on_error = on_error

    def notify(self) -> None:
        """Ask for a drain: the store has new outbox rows."""
        with self._condition:
            self._requested += 1
            self._condition.notify_all()

    def run(self) -> None:
        self.keeper.defer_merges = True
        while True:
            with self._condition:
                idle = False
                while self._completed >= self._requested and not self._stopping and not idle:
                    idle = not self._condition.wait(IDLE_MERGE_SECONDS)
                if self._stopping:
                    return
                target = self._requested
            try:
                if idle:
                    self.keeper.merge_when_idle()
                    continue
                self.keeper.drain()
            except Exception as error:  # noqa: BLE001 - keep the thread alive; the outbox keeps the work
                log.exception("index update failed; will retry")
                if self._on_error:
                    self._on_error(error)
                time.sleep(0.5)
                continue
            with self._condition:
                self._completed = max(self._completed, target)
                self._condition.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every change notified so far is in the index (for tests, the CLI and shutdown)."""
        with self._condition:
            target = self._requested
            return self._condition.wait_for(lambda: self._completed >= target or self._stopping, timeout)

    def stop(self, timeout: float = 10.0) -> None:
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        self.join(timeout)
