"""Keeps the Whoosh index in step with the store (DESIGN §4).

The store appends to an outbox in the same transaction as each change; ``IndexKeeper.drain`` turns
outbox rows into index updates, commits, and only then deletes the rows. One process at a time writes
the index: the holder of the writer lease (``index.writer_lease``); the window's ``IndexWriterThread``
holds it for its lifetime, the CLI around each drain. Every process reads the live index.

A missing, damaged, foreign or older-version index is rebuilt from SQLite into a new directory beside
the live one, which answers meanwhile; the rebuild goes live in one SQLite transaction with the outbox
rows it covers (``index.live_index``), so a rebuild killed part-way leaves nothing that looks finished.
Every file is sealed and verified (``index.trusted_storage``), so Whoosh never unpickles foreign bytes.

Every writer is Lectern's (``index.whoosh_codec.open_writer``), so every segment is in Lectern's codec;
nothing here changes Whoosh for other users in the process. The Whoosh internals all this relies on are
checked when a keeper is made (``index.whoosh_compat.check_whoosh``).
"""

from __future__ import annotations

import errno
import logging
import os
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.codec.base import Segment
from whoosh.filedb.filestore import StorageError
from whoosh.index import FileIndex, LockError
from whoosh.index import IndexError as WhooshIndexError
from whoosh.searching import Searcher
from whoosh.writing import MERGE_SMALL, NO_MERGE, IndexWriter, SegmentWriter

from annotations.database import PROCESS_ORIGIN
from annotations.store import Store
from index.bulk_analysis import TextAnalysis
from index.claim_lookup import ClaimLookup
from index.dates import parse_date
from index.errors import IndexBusy, RebuildStopped, write_failed
from index.index_dirs import IndexFolder, fsync_tree
from index.live_index import LiveIndex, RebuildStatus
from index.merging import merge_small_segments, worth_merging
from index.schema import PrecomputedText, analyzed, annotation_key, article_key, make_schema, tag_terms
from index.segment_readers import SegmentReaders
from index.trusted_storage import UntrustedIndexFile
from index.whoosh_codec import open_writer
from index.whoosh_compat import check_whoosh
from index.writer_lease import WriterLease

log = logging.getLogger(__name__)

_BATCH = 2000
_CLAIM_BATCH = 500  # highlights whose claim links a rebuild reads in one query
_MERGE_AFTER_CHANGES = 200  # drains this big merge as Whoosh does by default
_MAX_REMEMBERED_ANALYSES = 5000  # ~10 KB each; beyond this the writer analyses the text itself
WHOOSH_LOCK_WAIT = 2.0  # only the lease holder writes, so Whoosh's own lock is held only by a foreign program
HEARTBEAT_SECONDS = 0.5  # how often a rebuild records its progress for other processes
# Reading errors: the index is damaged (rebuild it); any other failure to write is IndexWriteFailed.
DAMAGE = (UntrustedIndexFile, FileNotFoundError, EOFError, struct.error, WhooshIndexError)
_WRITE_FAILURES = (LockError, StorageError, OSError)

ForeignListener = Callable[[frozenset[int], frozenset[int]], None]


class IndexKeeper:
    """Owns a library's index folder: opens the live index, rebuilds it, applies outbox changes."""

    def __init__(self, store: Store, path: Path) -> None:
        check_whoosh()  # raises WhooshIncompatible (a LecternError) naming what this Whoosh lacks
        self.store = store
        self.path = path
        self.folder = IndexFolder(path)
        self.schema = make_schema()
        self.live = LiveIndex(store.index_state, self.folder, self.schema)
        self.lease = WriterLease(self.folder.lock_path)
        self._lease_kept = False  # held for good (the writer thread), not just around one drain
        self._write_lock = threading.RLock()
        self._stop = threading.Event()  # set when the process closes: a rebuild stops, nothing goes live
        self._listeners: list[Callable[[], None]] = []
        self._rebuild_listeners: list[Callable[[], None]] = []
        self._foreign_listeners: list[ForeignListener] = []
        self.generation = 0  # bumped after every commit seen, so searchers know to refresh
        self._seen: tuple[str | None, int] = (None, -1)  # (live directory, its Whoosh generation) last announced
        # With a writer thread, small drains never merge (a new highlight would wait for the merge before
        # it is searchable); the thread calls merge_when_idle() instead. See index.merging.
        self.defer_merges = False
        self._merge_check_due = True  # segments may have piled up: at start-up, and after each commit
        self.rebuild_progress: float | None = None  # 0..1 while this process rebuilds
        self._rebuild_wanted = False
        self._reason = ""
        self._analyses: dict[int, TextAnalysis] = {}  # postings worked out by import workers, until indexed
        self._analyses_lock = threading.Lock()
        self._segment_readers = SegmentReaders()  # the writer's, for finding the entries a batch replaces

    # -- the live index --------------------------------------------------------------------------
    @property
    def index(self) -> FileIndex | None:
        """The live index (opened and verified on first use), or None while there is none to read."""
        return self.live.current()

    @property
    def needs_rebuild(self) -> bool:
        return self._rebuild_wanted or self.live.current() is None

    @property
    def rebuild_reason(self) -> str:
        return self._reason if self._rebuild_wanted else self.live.reason

    def rebuild_status(self) -> RebuildStatus | None:
        """The rebuild any process is running, as recorded in the database (None if none, or it died)."""
        status = self.live.rebuild_status()
        return None if status is None or status.stale else status

    def progress_anywhere(self) -> float | None:
        """How far a rebuild is, in this process or another; None if none runs."""
        if self.rebuild_progress is not None:
            return self.rebuild_progress
        status = self.rebuild_status()
        return None if status is None else status.progress

    def request_rebuild(self, reason: str) -> None:
        """Build the index again from SQLite beside the live one, which answers until the new one is done."""
        log.info("search index %s: %s; rebuilding from the database", self.path, reason)
        self._reason = reason
        self._rebuild_wanted = True
        self._wake_rebuilder()

    def mark_damaged(self, reason: str, *, look_again: bool = True) -> None:
        """The live index failed while being read: unless it opens and verifies afresh (``look_again``), it is
        never read again, and is rebuilt."""
        self.live.discard(f"damaged ({reason})" if not reason.startswith("damaged") else reason, look_again)
        self._wake_rebuilder()

    def _wake_rebuilder(self) -> None:
        for listener in self._rebuild_listeners:
            listener()

    def remember_analysis(self, document_id: int, analysis: TextAnalysis) -> None:
        """Keep an import worker's postings for a stored article until the writer indexes it."""
        with self._analyses_lock:
            if len(self._analyses) < _MAX_REMEMBERED_ANALYSES:
                self._analyses[document_id] = analysis

    def _content_of(self, document_id: int, text: str, language: str) -> PrecomputedText:
        """The value of an article's ``content`` and ``stem`` fields: its text with its postings in its
        language, those an import worker found for exactly that text and language if there are any."""
        with self._analyses_lock:
            analysis = self._analyses.pop(document_id, None)
        if text and analysis is not None and analysis.fits(text, language):
            return PrecomputedText(text, analysis.postings, analysis.stem_postings)
        return analyzed(text, language)

    def add_rebuild_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` when a rebuild is requested, so the writer thread can be woken."""
        self._rebuild_listeners.append(listener)

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` (on the writing thread) after each commit."""
        self._listeners.append(listener)

    def add_foreign_change_listener(self, listener: ForeignListener) -> None:
        """Call ``listener(documents, annotations)`` on the writing thread after a commit that applied outbox
        rows another process wrote (their origin is not this process's), with the ids they named."""
        self._foreign_listeners.append(listener)

    # -- the writer lease ------------------------------------------------------------------------
    def keep_lease(self) -> bool:
        """Take the writer lease for good (the writer thread), without waiting; True if held."""
        with self._write_lock:
            if not self._take_lease():
                return False
            self._lease_kept = True
            return True

    def release_lease(self) -> None:
        with self._write_lock:
            self._lease_kept = False
            self.lease.release()

    def _take_lease(self) -> bool:
        """Hold the lease (tidying the folder when it is newly taken); False if another process has it."""
        if self.lease.held:
            return True
        self.folder.ensure()
        if not self.lease.try_acquire():
            return False
        try:
            self.live.tidy()
        except BaseException:
            self.lease.release()
            raise
        return True

    @contextmanager
    def _leased(self) -> Iterator[bool]:
        """The lease for one drain: yields whether it is held; released after unless kept."""
        try:
            held = self._take_lease()
        except OSError as error:  # the lock file cannot be made: the index folder cannot be written
            raise write_failed(error) from error
        try:
            yield held
        finally:
            if held and not self._lease_kept:
                self.lease.release()

    def stop(self) -> None:
        """The process is closing: a running rebuild stops at its next article (nothing of it goes live)."""
        self._stop.set()

    def close(self) -> None:
        self.stop()
        with self._write_lock:
            self._segment_readers.close()
            self._lease_kept = False
            self.lease.release()

    # -- writing ---------------------------------------------------------------------------------
    def drain(self) -> int:
        """Apply every pending change (rebuilding first if needed); returns how many were applied.
        Raises ``IndexBusy`` if another process holds the writer lease, ``IndexWriteFailed`` if the index
        cannot be written (the changes stay in the outbox)."""
        with self._write_lock, self._leased() as held:
            if not held:
                raise IndexBusy("another Lectern process is updating the search index; it will catch up")
            return self._drain()

    def try_drain(self) -> bool:
        """``drain()`` if this process can hold the writer lease; False (nothing done) if another holds it."""
        with self._write_lock, self._leased() as held:
            if held:
                self._drain()
            return held

    def _drain(self) -> int:
        applied = 0
        rebuilt_for_damage = False
        while True:
            if self.needs_rebuild:
                applied += self._rebuild()
            index = self.live.current()
            if index is None:  # the rebuild just made is already unreadable: leave it to the next drain
                raise write_failed(OSError(errno.EIO, "the new index could not be read back"))
            self._notice_other_commits(index)
            try:
                return applied + self._apply_outbox(index)
            except DAMAGE as error:
                if rebuilt_for_damage:
                    raise write_failed(error) from error
                rebuilt_for_damage = True
                self.mark_damaged(str(error))
            except _WRITE_FAILURES as error:
                raise write_failed(error) from error

    def _apply_outbox(self, index: FileIndex) -> int:
        applied = 0
        while True:
            changes = self.store.index_state.pending(_BATCH)
            if not changes:
                return applied
            writer = self._writer(index)
            try:
                # One reader for the whole batch, to find the entries replaced (Whoosh's update_document
                # opens one per call), with the segments unchanged since the last batch kept open.
                existing = Searcher(
                    self._segment_readers.reader(writer.storage, writer.schema, writer.segments, writer.generation)
                )
                claims = ClaimLookup(self.store)
                claims.load(entity_id for _, kind, entity_id, _ in changes if kind != "document")
                # One entry per entity: a document added earlier in the same (uncommitted) writer
                # cannot be replaced, so repeats would be indexed twice.
                for kind, entity_id in dict.fromkeys((kind, entity_id) for _, kind, entity_id, _ in changes):
                    if kind == "document":
                        self._put_document(writer, entity_id, existing=existing)
                    else:
                        self._put_annotation(writer, entity_id, claims, existing=existing)
            except BaseException:
                writer.cancel()
                self._segment_readers.close()  # they may have seen the cancelled deletions
                raise
            writer.commit(mergetype=self._merge_policy(len(changes)))
            self._merge_check_due = True
            self.store.acknowledge_index_changes(changes[-1][0])
            applied += len(changes)
            self._announce_commit(index)
            self._announce_foreign((kind, entity_id) for _, kind, entity_id, origin in changes if origin != PROCESS_ORIGIN)

    def _notice_other_commits(self, index: FileIndex) -> None:
        """Another process may have committed to the live index (it held the lease then): searchers refresh."""
        seen = (self.live.name, index.latest_generation())
        if seen != self._seen:
            self._announce_commit(index)

    def _merge_policy(self, changes: int) -> Callable[[SegmentWriter, list[Segment]], list[Segment]]:
        """Big drains (imports) merge as Whoosh does by default; small ones fold in piled-up small
        segments, unless the writer thread does that when idle."""
        if changes >= _MERGE_AFTER_CHANGES:
            return MERGE_SMALL
        return NO_MERGE if self.defer_merges else merge_small_segments

    def merge_when_idle(self) -> bool:
        """Fold small segments together if enough have piled up; True if it merged."""
        with self._write_lock, self._leased() as held:
            if not held or not self._merge_check_due or self._rebuild_wanted:
                return False
            index = self.live.current()
            if index is None:
                return False
            self._merge_check_due = False  # until the next commit: an idle writer looks once, not every 2 s
            try:
                if not worth_merging(index.storage, index._segments()):
                    return False
                self._merge_check_due = True  # after this merge, there may be more to fold
                started = time.perf_counter()
                self._writer(index).commit(mergetype=merge_small_segments)
            except DAMAGE as error:
                self.mark_damaged(str(error))
                return False
            except _WRITE_FAILURES as error:
                raise write_failed(error) from error
            log.info("merged small index segments in %.2fs", time.perf_counter() - started)
            self._announce_commit(index)
            return True

    def _rebuild(self) -> int:
        """Build a new index from SQLite beside the live one, and make it live; returns the entries added."""
        started = time.perf_counter()
        try:
            name, index = self.live.new_build()
        except _WRITE_FAILURES as error:
            raise write_failed(error) from error
        reason = self.rebuild_reason
        self._rebuild_wanted = False  # a request arriving from now on asks for another rebuild
        try:
            covered = self.store.index_state.highest_change()
            foreign = self.store.index_state.foreign_up_to(covered, PROCESS_ORIGIN)
            done = self._fill(name, index)
            fsync_tree(self.folder.directory(name))
            self.live.go_live(name, index, covered)
        except BaseException as error:
            self.rebuild_progress = None
            self.folder.remove(self.folder.directory(name))
            try:
                self.live.forget_progress()
            except Exception:  # noqa: BLE001 - the record goes stale by itself
                log.warning("could not clear the rebuild's progress record", exc_info=True)
            if not isinstance(error, RebuildStopped):
                self._rebuild_wanted = True
            if isinstance(error, _WRITE_FAILURES + DAMAGE):
                raise write_failed(error) from error
            raise
        self._segment_readers.close()
        self.rebuild_progress = None
        log.info("rebuilt the search index (%s): %d entries in %.2fs", reason, done, time.perf_counter() - started)
        self._announce_commit(index)
        self._announce_foreign(foreign)
        return done

    def _fill(self, name: str, index: FileIndex) -> int:
        """Add every article and highlight to the new, empty ``index``; record progress for every process."""
        document_ids = self.store.document_ids()
        annotation_ids = self.store.annotation_ids()
        total = max(1, len(document_ids) + len(annotation_ids))
        heartbeat = 0.0

        def advanced(done: int) -> None:
            nonlocal heartbeat
            if self._stop.is_set():
                raise RebuildStopped
            self.rebuild_progress = done / total
            now = time.monotonic()
            if now - heartbeat >= HEARTBEAT_SECONDS:
                heartbeat = now
                self.live.record_progress(RebuildStatus(self.rebuild_progress, os.getpid(), name, time.time()))

        advanced(0)
        writer = open_writer(index, limitmb=128)
        try:
            done = 0
            for document_id in document_ids:
                self._put_document(writer, document_id)
                done += 1
                advanced(done)
            claims = ClaimLookup(self.store)
            for start in range(0, len(annotation_ids), _CLAIM_BATCH):
                batch = annotation_ids[start : start + _CLAIM_BATCH]
                claims.load(batch)
                for annotation_id in batch:
                    self._put_annotation(writer, annotation_id, claims)
                    done += 1
                    advanced(done)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=True)
        return done

    def _writer(self, index: FileIndex | None = None) -> IndexWriter:
        index = index if index is not None else self.live.current()
        if index is None:
            raise IndexBusy("there is no search index to write yet; it is being rebuilt")
        deadline = time.monotonic() + WHOOSH_LOCK_WAIT
        while True:
            try:
                return open_writer(index)
            except LockError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _announce_commit(self, index: FileIndex) -> None:
        self._seen = (self.live.name, index.latest_generation())
        self.generation += 1
        for listener in self._listeners:
            listener()

    def _announce_foreign(self, changes: Iterator[tuple[str, int]] | list[tuple[str, int]]) -> None:
        documents: set[int] = set()
        annotations: set[int] = set()
        for kind, entity_id in changes:
            (documents if kind == "document" else annotations).add(entity_id)
        if not (documents or annotations) or not self._foreign_listeners:
            return
        for listener in self._foreign_listeners:
            try:
                listener(frozenset(documents), frozenset(annotations))
            except Exception:  # noqa: BLE001 - a listener's failure is not the index's
                log.exception("a listener for other processes' changes failed")

    def _put_document(self, writer: IndexWriter, document_id: int, existing: Searcher | None = None) -> None:
        """Index an article (replacing its entry, found through ``existing``), or remove it if it is gone;
        without ``existing`` (a rebuild into an empty index) it is simply added."""
        key = article_key(document_id)
        if existing is not None:
            writer.delete_by_term("key", key, searcher=existing)
        if not self.store.has_document(document_id):
            return
        document = self.store.document(document_id)
        content = self._content_of(document.id, document.text, document.language)
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
            language=document.language,
            published=parse_date(document.published),
            created=parse_date(document.imported_at),
        )
        writer.add_document(**fields)

    def _put_annotation(
        self, writer: IndexWriter, annotation_id: int, claims: ClaimLookup, existing: Searcher | None = None
    ) -> None:
        """Index a highlight the way ``_put_document`` indexes an article; ``claims`` has its links loaded."""
        key = annotation_key(annotation_id)
        if existing is not None:
            writer.delete_by_term("key", key, searcher=existing)
        annotation = self.store.find_annotation(annotation_id)
        if annotation is None:
            return
        title, published, language = self.store.document_labels(annotation.document_id)
        quote = analyzed(annotation.exact, language)
        fields = _present(
            key=key,
            kind="annotation",
            document_id=annotation.document_id,
            annotation_id=annotation.id,
            article_title=title,
            content=quote,
            stem=quote,
            quote=annotation.exact,
            note=annotation.note,
            tag=tag_terms(annotation.tags),
            color=annotation.color,
            language=language,
            published=parse_date(published),
            created=parse_date(annotation.created),
        )
        linked = claims.fields(annotation.id)
        if linked is not None:
            fields.update(claim=linked.claim, claim_id=linked.claim_id, stance=linked.stance)
        writer.add_document(**fields)


def _present(**fields: object) -> dict[str, object]:
    """The fields that have a value: Whoosh spends as long on an empty field as on a short one."""
    return {name: value for name, value in fields.items() if value not in ("", None)}
