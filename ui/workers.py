"""Running core work off the GUI thread and handing ``(result, error)`` back to it (as Picard does)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_running: set[Task] = set()  # keeps tasks (and their relays) alive until their result is delivered


class _Relay(QObject):
    finished = Signal(object, object)  # result, error
    progress = Signal(object)


class Task(QRunnable):
    """Calls ``function(report_progress)`` or ``function()`` on a pool thread; never touches widgets."""

    def __init__(self, function: Callable[..., Any], *, with_progress: bool = False) -> None:
        super().__init__()
        self.function = function
        self.with_progress = with_progress
        self.relay = _Relay()
        self.setAutoDelete(False)

    def run(self) -> None:
        result, error = None, None
        try:
            result = self.function(self.relay.progress.emit) if self.with_progress else self.function()
        except Exception as caught:  # noqa: BLE001 - delivered to the GUI thread, which shows it
            error = caught
        self.relay.finished.emit(result, error)


def run_in_background(
    function: Callable[..., Any],
    on_finished: Callable[[Any, BaseException | None], None],
    *,
    pool: QThreadPool | None = None,
    on_progress: Callable[[Any], None] | None = None,
) -> Task:
    """Run ``function`` on ``pool``; ``on_finished(result, error)`` and ``on_progress(value)`` run on the
    GUI thread. With ``on_progress``, ``function`` receives a ``report(value)`` callable."""
    task = Task(function, with_progress=on_progress is not None)

    def deliver(result: Any, error: BaseException | None) -> None:
        _running.discard(task)
        on_finished(result, error)

    task.relay.finished.connect(deliver)
    if on_progress is not None:
        task.relay.progress.connect(on_progress)
    _running.add(task)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
