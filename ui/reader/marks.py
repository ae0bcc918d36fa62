"""How highlights look in the reader: translucent backgrounds, thick coloured underlines, and swatches.

Backgrounds are extra selections, drawn longest first so a nested highlight sits on top and both colours
blend where they overlap. Underlines get an extra selection too (its format carries the style and the
underline colour, so tests and hit-testing see them), but Qt's own underline is a hairline, so
``paint_underlines`` draws a visible bar instead; overlapping underlines are stacked in lanes below the
text, so each colour stays visible, also over a highlight's background.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit

from annotations.models import Annotation
from ui.theme import composite, current_theme, highlight_color

ANNOTATION_ID_PROPERTY = QTextFormat.Property.UserProperty  # the highlight id on each extra selection's format
STYLE_PROPERTY = QTextFormat.Property.UserProperty + 1  # "highlight" or "underline"
BACKGROUND_ALPHA = 150  # the Light theme's: translucent, so two overlapping highlights blend into a third colour
UNDERLINE_THICKNESS = 3.0  # px
UNDERLINE_GAP = 1.5  # px between stacked underlines, and below the baseline's own hairline


def background_alpha() -> int:
    """The current theme's highlight alpha (a dark page needs a little more to show the colour)."""
    return current_theme().highlight_alpha


def underline_color(name: str) -> QColor:
    """The theme's saturated ink for an underline: the pastel highlight colours vanish as a thin line."""
    inks = current_theme().underlines
    return QColor(inks.get(name, inks["yellow"]))


def painted_highlight(name: str) -> QColor:
    """A highlight's colour as the page shows it: translucent, over the theme's page."""
    theme = current_theme()
    return composite(highlight_color(name, alpha=theme.highlight_alpha), theme.color("page"))


def drawn(annotations: Sequence[Annotation], length: int) -> list[Annotation]:
    """The highlights the reader draws: anchored ones that fit the text (orphans have stale offsets)."""
    return [a for a in annotations if not a.orphaned and 0 <= a.start < a.end <= length]


def extra_selections(document: QTextDocument, annotations: Sequence[Annotation]) -> list[QTextEdit.ExtraSelection]:
    """One extra selection per highlight: backgrounds longest first, then underlines on top."""
    backgrounds = sorted((a for a in annotations if a.style != "underline"), key=lambda a: (a.start - a.end, a.start))
    underlines = sorted((a for a in annotations if a.style == "underline"), key=lambda a: (a.start, a.end))
    selections = []
    for annotation in backgrounds + underlines:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(document)
        cursor.setPosition(annotation.start)
        cursor.setPosition(annotation.end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = mark_format(annotation)
        selections.append(selection)
    return selections


def mark_format(annotation: Annotation) -> QTextCharFormat:
    char_format = QTextCharFormat()
    if annotation.style == "underline":
        char_format.setUnderlineColor(underline_color(annotation.color))  # painted as a bar, not Qt's hairline
    else:
        char_format.setBackground(highlight_color(annotation.color, alpha=background_alpha()))
    char_format.setProperty(ANNOTATION_ID_PROPERTY, annotation.id)
    char_format.setProperty(STYLE_PROPERTY, annotation.style)
    return char_format


def underline_lanes(annotations: Sequence[Annotation]) -> list[tuple[Annotation, int]]:
    """Each underline with its lane (0 nearest the text): overlapping underlines get different lanes."""
    placed: list[tuple[Annotation, int]] = []
    for annotation in sorted((a for a in annotations if a.style == "underline"), key=lambda a: (a.start, -a.end)):
        busy = {lane for other, lane in placed if other.start < annotation.end and annotation.start < other.end}
        placed.append((annotation, next(lane for lane in range(len(busy) + 1) if lane not in busy)))
    return placed


def paint_underlines(
    painter: QPainter, document: QTextDocument, annotations: Sequence[Annotation], offset: QPointF, clip: QRect
) -> None:
    """Draw a thick bar under each underline highlight, line by line, in viewport coordinates."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for annotation, lane in underline_lanes(annotations):
        painter.setBrush(underline_color(annotation.color))
        for rect in underline_rects(document, annotation.start, annotation.end, lane):
            rect.translate(offset)
            if rect.intersects(QRectF(clip)):
                painter.drawRect(rect)
    painter.restore()


def underline_rects(document: QTextDocument, start: int, end: int, lane: int = 0) -> list[QRectF]:
    """The bars under ``[start, end)`` in document coordinates: one per laid-out line it spans."""
    rects = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        layout, text = block.layout(), block.text()
        origin = layout.position()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            line_start = block.position() + line.textStart()
            line_end = line_start + len(text[line.textStart() : line.textStart() + line.textLength()].rstrip())
            left, right = max(start, line_start), min(end, line_end)  # no bar under a line's trailing space
            if left >= right:
                continue
            x1 = line.cursorToX(left - block.position())[0]
            x2 = line.cursorToX(right - block.position())[0]
            baseline = origin.y() + line.y() + line.ascent()
            top = baseline + UNDERLINE_GAP + lane * (UNDERLINE_THICKNESS + UNDERLINE_GAP)
            rects.append(QRectF(origin.x() + min(x1, x2), top, abs(x2 - x1), UNDERLINE_THICKNESS))
        block = block.next()
    return rects


def color_swatch(name: str, size: int = 14, *, style: str = "highlight") -> QIcon:
    """A small icon for a colour in the current theme: a filled square (as the page shows it), or for underlines a letter-like mark over a bar."""
    pixmap = QPixmap(size, size)
    if style != "underline":
        pixmap.fill(painted_highlight(name))
        if current_theme().dark:  # a deep highlight colour on a dark toolbar: an edge in its ink finds it
            painter = QPainter(pixmap)
            painter.setPen(underline_color(name))
            painter.drawRect(0, 0, size - 1, size - 1)
            painter.end()
        return QIcon(pixmap)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(current_theme().color("muted"))
    bar = max(2.0, size / 5)
    for row, width in ((0.15, 0.8), (0.42, 0.6)):  # two short "lines of text"
        painter.drawRoundedRect(QRectF(size * 0.1, size * row, size * width, bar * 0.8), 1, 1)
    painter.setBrush(underline_color(name))
    painter.drawRect(QRectF(0, size - bar - 1, size, bar))
    painter.end()
    return QIcon(pixmap)


def underline_icon(size: int = 16) -> QIcon:
    """The underline toggle's icon: a serif "U" over a bar, in the toolbar's ink."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setFamilies(["Georgia", "DejaVu Serif", "serif"])
    font.setPixelSize(int(size * 0.8))
    font.setBold(True)
    painter.setFont(font)
    ink = current_theme().color("ink_soft")
    painter.setPen(ink)
    painter.drawText(QRectF(0, -1, size, size * 0.8), Qt.AlignmentFlag.AlignCenter, "U")
    painter.fillRect(QRectF(size * 0.15, size * 0.82, size * 0.7, max(2.0, size / 8)), ink)
    painter.end()
    return QIcon(pixmap)
