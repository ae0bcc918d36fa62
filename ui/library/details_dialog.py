"""Edit an article's details after import: title, author, date, source, publication, language and a note.

A syndicated copy also says, read-only, which article it repeats and how much of it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotations.language import LANGUAGE_NAMES
from annotations.models import Document, DocumentMetadata
from ui.article_fields import UnknownLanguage, copy_description, date_problem, language_label, parse_language
from ui.plain_text import plain_label, plain_tooltip


class DocumentDetailsDialog(QDialog):
    """Shows the stored details; ``saved(document_id, DocumentMetadata)`` carries only what changed."""

    saved = Signal(int, object)

    def __init__(self, document: Document, parent: QWidget | None = None, copy_root: Document | None = None) -> None:
        """``copy_root``: the article ``document`` is a copy of (its story's earliest), when it is one."""
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
        self.language_edit = language_combo(document.language)
        self.copy_label = plain_label(QLabel(copy_description(document, copy_root)))
        self.copy_label.setObjectName("copyOf")
        self.copy_label.setWordWrap(True)
        self.copy_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if copy_root is not None:
            self.copy_label.setToolTip(plain_tooltip(copy_root.title))
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
        form.addRow("&Language", self.language_edit)
        if self.copy_label.text():
            form.addRow("Syndicated copy", self.copy_label)
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
        try:
            edited["language"] = parse_language(self.language_edit.currentText())
        except UnknownLanguage:
            pass  # problem() keeps such a form from being saved
        return DocumentMetadata(**{name: value for name, value in edited.items() if value != getattr(self.document, name)})

    def problem(self) -> str:
        """Why the form cannot be saved as it is, or an empty string."""
        if not self.title_edit.text().strip():
            return "An article needs a title."
        date = date_problem(self.date_edit.text())
        if date:
            return date[0].upper() + date[1:] + "."
        try:
            parse_language(self.language_edit.currentText())
        except UnknownLanguage:
            return "Choose a language from the list, or type its ISO code (e.g. fa for Persian)."
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


def language_combo(code: str) -> QComboBox:
    """An editable list of languages by name, showing ``code`` (a detected one the list lacks is added)."""
    combo = QComboBox()
    combo.setObjectName("languageEdit")
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItem(language_label(""), "")
    for known in sorted(LANGUAGE_NAMES, key=lambda key: LANGUAGE_NAMES[key]):
        combo.addItem(language_label(known), known)
    if combo.findData(code) < 0:
        combo.addItem(language_label(code), code)
    combo.setCurrentIndex(combo.findData(code))
    combo.setToolTip("Detected at import; a plain word in search matches its forms in this language")
    return combo
