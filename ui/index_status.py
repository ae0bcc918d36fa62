"""A search index that cannot be written, told once in the status bar and cleared when it catches up.

The index writer retries a failed update every half second (the outbox keeps the work), so the
window shows each distinct problem once, in a permanent status-bar label rather than a stream of
messages, and clears it at the next successful index commit.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel

from annotations.errors import LecternError
from ui.events import AppEvents


def problem_message(error: BaseException) -> str:
    """The status-bar words for a failed index update: the change is safe, search will catch up."""
    if isinstance(error, LecternError):
        return f"Search index: {error}"
    reason = str(error) or type(error).__name__
    return f"The search index could not be updated ({reason}); your changes are saved and will be searchable later"


class IndexStatus(QObject):
    """Owns ``label``: empty while the index keeps up, one sentence while it cannot be written."""

    problem_shown = Signal(str)  # a new problem, once (not at each retry)
    _failed = Signal(str)  # emitted on the index writer's thread

    def __init__(self, events: AppEvents, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("indexProblem")
        self.label.setVisible(False)
        self._failed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        events.index_committed.connect(self._caught_up, Qt.ConnectionType.QueuedConnection)

    @property
    def problem(self) -> str:
        return self.label.text()

    def report(self, error: BaseException) -> None:
        """The writer's ``on_error``: callable from any thread."""
        self._failed.emit(problem_message(error))

    def _show(self, message: str) -> None:
        if message == self.label.text():
            return
        self.label.setText(message)
        self.label.setToolTip(message)
        self.label.setVisible(True)
        self.problem_shown.emit(message)

    def _caught_up(self) -> None:
        if self.label.text():
            self.label.clear()
            self.label.setVisible(False)
