"""New Claim… and Edit Claim…: a claim's text, note and tags in one small dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from annotations.models import Claim


def split_tags(text: str) -> list[str]:
    """Tags typed as "iran, missiles" (commas, or spaces when there is no comma)."""
    parts = text.split(",") if "," in text else text.split()
    return [part.strip() for part in parts if part.strip()]


class ClaimDialog(QDialog):
    """Asks for a claim's text (required), a note and tags; OK stays off until there is text."""

    def __init__(self, parent: QWidget | None = None, claim: Claim | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimDialog")
        self.setWindowTitle("Edit Claim" if claim else "New Claim")
        self.text_edit = QLineEdit(claim.text if claim else "")
        self.text_edit.setPlaceholderText("A short statement, e.g. “Experts visited Tehran in April 2024”")
        self.note_edit = QPlainTextEdit(claim.note if claim else "")
        self.note_edit.setPlaceholderText("Why it matters, what would settle it (optional)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.tags_edit = QLineEdit(", ".join(claim.tags) if claim else "")
        self.tags_edit.setPlaceholderText("Tags, separated by commas (optional)")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save" if claim else "Add Claim")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Claim:", self.text_edit)
        form.addRow("Note:", self.note_edit)
        form.addRow("Tags:", self.tags_edit)
        form.addRow(buttons)
        self.text_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        self.resize(480, self.sizeHint().height())

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.text_edit.text().strip()))

    @property
    def text(self) -> str:
        return self.text_edit.text().strip()

    @property
    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    @property
    def tags(self) -> list[str]:
        return split_tags(self.tags_edit.text())
