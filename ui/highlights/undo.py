"""Edit → Undo / Redo for every annotation and tag operation, over the library's history.

The actions live on the main window with the window shortcut context: in the reader and the lists
Ctrl+Z undoes the last highlight or tag change, while a focused text field (search box, tag filter,
the highlight editor) keeps Ctrl+Z for its own text, since editable fields claim those keys first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotations.errors import LecternError
from annotations.history import Change
from app import Library
from ui.events import AppEvents

REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")


class UndoActions(QObject):
    """``undo_action`` and ``redo_action``, named after the step they would take ("Undo Rename Tag")."""

    def __init__(self, library: Library, events: AppEvents, parent: QWidget) -> None:
        super().__init__(parent)
        self.library = library
        self.events = events
        self.undo_action = QAction("&Undo", parent)
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", parent)
        self.redo_action.setObjectName("redoAction")
        redo_keys = [*map(QKeySequence, REDO_KEYS), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)]
        self.redo_action.setShortcuts(list(dict.fromkeys(redo_keys)))
        self.redo_action.triggered.connect(self.redo)
        # Any change may push a step; a re-import empties the history.
        events.annotations_changed.connect(self.update_actions)
        events.tags_changed.connect(self.update_actions)
        events.documents_changed.connect(self.update_actions)
        self.update_actions()

    def update_actions(self) -> None:
        """Name and enable the actions after the steps on the undo and redo stacks."""
        undo_label, redo_label = self.library.history.undo_label, self.library.history.redo_label
        self.undo_action.setText(f"&Undo {undo_label}" if undo_label else "&Undo")
        self.undo_action.setEnabled(undo_label is not None)
        self.redo_action.setText(f"&Redo {redo_label}" if redo_label else "&Redo")
        self.redo_action.setEnabled(redo_label is not None)

    def undo(self) -> Change | None:
        """Revert the latest step and refresh the views it touched."""
        return self._step(self.library.history.undo, "Undid")

    def redo(self) -> Change | None:
        """Carry out the latest undone step again."""
        return self._step(self.library.history.redo, "Redid")

    def _step(self, operation: Callable[[], Change | None], verb: str) -> Change | None:
        try:
            change = operation().value
        except LecternError as error:
            self.events.status_message.emit(str(error))
            self.update_actions()
            return None
        if change is None:
            self.update_actions()
            return None
        self.announce(change)
        self.events.status_message.emit(f"{verb} {change.label}.")
        return change

    def announce(self, change: Change) -> None:
        """Tell the views what a step changed: tags everywhere, or the highlights of its articles."""
        if not (change.tags_before or change.tags_after):
            for document_id in sorted(change.document_ids):
                self.events.annotations_changed.emit(document_id)
        self.events.tags_changed.emit()
