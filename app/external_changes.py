"""Other processes' writes, seen by a process that shows the library (the window, beside a CLI).

Any process may write the library (DESIGN §2): its commit, with its outbox rows, is the write. A
process that shows the library learns of it this way:

- a watcher thread looks at ``PRAGMA data_version`` (``annotations.commit_watch``) about every 0.4 s;
  after a commit by any other connection it wakes the index writer, which drains the outbox, the other
  process's rows included;
- after that commit the index keeper names the documents and highlights whose rows came from another
  process; they become one ``Changes``, so the views refresh exactly as after the process's own writes;
- writes that leave no outbox row (a tag's colour or description, saved searches) are noticed by a
  digest of those tables, taken only when something was committed: a different digest announces
  ``Changes(tags=True, saved_searches=True)``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from annotations.commit_watch import CommitWatch
from annotations.store import Store
from app.changes import Changes
from app.search_index import SearchIndex

log = logging.getLogger(__name__)

POLL_SECONDS = 0.4


@dataclass(frozen=True)
class ForeignChanges:
    """What another process changed, as the views need to hear it."""

    changes: Changes
    # Highlights deleted by the other process: their article can no longer be looked up, so whoever
    # shows highlights checks whether it shows one of these.
    deleted_annotations: frozenset[int] = frozenset()


class ExternalChanges:
    """Watches one library for other processes' commits and announces what they changed.

    ``announce`` runs on a background thread (the watcher's or the index writer's); hand it on to the
    thread that owns the views."""

    def __init__(
        self,
        store: Store,
        index: SearchIndex,
        announce: Callable[[ForeignChanges], None],
        *,
        interval: float = POLL_SECONDS,
    ) -> None:
        self._store = store
        self._index = index
        self._announce = announce
        self._interval = interval
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        index.on_foreign_changes(self._foreign_rows_indexed)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="lectern-external-changes", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop watching (the keeper may still report; nothing is announced after this)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the watcher thread ----------------------------------------------------------------------
    def _watch(self) -> None:
        if self._store.db.path is None:
            return  # a team library: the server's notices wake the index writer (``app.team_listener``)
        try:
            watch = CommitWatch(self._store.db.path)
            details = watch.details_fingerprint()
        except Exception:  # noqa: BLE001 - the window still works; it just will not see other processes
            log.warning("cannot watch the library for other processes' changes", exc_info=True)
            return
        failing = False
        try:
            while not self._stopping.wait(self._interval):
                try:
                    if not watch.committed_since_last_look():
                        continue
                    self._index.changed()  # the writer drains whatever the commit left in the outbox
                    now = watch.details_fingerprint()
                except Exception:  # noqa: BLE001 - a busy or briefly unreadable file: look again next time
                    if not failing:  # once per spell of trouble, not every 0.4 s
                        log.warning("could not look for other processes' changes; trying again", exc_info=True)
                    failing = True
                    continue
                failing = False
                if now != details:
                    details = now
                    self._hand_on(ForeignChanges(Changes(tags=True, saved_searches=True, claims=True)))
        finally:
            watch.close()

    # -- the index writer's thread ---------------------------------------------------------------
    def _foreign_rows_indexed(self, documents: frozenset[int], annotations: frozenset[int]) -> None:
        """The keeper indexed rows another process wrote: name their articles, then announce."""
        if self._stopping.is_set() or not (documents or annotations):
            return
        found = self._store.find_annotations(sorted(annotations)) if annotations else {}
        changes = Changes(
            documents=documents,
            annotations=annotations,
            annotated_documents=frozenset(annotation.document_id for annotation in found.values()),
            tags=bool(annotations),  # a tagged highlight changes its tags' counts
        )
        self._hand_on(ForeignChanges(changes, frozenset(annotations - found.keys())))

    def _hand_on(self, foreign: ForeignChanges) -> None:
        if not self._stopping.is_set():
            self._announce(foreign)
