"""The reader: one article, its highlights drawn over the text, selection -> highlight requests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QTextCursor
from PySide6.QtWidgets import QMenu, QTextBrowser, QTextEdit, QWidget

from annotations.models import HIGHLIGHT_COLORS, Annotation, Document
from annotations.sanitize import is_safe_link
from ui.reader.find_marks import FindMarks
from ui.reader.marks import drawn, extra_selections, paint_underlines
from ui.reader.overlap_menu import build_overlap_menu
from ui.reader.render import Typography, build_document
from ui.reader.scrolling import line_top, position_at
from ui.reader.snapping import ClickCounter, MouseDrag, paragraph_at, selection_cursor, word_at

READING_WIDTH = 720  # px: about 70 characters a line at the body size
MIN_SIDE_MARGIN = 28
_COLOR_KEYS = {getattr(Qt.Key, f"Key_{number}"): color for number, color in enumerate(HIGHLIGHT_COLORS, 1)}
# Shift+digit arrives as the digit on some platforms, as the shifted symbol on others (US, UK and German layouts).
_SHIFTED_SYMBOLS = {
    Qt.Key.Key_Exclam: 1,
    Qt.Key.Key_At: 2,
    Qt.Key.Key_QuoteDbl: 2,
    Qt.Key.Key_NumberSign: 3,
    Qt.Key.Key_sterling: 3,
    Qt.Key.Key_section: 3,
    Qt.Key.Key_Dollar: 4,
    Qt.Key.Key_Percent: 5,
}
CITE_KEYS = QKeyCombination(Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_C)
_SHIFTED_KEYS = {**_COLOR_KEYS, **{key: HIGHLIGHT_COLORS[number - 1] for key, number in _SHIFTED_SYMBOLS.items()}}


class ReaderView(QTextBrowser):
    """Shows one document. Offsets everywhere are positions in ``toPlainText()``, the canonical text."""

    highlight_requested = Signal(int, int, str, str)  # start, end, colour name, style ("highlight"/"underline")
    annotation_clicked = Signal(int)  # annotation id under a click (chosen from a menu where highlights overlap)
    document_shown = Signal(int)  # the id of the article now shown, -1 when none
    # Ctrl+Shift+C: start, end, annotation id (-1 for a selected passage); start == end: there is nothing to cite
    citation_requested = Signal(int, int, int)
    relaid_out = Signal()  # the same article set again in a new typography: marks drawn over it, redraw them

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setAccessibleName("Article text")
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
        self._highlight_marks: list[QTextEdit.ExtraSelection] = []
        self.find_marks = FindMarks(self.document())  # Find's matches, drawn over the highlights
        self.underline_mode = False  # the colour keys and buttons underline instead of highlighting
        self.overlap_menu: QMenu | None = None
        self._drag: MouseDrag | None = None  # the left button's drag under way, snapping to words
        self._clicks = ClickCounter()
        self.typography = Typography()  # font, size, line spacing: ui.reader.measure keeps them as set
        self.reading_width = READING_WIDTH  # px of the text column (the line width in characters, measured)
        self.document_html = ""  # what is shown, so a new typography can lay it out again
        self._pending_top: int | None = None  # a reading place asked for before the text was laid out

    # -- content ---------------------------------------------------------------------------------
    def show_document(self, document: Document, annotations: list[Annotation]) -> None:
        build_document(document.html, self.document(), self.typography)
        self.document_html = document.html
        self._center_text_column()
        self.document_id = document.id
        self._found = None
        self.find_marks.clear()  # the Find bar finds again in the new text (document_shown)
        self.set_annotations(annotations)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(0)
        self._pending_top = None
        self.document_shown.emit(document.id)

    def clear_document(self) -> None:
        self.document().clear()
        self.document_html = ""
        self.document_id = None
        self._pending_top = None
        self._annotations = []
        self._highlight_marks = []
        self.find_marks.clear()
        self._compose_marks()
        self.document_shown.emit(-1)

    def apply_typography(self, typography: Typography, reading_width: int) -> None:
        """Set the text in a new font, size, spacing or line width (``ui.reader.measure``): the same
        character stays at the top, and the highlights and the selection stay where they were."""
        self.typography, self.reading_width = typography, reading_width
        if self.document_id is None:
            self._center_text_column()
            return
        top, cursor = self.top_position(), self.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        build_document(self.document_html, self.document(), typography)
        self._center_text_column()
        self.set_annotations(self._annotations)
        kept = QTextCursor(self.document())
        kept.setPosition(anchor)
        kept.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(kept)
        self.scroll_to_position(top)
        self.relaid_out.emit()

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """Draw highlights as translucent backgrounds (overlaps blend) and underlines as coloured bars.

        Orphans are never drawn: their offsets point into an older version of the text."""
        self._annotations = drawn(annotations, self.document().characterCount() - 1)
        self._highlight_marks = extra_selections(self.document(), self._annotations)
        self._compose_marks()
        self.viewport().update()

    def set_find_marks(self, spans: list[tuple[int, int]], current: tuple[int, int] | None) -> None:
        """Mark Find's matches softly and the current one strongly, beside the highlights."""
        self.find_marks.set(spans, current)
        self._compose_marks()

    def _compose_marks(self) -> None:
        self.setExtraSelections(self._highlight_marks + self.find_marks.selections(self.palette()))

    @property
    def annotations(self) -> list[Annotation]:
        """The highlights drawn now (no orphans)."""
        return list(self._annotations)

    def highlight_at(self, position: int) -> list[Annotation]:
        """The drawn highlights covering the character at ``position``, outermost first."""
        under = [annotation for annotation in self._annotations if annotation.start <= position < annotation.end]
        return sorted(under, key=lambda annotation: (annotation.start, -annotation.end))

    def char_position_at(self, point: QPoint) -> int:
        """The character under a viewport point (not the nearest gap between characters, as cursorForPosition).

        The character is the one whose two edges (the carets before and after it) enclose the point, looked
        for around Qt's gap: in right-to-left text a character lies right of the gap before it, and Qt's
        gap may be off by a character or two for narrow letters such as alef."""
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        block_start = cursor.block().position()
        block_end = block_start + cursor.block().length() - 1
        probe = QTextCursor(self.document())
        for candidate in (position - 1, position, position - 2, position + 1):
            if not block_start <= candidate < block_end:
                continue
            probe.setPosition(candidate)
            before = self.cursorRect(probe)
            probe.setPosition(candidate + 1)
            after = self.cursorRect(probe)
            if before.y() == after.y() and min(before.x(), after.x()) <= point.x() < max(before.x(), after.x()):
                return candidate
        return position

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

    def request_highlight(self, color: str, style: str | None = None) -> bool:
        """Ask for a highlight of the selection; ``style`` defaults to the underline mode's choice."""
        selected = self.selected_range()
        if selected is None or not self.toPlainText()[selected[0] : selected[1]].strip():
            return False
        style = style or ("underline" if self.underline_mode else "highlight")
        self.highlight_requested.emit(selected[0], selected[1], color, style)
        return True

    def request_citation(self) -> bool:
        """Ask for the selection, else the highlight under the caret, as a citation (Ctrl+Shift+C)."""
        if self.document_id is None:
            return False
        selected = self.selected_range()
        if selected is not None and self.toPlainText()[selected[0] : selected[1]].strip():
            self.citation_requested.emit(selected[0], selected[1], -1)
            return True
        under = self.highlight_at(self.textCursor().position())
        if under:
            innermost = under[-1]
            self.citation_requested.emit(innermost.start, innermost.end, innermost.id)
            return True
        return False

    # -- events ----------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        """Ctrl+Shift+C is the reader's own here (the window's Copy as Citation action acts elsewhere)."""
        if event.type() == QEvent.Type.ShortcutOverride and _is_cite_key(event):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1–5 highlight in a colour (or underline, in underline mode); Shift+1–5 always underline;
        Ctrl+Shift+C copies the selection or the highlight under the caret as a citation."""
        if _is_cite_key(event):
            if not self.request_citation():
                self.citation_requested.emit(0, 0, -1)  # nothing to cite: the controller says so
            event.accept()
            return
        key = Qt.Key(event.key())
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        color, style = None, None
        if modifiers == Qt.KeyboardModifier.NoModifier:
            color = _COLOR_KEYS.get(key)
        elif modifiers == Qt.KeyboardModifier.ShiftModifier:
            color, style = _SHIFTED_KEYS.get(key), "underline"
        if color and self.request_highlight(color, style):
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press starts a drag that snaps to words (see ``ui.reader.snapping``); the third click of a
        triple-click selects the paragraph."""
        third_click = self._clicks.is_third(event)
        super().mousePressEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        if third_click:
            start, end = paragraph_at(self.document(), self.char_position_at(point))
            self.setTextCursor(selection_cursor(self.document(), start, end))
        precise = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        extending = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)  # Shift+click: from the old anchor
        origin = self.textCursor().anchor() if extending else self.cursorForPosition(point).position()
        self._drag = MouseDrag(origin, paragraphs=third_click, precise=precise)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._snap_drag(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click selects a word as search defines it (so "air-defense" gives "air")."""
        super().mouseDoubleClickEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        self._clicks.double_clicked(event)
        word = word_at(self.document(), self.char_position_at(point))
        if word is not None:
            self.setTextCursor(selection_cursor(self.document(), *word))
        self._drag = MouseDrag(self.cursorForPosition(point).position(), word=word)

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._snap_drag(event)
            self._drag = None
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            under = self.highlight_at(self.char_position_at(event.position().toPoint()))
            if len(under) == 1:
                self.annotation_clicked.emit(under[0].id)
            elif under:
                self.offer_overlapping(under, event.globalPosition().toPoint())

    def _snap_drag(self, event: QMouseEvent) -> None:
        """Widen the drag's selection to whole words (paragraphs after a triple-click), live as the mouse
        moves so the user sees what a highlight will take; Alt keeps it to the characters."""
        cursor = self.textCursor()
        if self._drag is None or not cursor.hasSelection():
            return
        precise = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier) or self._drag.precise
        anchor, position = self._drag.selection(self.document(), cursor.position(), precise=precise)
        if (anchor, position) != (cursor.anchor(), cursor.position()):
            self.setTextCursor(selection_cursor(self.document(), anchor, position))

    def offer_overlapping(self, annotations: list[Annotation], global_position: QPoint) -> QMenu:
        """Pop up a menu of the highlights at one place; choosing one emits ``annotation_clicked``."""
        if self.overlap_menu is not None:
            self.overlap_menu.close()
            self.overlap_menu.deleteLater()
        menu = build_overlap_menu(annotations, self)
        menu.triggered.connect(self._on_overlap_chosen)
        self.overlap_menu = menu
        menu.popup(global_position)
        return menu

    def _on_overlap_chosen(self, action: QAction) -> None:
        if action.data() is not None:
            self.annotation_clicked.emit(int(action.data()))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if any(annotation.style == "underline" for annotation in self._annotations):
            painter = QPainter(self.viewport())
            offset = QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
            paint_underlines(painter, self.document(), self._annotations, offset, event.rect())
            painter.end()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        kept = self._pending_top if self._pending_top is not None or self.document_id is None else self.top_position()
        super().resizeEvent(event)
        self._center_text_column()
        if kept is not None:
            self.scroll_to_position(kept)  # new line breaks: the same line stays at the top

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._pending_top is not None:
            self.scroll_to_position(self._pending_top)

    # -- reading places (characters, not pixels: see ui.reader.scrolling) -------------------------------
    def top_position(self) -> int:
        """The character at the start of the top line in view."""
        if self._pending_top is not None:
            return self._pending_top
        return position_at(self.document(), self.verticalScrollBar().value())

    def scroll_to_position(self, position: int) -> None:
        """Scroll so the line holding ``position`` is at the top (once the text is laid out, if hidden now)."""
        if not self.isVisible():
            self._pending_top = position
            return
        self._pending_top = None
        self.verticalScrollBar().setValue(round(line_top(self.document(), position)))

    def _center_text_column(self) -> None:
        """Keep a comfortable line length: wide windows get equal side margins, not longer lines."""
        side = max(MIN_SIDE_MARGIN, (self.viewport().width() - self.reading_width) // 2)
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
        if is_safe_link(href):  # the checked string is what opens, not Qt's reading of it
            QDesktopServices.openUrl(QUrl(href, QUrl.ParsingMode.StrictMode))


def _is_cite_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeyCombination(modifiers, Qt.Key(event.key())) == CITE_KEYS
