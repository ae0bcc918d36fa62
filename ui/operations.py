"""Running an app operation off the GUI thread, then announcing what it changed (as Anki's ``CollectionOp``).

Every write of the window goes through ``Operations.run``: the operation (a callable returning
``Changes`` or ``Applied``) runs on a worker thread, so SQLite never blocks the GUI; back on the GUI
thread its ``Changes`` are broadcast through ``AppEvents.changed`` *before* the caller's ``success``
callback, so the views already show the result when the caller acts on it (the reader draws a new
highlight, then the editor opens on it). Short writes run one after another on one thread, in the
order they were asked for (Ctrl+Z right after a highlight undoes that highlight); long ones (imports,
re-imports) get their own lane so a highlight never waits for a folder of PDFs. An error becomes a
short message in the user's words (the status bar, or the caller's ``failure``), never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from annotations.errors import LecternError
from app.changes import Applied, Changes
from ui.events import AppEvents
from ui.plain_text import plain_message_box
from ui.workers import Task, run_in_background

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[str, BaseException], None]


def failure_message(error: BaseException, what: str = "") -> str:
    """What to tell the user: a LecternError's own words, else what failed and why, in one line."""
    if isinstance(error, LecternError):
        return str(error)
    reason = str(error) or type(error).__name__
    return f"{what or 'The change'} failed: {reason}"


class Operations(QObject):
    """The one way the UI writes: ``run(operation, success=..., failure=...)``; ``changed`` follows each write.

    ``pool`` (short writes, one at a time) and ``long_pool`` can be injected, e.g. by tests."""

    def __init__(
        self,
        events: AppEvents,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
        long_pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.events = events
        self._pool = pool or self._serial_pool()
        self._long_pool = long_pool or QThreadPool(self)
        self.pending = 0  # operations not yet delivered back (tests wait for 0)

    def _serial_pool(self) -> QThreadPool:
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)  # writes in the order asked for: undo never overtakes the step it undoes
        return pool

    @property
    def idle(self) -> bool:
        return self.pending == 0

    def finish(self, milliseconds: int = 10000) -> bool:
        """Wait for the writes already asked for (the window is closing: a highlight just made is kept)."""
        return self._pool.waitForDone(milliseconds)

    def run(
        self,
        operation: Callable[..., Changes | Applied[Any]],
        *,
        success: Success | None = None,
        failure: Failure | None = None,
        progress: Callable[[Any], None] | None = None,
        what: str = "",
        long: bool = False,
    ) -> Task:
        """Run ``operation`` on a worker; on the GUI thread broadcast its Changes, then call ``success(value)``.

        With ``progress``, ``operation`` receives a ``report(value)`` callable and ``progress(value)`` runs
        on the GUI thread. ``failure(message, error)`` replaces the default (a status-bar message, and a
        dialog for an unexpected error). ``what`` names the operation in such messages ("Saving the highlight")."""
        self.pending += 1

        def finished(result: Any, error: BaseException | None) -> None:
            self.pending -= 1
            if not isValid(self):  # the window closed while the operation ran
                return
            if error is not None:
                self._failed(error, what, failure)
                return
            value, changes = _split(result)
            if changes:
                self.events.changed.emit(changes)
            if success is not None:
                success(value)

        pool = self._long_pool if long else self._pool
        return run_in_background(operation, finished, pool=pool, on_progress=progress)

    def _failed(self, error: BaseException, what: str, failure: Failure | None) -> None:
        message = failure_message(error, what)
        if not isinstance(error, LecternError):
            log.error("%s", message, exc_info=error)  # the traceback goes to the log, not to the user
        if failure is not None:
            failure(message, error)
            return
        self.events.status_message.emit(message)
        if not isinstance(error, LecternError):
            parent = self.parent()
            box = QMessageBox(QMessageBox.Icon.Warning, "Lectern", message, QMessageBox.StandardButton.Ok,
                              parent if isinstance(parent, QWidget) else None)  # fmt: skip
            plain_message_box(box)  # the message may quote a title or a file name
            box.setObjectName("operationError")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()


def _split(result: Any) -> tuple[Any, Changes]:
    """An operation's value and Changes, whether it returned an ``Applied`` or bare ``Changes`` (anything
    else is handed on as the value, announcing nothing: a write that cannot say what it changed refreshes nothing)."""
    if isinstance(result, Applied):
        return result.value, result.changes
    if isinstance(result, Changes):
        return None, result
    return result, Changes()
