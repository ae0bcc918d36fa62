"""View → Reports… (Ctrl+Shift+R): opens the one Reports window and runs a clicked row's query in the
window's Search tab. The window (and matplotlib, ~0.3 s) loads on first use."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app import Library
from ui.events import AppEvents

if TYPE_CHECKING:
    from ui.reports.window import ReportsWindow

SHORTCUT = "Ctrl+Shift+R"


class ReportsController(QObject):
    """Owns ``action`` and, once opened, ``window`` (kept, so a second open shows the same report)."""

    def __init__(self, library: Library, events: AppEvents, run_query: Callable[[str], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.events = events
        self.run_query = run_query
        self.parent_widget = parent
        self.window: ReportsWindow | None = None
        self.action = QAction("&Reports…", parent)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip("Tag frequency, co-occurrence, the tag × article matrix and timelines")
        self.action.triggered.connect(self.show)
        events.changed.connect(lambda _changes: self._follow_changes())

    def _follow_changes(self) -> None:
        """New tags, saved searches or claims appear in the open window's choices."""
        if self.window is not None and self.window.isVisible():
            self.window.refresh_choices()

    def show(self) -> ReportsWindow:
        if self.window is None:
            from ui.reports.window import ReportsWindow  # matplotlib: loaded when a report is first opened

            self.window = ReportsWindow(self.library, self.parent_widget)
            self.window.query_requested.connect(self.run_query)
            self.window.message.connect(self.events.status_message.emit)
        self.window.refresh_choices()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window
