"""Acting as a user while ``ui.app.run_gui`` runs its own event loop: steps on a timer, and the window on top."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

Step = Callable[[], bool]


def drive(steps: list[Step], interval: int = 30) -> QTimer:
    """Run each step on a timer until it returns True, then the next: a user acting while ``run_gui`` runs."""
    timer = QTimer()
    remaining = list(steps)

    def tick() -> None:
        if remaining and remaining[0]():
            remaining.pop(0)
        if not remaining:
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(interval)
    return timer


def top(kind: type, name: str = "") -> QWidget | None:
    """The visible top-level window of ``kind`` (with that object name, if given)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible() and (not name or widget.objectName() == name):
            return widget
    return None
