"""Highlight editing: a highlight from the reader's selection, the tag-and-note editor, deleting.

The panel and the reader only ask (intent signals); every write goes through ``Operations``, so the
reader and the panel redraw from the broadcast ``Changes`` before the editor opens on a new highlight.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from annotations.errors import LecternError
from annotations.models import Annotation
from annotations.store_history import HistoryEntry
from app import Library
from ui.controller import Controller
from ui.highlights.editor import AnnotationEditor
from ui.highlights.history_dialog import HistoryDialog
from ui.highlights.panel import HighlightPanel
from ui.operations import Operations
from ui.reader.view import ReaderView


class HighlightController(Controller):
    """Creates, edits and deletes highlights for the reader and the Highlights panel."""

    editor_opened = Signal(object)  # the AnnotationEditor, before it shows: other parts add their rows

    def __init__(
        self, library: Library, operations: Operations, reader: ReaderView, panel: HighlightPanel, window: QWidget
    ) -> None:
        super().__init__(library, operations, window)
        self.reader = reader
        self.panel = panel
        self.window = window
        self.editor: AnnotationEditor | None = None  # the open editor (non-modal), if any
        reader.highlight_requested.connect(self.annotate)
        panel.edit_requested.connect(self.edit)
        panel.delete_requested.connect(self.delete)
        self.history_dialog: HistoryDialog | None = None  # the open History… window, if any
        if library.team is not None:  # the server keeps each highlight's history; a personal library has none
            panel.menu_extensions.append(self._add_history_entry)

    def _status(self, text: str) -> None:
        self.say(text)

    def annotate(self, start: int, end: int, color: str, style: str = "highlight") -> None:
        """Highlight ``[start, end)`` of the open article, then open the editor on the new highlight."""
        document_id = self.reader.document_id
        if document_id is None:
            return
        self.operations.run(
            lambda: self.library.annotations.add(document_id, start, end, color=color, style=style),
            success=self._created,
            what="Highlighting",
        )

    def _created(self, annotation: Annotation) -> None:
        self.panel.select_annotation(annotation.id)
        if self.reader.document_id == annotation.document_id:  # still the article it was made in
            self.edit(annotation.id)

    def edit(self, annotation_id: int) -> None:
        """Open the small tag-and-note editor for one highlight (non-modal)."""
        try:
            annotation = self.library.annotations.get(annotation_id)
        except LecternError as error:
            self._status(str(error))
            return
        if self.editor is not None:
            self.editor.close()
        known_tags = [tag.name for tag in self.library.tags.counts()]
        editor = self.editor = AnnotationEditor(annotation, known_tags, self.window)
        self.editor.saved.connect(lambda *_values: self._save(editor.annotation_id, editor.changes()))
        self.editor.finished.connect(self._editor_closed)
        self.editor_opened.emit(self.editor)
        self.editor.show()
        self.editor.raise_()
        self.editor.activateWindow()

    def _editor_closed(self) -> None:
        """Hand the keyboard back to the reader, so the next key (1–5, T, Ctrl+Z) acts there at once."""
        self.window.activateWindow()
        self.reader.setFocus()

    def edit_current(self) -> None:
        """T: edit the highlight under the caret, else the one chosen in the panel."""
        under = self.reader.highlight_at(self.reader.textCursor().position())
        selected = self.panel.selected_annotation_id()
        if under:
            self.edit(under[-1].id)
        elif selected is not None:
            self.edit(selected)

    def _save(self, annotation_id: int, changes: dict[str, Any]) -> None:
        """Write only what the editor changed (nothing changed: nothing written, no empty undo step)."""
        if not changes:
            return
        self.operations.run(
            lambda: self.library.annotations.update(annotation_id, **changes),
            success=lambda _annotation: self._saved(annotation_id),
            what="Saving the highlight",
        )

    def _saved(self, annotation_id: int) -> None:
        self.panel.select_annotation(annotation_id)
        self._status("Highlight saved.")

    def _add_history_entry(self, menu: QMenu, chosen: list[int]) -> None:
        menu.addAction("History…", lambda: self.show_history(chosen[0])).setEnabled(len(chosen) == 1)

    def show_history(self, annotation_id: int) -> None:
        """Read who changed what in a highlight (on a worker: the server answers), then list it."""
        self.operations.run(
            lambda: (self.library.annotations.get(annotation_id), self.library.annotations.history(annotation_id)),
            success=lambda found: self._show_history(*found),
            what="Reading the highlight's history",
        )

    def _show_history(self, annotation: Annotation, entries: list[HistoryEntry]) -> None:
        if self.history_dialog is not None:
            self.history_dialog.close()
        self.history_dialog = HistoryDialog(annotation.exact, entries, self.window)
        self.history_dialog.show()

    def delete(self, annotation_id: int) -> None:
        """Delete a highlight (one undoable step)."""
        self.operations.run(
            lambda: self.library.annotations.delete(annotation_id),
            success=lambda _value: self._status("Highlight deleted. Undo with Ctrl+Z."),
            what="Deleting the highlight",
        )
