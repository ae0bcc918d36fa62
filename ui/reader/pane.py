"""The centre of the window: the article's title block, a highlight toolbar and the reader."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from annotations.models import HIGHLIGHT_COLORS, Annotation, Document
from annotations.sanitize import is_safe_link
from ui.plain_text import plain_label, plain_tooltip
from ui.reader.compacting_bar import CompactingBar
from ui.reader.find_bar import FindBar
from ui.reader.marks import color_swatch, underline_icon
from ui.reader.view import ReaderView
from ui.reader.welcome import WelcomePage

__all__ = ["ReaderPane", "color_swatch"]


class ReaderPane(QWidget):
    """Title, byline and highlight buttons above the ReaderView."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerPane")
        self.title_label = plain_label(QLabel())  # a title is text, never markup (issue #13)
        self.title_label.setObjectName("articleTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("articleMeta")
        self.meta_label.setWordWrap(True)
        self.meta_label.setOpenExternalLinks(False)
        self.meta_label.setTextFormat(Qt.TextFormat.RichText)  # escaped parts and one checked link
        self.meta_label.linkActivated.connect(_open_checked_link)
        self.note_label = QLabel()
        self.note_label.setObjectName("articleNote")
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.hide()
        self.view = ReaderView()
        self.color_buttons: dict[str, QToolButton] = {}

        self.toolbar = CompactingBar()
        self.mode_label = QLabel()
        self.mode_label.setObjectName("toolbarHint")
        self.mode_label.setMinimumWidth(self.mode_label.fontMetrics().horizontalAdvance("Underline:") + 4)
        self.toolbar.add_widget(self.mode_label)
        for color in HIGHLIGHT_COLORS:
            button = QToolButton()
            button.setObjectName(f"highlight_{color}")
            button.setText(color.capitalize())
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, chosen=color: self.view.request_highlight(chosen))
            self.color_buttons[color] = button
            self.toolbar.add_labelled(button)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setObjectName("toolbarSeparator")
        self.toolbar.add_widget(separator)
        self.underline_button = QToolButton()
        self.underline_button.setObjectName("underlineToggle")
        self.underline_button.setText("Underline")
        self.underline_button.setIcon(underline_icon())
        self.underline_button.setCheckable(True)
        self.underline_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.underline_button.setToolTip(
            "Underline instead of highlighting: while this is on, the colour buttons and keys 1–5 underline.\n"
            "Shift+1–5 always underline."
        )
        self.underline_button.toggled.connect(self.set_underline_mode)
        self.toolbar.add_labelled(self.underline_button)
        self.toolbar.row.addStretch(1)
        self.set_underline_mode(False)

        header = QVBoxLayout()
        header.setContentsMargins(24, 14, 24, 8)
        header.setSpacing(4)
        header.addWidget(self.title_label)
        header.addWidget(self.meta_label)
        header.addWidget(self.note_label)
        header.addWidget(self.toolbar)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        self.find_bar = FindBar()  # Ctrl+F (ui.reader.find_controller); hidden until then
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.welcome = WelcomePage(self)  # over the whole pane while no article is open
        self.show_placeholder()

    @property
    def highlight_requested(self) -> Signal:
        return self.view.highlight_requested

    def set_underline_mode(self, on: bool) -> None:
        """Switch the colour buttons and keys 1–5 between highlighting and underlining."""
        self.view.underline_mode = on
        if self.underline_button.isChecked() != on:
            self.underline_button.setChecked(on)
        verb, style = ("Underline", "underline") if on else ("Highlight", "highlight")
        self.mode_label.setText(f"{verb}:")
        for number, (color, button) in enumerate(self.color_buttons.items(), 1):
            button.setIcon(color_swatch(color, style=style))
            shifted = "" if on else f", Shift+{number} to underline"
            button.setToolTip(f"{verb} the selection in {color} ({number}{shifted})")
            button.setAccessibleName(f"{verb} {color} ({number})")

    def show_placeholder(self) -> None:
        self.title_label.setText("No article open")
        self.meta_label.setText("Choose an article on the left, or import one with File → Import (Ctrl+O).")
        self.note_label.hide()
        self.view.clear_document()
        for button in (*self.color_buttons.values(), self.underline_button):
            button.setEnabled(False)
        self.view.hide()  # out of the Tab order under the welcome page
        self.welcome.show()
        self.welcome.raise_()

    def show_document(self, document: Document, annotations: list[Annotation]) -> None:
        self.welcome.hide()
        self.view.show()
        self.show_details(document)
        self.view.show_document(document, annotations)
        for button in (*self.color_buttons.values(), self.underline_button):
            button.setEnabled(True)

    def show_details(self, document: Document) -> None:
        """Title, byline, date, publication, source link and the article note above the text."""
        self.title_label.setText(document.title)
        parts = [html.escape(part) for part in (document.byline, document.published, document.site) if part]
        if is_safe_link(document.source) and not document.source.startswith("#"):
            parts.append(f'<a href="{html.escape(document.source, quote=True)}">{html.escape(document.source)}</a>')
        elif document.source:
            parts.append(html.escape(document.source))
        self.meta_label.setText(" · ".join(parts))
        self.meta_label.setToolTip(plain_tooltip(document.source))
        self.note_label.setText(_shorten(document.note, MAX_NOTE_PREVIEW_CHARS))
        self.note_label.setToolTip(plain_tooltip(document.note) if len(document.note) > MAX_NOTE_PREVIEW_CHARS else "")
        self.note_label.setVisible(bool(document.note))


MAX_NOTE_PREVIEW_CHARS = 400


def _open_checked_link(href: str) -> None:
    """Open the source's address in the browser, only after the strict check the reader's links pass."""
    if is_safe_link(href) and not href.startswith("#"):
        QDesktopServices.openUrl(QUrl(href, QUrl.ParsingMode.StrictMode))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
