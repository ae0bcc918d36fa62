"""The library list kept in step with Changes, and what is done to one article: its details and deleting it.

Both writes go through ``Operations``; the list, the reader and the other views refresh from the
``Changes`` they broadcast.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from annotations.errors import LecternError
from annotations.models import Document, DocumentMetadata
from app import Changes, Library
from ui.controller import Controller
from ui.library.copies import CopiesController
from ui.library.details_dialog import DocumentDetailsDialog
from ui.library.model import DOCUMENT_ID_ROLE
from ui.library.panel import LibraryPanel
from ui.library.rows import MANY_ARTICLES, ChangedRows, read_rows, root_sites
from ui.operations import Operations
from ui.plain_text import shown_as_text

LAST_DOCUMENT_KEY = "reader/document_id"


class LibraryController(Controller):
    """Owns the library panel's contents, the details dialog and the delete question."""

    def __init__(self, library: Library, operations: Operations, panel: LibraryPanel, window: QWidget) -> None:
        super().__init__(library, operations, window)
        self.panel = panel
        self.window = window
        self.details_dialog: DocumentDetailsDialog | None = None
        panel.details_requested.connect(self.edit_details)
        panel.delete_requested.connect(self.delete_document)
        operations.events.changed.connect(self._on_changed)
        self.copies = CopiesController(library, operations, panel, window)  # View → Hide Syndicated Copies
        self.copies.mark_unmarked()  # a library from before copies: compared on the worker, batch by batch

    def refresh(self) -> None:
        """Every row again, read here (the window's first load, before it is shown)."""
        self.panel.model.set_root_sites(root_sites(self.library))
        self.panel.set_documents(self.library.documents.summaries())

    def reload(self) -> None:
        """Every row again, read on a worker and shown with one reset (many articles changed at once)."""
        self.operations.run(
            lambda: ChangedRows(self.library.documents.summaries(), frozenset(), root_sites(self.library)),
            success=self._show_all,
            what="Reading the library",
        )

    def _show_all(self, rows: ChangedRows) -> None:
        self.panel.model.set_root_sites(rows.root_sites)
        self.panel.set_documents(rows.present)

    def _patch(self, rows: ChangedRows) -> None:
        self.panel.model.set_root_sites(rows.root_sites)
        self.panel.patch_documents(rows.present, rows.gone)

    def _on_changed(self, changes: Changes) -> None:
        touched = changes.documents | changes.annotated_documents  # articles, or their highlight counts
        if not touched:
            return
        if len(touched) > MANY_ARTICLES:
            self.reload()
            return
        # Read on the serial worker, after the write that caused this change; only these rows change on screen.
        self.operations.run(
            lambda: read_rows(self.library, touched),
            success=self._patch,
            what="Reading the library",
        )

    def select_initial(self, remembered: object) -> None:
        """Select the article read last (``remembered``, from the settings) or the first listed."""
        model = self.panel.model
        if model.rowCount() == 0:
            return
        try:
            last = int(remembered) if remembered is not None else None  # type: ignore[call-overload]
        except (TypeError, ValueError):  # a settings file edited by hand
            last = None
        wanted = last if last is not None and model.row_of(last) >= 0 else None
        if wanted is None:
            wanted = int(self.panel.proxy.index(0, 0).data(DOCUMENT_ID_ROLE))
        self.panel.select_document(wanted)

    @staticmethod
    def remembered() -> object:
        return QSettings().value(LAST_DOCUMENT_KEY)

    @staticmethod
    def remember(document_id: int | None) -> None:
        if document_id is not None:
            QSettings().setValue(LAST_DOCUMENT_KEY, document_id)

    def _document(self, document_id: int | None) -> Document | None:
        """The article, or None (said in the status bar when it is gone)."""
        if document_id is None:
            return None
        try:
            return self.library.documents.get(document_id)
        except LecternError as error:
            self.say(str(error))
            return None

    # -- details ---------------------------------------------------------------------------------
    def edit_details(self, document_id: int | None) -> None:
        """Open the article details dialog (title, author, date, source, publication, language, note)."""
        document = self._document(document_id)
        if document is None:
            return
        root = self._document(document.copy_of) if document.copy_of not in (None, document.id) else None
        dialog = DocumentDetailsDialog(document, self.window, copy_root=root)
        dialog.saved.connect(lambda saved_id, changes: self._save_details(dialog, saved_id, changes))
        self.details_dialog = dialog
        dialog.open()

    def _save_details(self, dialog: DocumentDetailsDialog, document_id: int, changes: DocumentMetadata) -> None:
        def saved(document: Document) -> None:
            dialog.accept()
            self.say(f"Saved the details of “{document.title}”.")

        dialog.buttons.setEnabled(False)  # one save at a time
        self.operations.run(
            lambda: self.library.documents.update_metadata(document_id, changes),
            success=saved,
            failure=lambda message, _error: (dialog.buttons.setEnabled(True), dialog.show_error(message)),
            what="Saving the details",
        )

    # -- deleting --------------------------------------------------------------------------------
    def delete_document(self, document_id: int | None) -> None:
        """Ask, then delete an article with its highlights (not undoable, so the question names them)."""
        document = self._document(document_id)
        if document is None:
            return
        # a team library's article holds others' work too (their private highlights counted, never shown)
        others = self.library.documents.others_work(document_id) if self.library.team else None
        if others is not None:
            question = f"Delete “{document.title}”? It holds {others.summary()}. This cannot be undone."
        else:
            count = len(self.library.annotations.for_document(document_id))
            question = f"Delete “{document.title}” and its {count} highlight{'s' if count != 1 else ''}? This cannot be undone."
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        answer = QMessageBox.question(
            self.window, "Delete article", shown_as_text(question), yes | no, no if others is not None else yes
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.operations.run(
                lambda: self.library.documents.delete(document_id),
                success=lambda _value: self.say(f"Deleted “{document.title}”."),
                what="Deleting the article",
            )
