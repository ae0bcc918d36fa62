"""The centre of the window: the article's title block, a highlight toolbar and the reader."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from annotations.models import HIGHLIGHT_COLORS, Annotation, Document
from ui.reader.view import ReaderView
from ui.theme import HIGHLIGHT_RGB


def color_swatch(name: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(HIGHLIGHT_RGB[name]))
    return QIcon(pixmap)


class ReaderPane(QWidget):
    """Title, byline and highlight buttons above the ReaderView."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerPane")
        self.title_label = QLabel()
        self.title_label.setObjectName("articleTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("articleMeta")
        self.meta_label.setWordWrap(True)
        self.meta_label.setOpenExternalLinks(False)
        self.note_label = QLabel()
        self.note_label.setObjectName("articleNote")
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.hide()
        self.view = ReaderView()
        self.color_buttons: dict[str, QToolButton] = {}

        toolbar = QHBoxLayout()
        toolbar.setSpacing(4)
        hint = QLabel("Highlight:")
        hint.setObjectName("toolbarHint")
        toolbar.addWidget(hint)
        for number, color in enumerate(HIGHLIGHT_COLORS, 1):
            button = QToolButton()
            button.setObjectName(f"highlight_{color}")
            button.setIcon(color_swatch(color))
            button.setText(color.capitalize())
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"Highlight the selection in {color} ({number})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, chosen=color: self.view.request_highlight(chosen))
            self.color_buttons[color] = button
            toolbar.addWidget(button)
        toolbar.addStretch(1)

        header = QVBoxLayout()
        header.setContentsMargins(24, 14, 24, 8)
        header.setSpacing(4)
        header.addWidget(self.title_label)
        header.addWidget(self.meta_label)
        header.addWidget(self.note_label)
        header.addLayout(toolbar)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        self.show_placeholder()

    @property
    def highlight_requested(self) -> Signal:
        return self.view.highlight_requested

    def show_placeholder(self) -> None:
        self.title_label.setText("No article open")
        self.meta_label.setText("Choose an article on the left, or import one with File → Import (Ctrl+O).")
        self.note_label.hide()
        self.view.clear_document()
        for button in self.color_buttons.values():
            button.setEnabled(False)

    def show_document(self, document: Document, annotations: list[Annotation]) -> None:
        self.show_details(document)
        self.view.show_document(document, annotations)
        for button in self.color_buttons.values():
            button.setEnabled(True)

    def show_details(self, document: Document) -> None:
        """Title, byline, date, publication, source link and the article note above the text."""
        self.title_label.setText(document.title)
        parts = [html.escape(part) for part in (document.byline, document.published, document.site) if part]
        if document.source.startswith(("http://", "https://")):
            parts.append(f'<a href="{html.escape(document.source, quote=True)}">{html.escape(document.source)}</a>')
        self.meta_label.setText(" · ".join(parts))
        self.meta_label.setToolTip(document.source)
        self.note_label.setText(_shorten(document.note, MAX_NOTE_PREVIEW_CHARS))
        self.note_label.setToolTip(document.note if len(document.note) > MAX_NOTE_PREVIEW_CHARS else "")
        self.note_label.setVisible(bool(document.note))


MAX_NOTE_PREVIEW_CHARS = 400


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
