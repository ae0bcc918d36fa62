"""Syndicated copies in the window: View → Hide Syndicated Copies (remembered), and marking the copies of a
library imported before copies were marked, in batches on the write worker from the window's start."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction

from app import Library
from ui.library.panel import LibraryPanel
from ui.operations import Operations

HIDE_COPIES_KEY = "library/hide_copies"


def _remembered() -> bool:
    value = QSettings().value(HIDE_COPIES_KEY, False)
    return value is True or str(value).lower() == "true"  # the ini format gives back "true"


class CopiesController(QObject):
    """The hide action and the backfill; the rows themselves follow the Changes each batch broadcasts."""

    def __init__(self, library: Library, operations: Operations, panel: LibraryPanel, parent: QObject) -> None:
        super().__init__(parent)
        self.library = library
        self.operations = operations
        self.panel = panel
        self.hide_action = QAction("Hide Syndicated &Copies", parent, checkable=True)
        self.hide_action.setToolTip("List each story once: leave out the articles that are copies of an earlier one")
        self.hide_action.setChecked(_remembered())
        panel.set_hide_copies(self.hide_action.isChecked())
        self.hide_action.toggled.connect(self._set_hidden)
        self.marking = False  # a backfill batch is queued or running

    def _set_hidden(self, hide: bool) -> None:
        self.panel.set_hide_copies(hide)
        QSettings().setValue(HIDE_COPIES_KEY, hide)

    def mark_unmarked(self) -> None:
        """Compare the articles no one has compared yet, a batch at a time (each batch is a short write, so a
        highlight made meanwhile waits for one batch at most); the list refreshes the rows each batch marks."""
        self.marking = True
        self.operations.run(self.library.copies.backfill, success=self._batch_done, what="Looking for copies")

    def _batch_done(self, remaining: int) -> None:
        if remaining:
            self.mark_unmarked()
        else:
            self.marking = False
