"""Asked after an import that found changed files: replace the articles (keeping highlights) or skip."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import ImportOutcome
from ui.plain_text import plain_label, plain_tooltip


def offer_headline(count: int) -> str:
    if count == 1:
        return "1 file is a newer version of an article in your library."
    return f"{count} files are newer versions of articles in your library."


class ReimportOfferDialog(QDialog):
    """Lists the changed files (each can be unticked); Replace emits the ticked ones, Skip imports nothing."""

    replace_requested = Signal(list)  # list[ImportOutcome]

    def __init__(self, outcomes: Sequence[ImportOutcome], import_headline: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reimportOffer")
        self.setWindowTitle("Newer versions found")
        self.outcomes = list(outcomes)
        self.resize(600, 340)

        self.headline_label = QLabel(offer_headline(len(self.outcomes)))
        self.headline_label.setObjectName("dialogHeadline")
        self.headline_label.setWordWrap(True)
        explanation = QLabel(
            "Replace updates each article's text and keeps its highlights: each one is looked for in the new "
            "text; highlights whose passage is gone are kept as orphans, for you to re-attach or delete."
        )
        explanation.setObjectName("dialogHint")
        explanation.setWordWrap(True)
        self.file_list = QListWidget()
        self.file_list.setObjectName("reimportFiles")
        self.file_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for outcome in self.outcomes:
            item = QListWidgetItem(f"“{outcome.duplicate_title}”\nnew version: {outcome.path}")
            item.setToolTip(plain_tooltip(str(outcome.path)))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.file_list.addItem(item)
        self.file_list.itemChanged.connect(self._update_buttons)

        buttons = QDialogButtonBox()
        self.replace_button = QPushButton("Replace")
        self.replace_button.setDefault(True)
        self.skip_button = QPushButton("Skip")
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.replace_button.clicked.connect(self._on_replace)
        self.skip_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        if import_headline:
            context = plain_label(QLabel(import_headline))
            context.setObjectName("dialogHint")
            context.setWordWrap(True)
            layout.addWidget(context)
        layout.addWidget(self.headline_label)
        layout.addWidget(explanation)
        layout.addWidget(self.file_list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> list[ImportOutcome]:
        """The ticked files, in the order listed."""
        return [
            outcome
            for row, outcome in enumerate(self.outcomes)
            if self.file_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _update_buttons(self) -> None:
        self.replace_button.setEnabled(bool(self.chosen()))

    def _on_replace(self) -> None:
        chosen = self.chosen()
        self.accept()
        if chosen:
            self.replace_requested.emit(chosen)
