"""Edit → Undo / Redo for every annotation and tag operation, over the library's history.

The actions live on the main window with the window shortcut context: in the reader and the lists
Ctrl+Z undoes the last highlight or tag change, while a focused text field (search box, tag filter,
the highlight editor) keeps Ctrl+Z for its own text, since editable fields claim those keys first.
Undo and redo are writes like any other: they run through ``Operations``, in order after the step
they undo, and the views refresh from the ``Changes`` they broadcast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotations.history import Change
from app import Applied, Changes, Library
from ui.operations import Operations

REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")


class UndoActions(QObject):
    """``undo_action`` and ``redo_action``, named after the step they would take ("Undo Rename Tag")."""

    def __init__(self, library: Library, operations: Operations, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.operations = operations
        self.undo_action = QAction("&Undo", parent)
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", parent)
        self.redo_action.setObjectName("redoAction")
        redo_keys = [*map(QKeySequence, REDO_KEYS), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        self.redo_action.setShortcuts(list(dict.fromkeys(redo_keys)))
        self.redo_action.triggered.connect(self.redo)
        operations.events.changed.connect(self._on_changed)  # a step pushed, undone, or the history cleared
        self.update_actions()

    def _on_changed(self, changes: Changes) -> None:
        if changes.history:
            self.update_actions()

    def update_actions(self) -> None:
        """Name and enable the actions after the steps on the undo and redo stacks."""
        undo_label, redo_label = self.library.history.undo_label, self.library.history.redo_label
        self.undo_action.setText(f"&Undo {undo_label}" if undo_label else "&Undo")
        self.undo_action.setEnabled(undo_label is not None)
        self.redo_action.setText(f"&Redo {redo_label}" if redo_label else "&Redo")
        self.redo_action.setEnabled(redo_label is not None)

    def undo(self) -> None:
        """Revert the latest step (after any write still running); the views refresh from its Changes."""
        self._step(self.library.history.undo, "Undid", "Undo")

    def redo(self) -> None:
        """Carry out the latest undone step again."""
        self._step(self.library.history.redo, "Redid", "Redo")

    def _step(self, operation: Callable[[], Applied[Change | None]], verb: str, what: str) -> None:
        def done(change: Change | None) -> None:
            self.update_actions()
            if change is not None:
                self.operations.events.status_message.emit(f"{verb} {change.label}.")

        def failed(message: str, _error: Any) -> None:
            self.update_actions()
            self.operations.events.status_message.emit(message)

        self.operations.run(operation, success=done, failure=failed, what=what)
