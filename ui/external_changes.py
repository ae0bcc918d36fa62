"""The window hears about other processes' writes (a CLI ``annotate`` or ``import`` beside it).

``app.external_changes.ExternalChanges`` notices them on background threads; this bridge carries each
report to the GUI thread with a queued signal, gathers the reports of a short moment into one
``Changes`` and broadcasts it on ``AppEvents.changed``, so every view refreshes exactly as after the
window's own writes. A burst of commits (a CLI importing a folder, one transaction per file) costs one
refresh a second at most, not one per commit, and fewer when refreshing is slow (a big import's
reload): the views never take more than a third of the GUI thread's time for other processes' writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app import Library
from app.changes import Changes
from app.external_changes import ExternalChanges, ForeignChanges
from ui.events import AppEvents

GATHER_MS = 150  # reports closer together than this become one refresh
MIN_GAP_MS = 1000  # and refreshes for other processes' writes come at most this often,
BUSY_SHARE = 2  # or, when a refresh is slow, after twice its length: a third of the GUI thread at most


class ExternalChangesBridge(QObject):
    """Starts the watcher with the window, stops it on close, and announces what other processes changed.

    ``shown_document()`` names the article whose highlights the window shows: a highlight another
    process deleted can no longer be traced to its article, so that one is redrawn to be sure."""

    _arrived = Signal(object)  # ForeignChanges, emitted on a background thread

    def __init__(
        self,
        library: Library,
        events: AppEvents,
        shown_document: Callable[[], int | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._events = events
        self._shown_document = shown_document
        self._gathered: Changes | None = None
        self._last_broadcast = float("-inf")  # time.monotonic() of the last one
        self._gap_ms = MIN_GAP_MS
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._broadcast)
        self._arrived.connect(self._gather, Qt.ConnectionType.QueuedConnection)
        self.watcher = ExternalChanges(library.store, library.index, self.report)

    def start(self) -> None:
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()
        self._timer.stop()
        self._gathered = None

    def report(self, foreign: ForeignChanges) -> None:
        """What another process changed: callable from any thread (the watcher's, the index writer's)."""
        self._arrived.emit(foreign)

    def _gather(self, foreign: ForeignChanges) -> None:
        changes = foreign.changes
        shown = self._shown_document()
        if foreign.deleted_annotations and shown is not None:
            changes |= Changes(annotated_documents=frozenset({shown}))
        self._gathered = changes if self._gathered is None else self._gathered | changes
        if not self._timer.isActive():
            since_last_ms = (time.monotonic() - self._last_broadcast) * 1000
            self._timer.start(int(max(GATHER_MS, self._gap_ms - since_last_ms)))

    def _broadcast(self) -> None:
        gathered, self._gathered = self._gathered, None
        started = time.monotonic()
        if gathered:
            self._events.changed.emit(gathered)  # the views refresh now, on this thread
        self._last_broadcast = time.monotonic()
        self._gap_ms = max(MIN_GAP_MS, BUSY_SHARE * (self._last_broadcast - started) * 1000)
