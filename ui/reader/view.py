"""The reader: one article, its highlights drawn over the text, selection -> highlight requests."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from annotations.models import HIGHLIGHT_COLORS, Annotation, Document
from annotations.sanitize import is_safe_link
from ui.reader.render import build_document
from ui.theme import highlight_color

READING_WIDTH = 720  # px: about 70 characters a line at the body size
MIN_SIDE_MARGIN = 28
_COLOR_KEYS = {getattr(Qt.Key, f"Key_{number}"): color for number, color in enumerate(HIGHLIGHT_COLORS, 1)}


class ReaderView(QTextBrowser):
    """Shows one document. Offsets everywhere are positions in ``toPlainText()``, the canonical text."""

    highlight_requested = Signal(int, int, str)  # start, end, colour name
    annotation_clicked = Signal(int)  # annotation id under a click

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.document_id: int | None = None
        self._annotations: list[Annotation] = []
        self._found: tuple[int, int] | None = None

    # -- content ---------------------------------------------------------------------------------
    def show_document(self, document: Document, annotations: list[Annotation]) -> None:
        build_document(document.html, self.document())
        self._center_text_column()
        self.document_id = document.id
        self._found = None
        self.set_annotations(annotations)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)

    def clear_document(self) -> None:
        self.document().clear()
        self.document_id = None
        self._annotations = []
        self.setExtraSelections([])

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """Draw each highlight as a translucent background, so overlaps show both colours."""
        self._annotations = list(annotations)
        selections = []
        length = self.document().characterCount() - 1
        for annotation in self._annotations:
            if annotation.end > length:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(annotation.start)
            cursor.setPosition(annotation.end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            char_format = QTextCharFormat()
            char_format.setBackground(highlight_color(annotation.color, alpha=150))
            char_format.setProperty(QTextCharFormat.Property.UserProperty, annotation.id)
            selection.format = char_format
            selections.append(selection)
        self.setExtraSelections(selections)

    def highlight_at(self, position: int) -> list[Annotation]:
        return [annotation for annotation in self._annotations if annotation.start <= position < annotation.end]

    # -- selection -------------------------------------------------------------------------------
    def selected_range(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and scroll it to the middle of the view."""
        length = self.document().characterCount() - 1
        start, end = max(0, min(start, length)), max(0, min(end, length))
        cursor = QTextCursor(self.document())
        cursor.setPosition(end)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        rectangle = self.cursorRect(cursor)
        scroll = self.verticalScrollBar()
        scroll.setValue(scroll.value() + rectangle.center().y() - self.viewport().height() // 2)

    def request_highlight(self, color: str) -> bool:
        selected = self.selected_range()
        if selected is None or not self.toPlainText()[selected[0] : selected[1]].strip():
            return False
        self.highlight_requested.emit(selected[0], selected[1], color)
        return True

    # -- events ----------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        color = _COLOR_KEYS.get(Qt.Key(event.key()))
        if color and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier and self.request_highlight(color):
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            position = self.cursorForPosition(event.position().toPoint()).position()
            under = self.highlight_at(position)
            if under:
                self.annotation_clicked.emit(under[-1].id)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._center_text_column()

    def _center_text_column(self) -> None:
        """Keep a comfortable line length: wide windows get equal side margins, not longer lines."""
        side = max(MIN_SIDE_MARGIN, (self.viewport().width() - READING_WIDTH) // 2)
        root = self.document().rootFrame()
        frame_format = root.frameFormat()
        if frame_format.leftMargin() != side:
            frame_format.setLeftMargin(side)
            frame_format.setRightMargin(side)
            root.setFrameFormat(frame_format)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        href = url.toString()
        if href.startswith("#"):
            return
        if is_safe_link(href):
            QDesktopServices.openUrl(url)
