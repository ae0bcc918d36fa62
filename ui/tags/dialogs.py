"""Small non-blocking dialogs of the tag manager: a tag name or choice, and a tag's colour and description.

Each emits what was asked for and stays open until its owner calls ``accept()``, so an error from the
core (a name clash, say) is shown in the dialog and can be corrected there. ``TagDialog`` is a whole
dialog on its own (prompt, form, error line, OK/Cancel); OK emits ``submitted`` and each kind of
dialog turns that into its own answer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotations.models import HIGHLIGHT_COLORS
from ui.plain_text import plain_label
from ui.tags.model import tag_swatch

TOP_LEVEL = "(top level)"


class TagDialog(QDialog):
    """A prompt, a form and OK/Cancel; OK emits ``submitted``, ``show_error`` keeps the dialog open with a message."""

    submitted = Signal()

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self.prompt_label = plain_label(QLabel(prompt))
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.form = QFormLayout()
        self.error_label = plain_label(QLabel())
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submitted)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def set_busy(self, busy: bool) -> None:
        """While the answer is being applied, OK cannot be pressed again."""
        self.ok_button.setEnabled(not busy)


class TagChoiceDialog(TagDialog):
    """Asks for one tag name: typed, or picked from ``choices``; ``chosen(name)`` on OK.

    With choices the field is an editable drop-down, without them a plain line (``text_edit`` either way).
    A special choice may stand for a different value (``(top level)`` means "")."""

    chosen = Signal(str)

    def __init__(
        self,
        title: str,
        prompt: str,
        field_label: str,
        *,
        text: str = "",
        choices: list[str] | None = None,
        special: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, prompt, parent)
        self.submitted.connect(self._on_ok)
        self.special = dict(special or {})
        self.field: QComboBox | None = None
        if choices or self.special:
            self.field = QComboBox()
            self.field.setEditable(True)
            self.field.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.field.setMaxVisibleItems(16)
            self.field.addItems([*self.special, *(choices or [])])
            completer = QCompleter(self.field.model(), self.field)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.field.setCompleter(completer)
            self.text_edit = self.field.lineEdit()
            self.form.addRow(field_label, self.field)
        else:
            self.text_edit = QLineEdit()
            self.form.addRow(field_label, self.text_edit)
        self.text_edit.setText(text)
        self.text_edit.selectAll()
        self.text_edit.setFocus()

    def choices(self) -> list[str]:
        """What the drop-down offers, in order."""
        return [self.field.itemText(row) for row in range(self.field.count())] if self.field is not None else []

    def choose(self, text: str) -> None:
        """Pick one of the offered choices (as a click in the drop-down does)."""
        assert self.field is not None
        self.field.setCurrentIndex(self.field.findText(text))

    def value(self) -> str:
        text = self.text_edit.text().strip()
        return self.special.get(text, text)

    def _on_ok(self) -> None:
        if not self.value() and "" not in self.special.values():
            self.show_error("Type a tag name.")
            return
        self.chosen.emit(self.value())


class TagDetailsDialog(TagDialog):
    """A tag's colour (or none) and description; ``saved(name, colour, description)`` on OK."""

    saved = Signal(str, str, str)

    def __init__(self, name: str, color: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__("Tag details", f"Colour and description of “{name}”", parent)
        self.submitted.connect(self._on_ok)
        self.name = name
        self.color_box = QComboBox()
        self.color_box.addItem(tag_swatch(""), "None", "")
        for option in HIGHLIGHT_COLORS:
            self.color_box.addItem(tag_swatch(option), option.capitalize(), option)
        self.color_box.setCurrentIndex(max(0, self.color_box.findData(color)))
        self.description_edit = QPlainTextEdit(description)
        self.description_edit.setPlaceholderText("What this tag is for, when to use it")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(90)
        self.form.addRow("Colour", self.color_box)
        self.form.addRow("Description", self.description_edit)
        self.color_box.setFocus()

    def _on_ok(self) -> None:
        self.saved.emit(self.name, str(self.color_box.currentData()), self.description_edit.toPlainText().strip())
