"""Edit an article's details after import: title, author, date, source, publication and a note."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotations.models import Document, DocumentMetadata
from ui.plain_text import plain_label

# A date as researchers write it: a year, a month, a day, or a full ISO timestamp.
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][\d:.+\-Z]*)?)?)?$")


class DocumentDetailsDialog(QDialog):
    """Shows the stored details; ``saved(document_id, DocumentMetadata)`` carries only what changed."""

    saved = Signal(int, object)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentDetails")
        self.setWindowTitle("Article details")
        self.setMinimumWidth(520)
        self.document = document

        self.title_edit = QLineEdit(document.title)
        self.title_edit.setCursorPosition(0)  # show a long title from its start
        self.author_edit = QLineEdit(document.byline)
        self.author_edit.setPlaceholderText("Jane Doe, John Roe")
        self.date_edit = QLineEdit(document.published)
        self.date_edit.setPlaceholderText("2024-05-17")
        self.source_edit = QLineEdit(document.source)
        self.source_edit.setCursorPosition(0)
        self.source_edit.setPlaceholderText("https://… or a file path")
        self.site_edit = QLineEdit(document.site)
        self.site_edit.setPlaceholderText("Publication or website")
        self.note_edit = QPlainTextEdit(document.note)
        self.note_edit.setPlaceholderText("A note on the whole article (Markdown)")
        self.note_edit.setTabChangesFocus(True)
        self.error_label = plain_label(QLabel())
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("&Author", self.author_edit)
        form.addRow("&Date", self.date_edit)
        form.addRow("&Source", self.source_edit)
        form.addRow("&Publication", self.site_edit)
        form.addRow("&Note", self.note_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def changes(self) -> DocumentMetadata:
        """The edited fields that differ from the stored ones (``None`` for the others)."""
        edited = {
            "title": self.title_edit.text().strip(),
            "byline": self.author_edit.text().strip(),
            "published": self.date_edit.text().strip(),
            "source": self.source_edit.text().strip(),
            "site": self.site_edit.text().strip(),
            "note": self.note_edit.toPlainText().strip(),
        }
        return DocumentMetadata(**{name: value for name, value in edited.items() if value != getattr(self.document, name)})

    def problem(self) -> str:
        """Why the form cannot be saved as it is, or an empty string."""
        if not self.title_edit.text().strip():
            return "An article needs a title."
        date = self.date_edit.text().strip()
        if date and not _DATE.match(date):
            return "Write the date as a year, year-month or year-month-day, e.g. 2024-05-17."
        return ""

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _on_save(self) -> None:
        message = self.problem()
        if message:
            self.show_error(message)
            return
        self.saved.emit(self.document.id, self.changes())
