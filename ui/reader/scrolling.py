"""Reading places as characters, not pixels: which character is at the top of the reader, and where a
character's line starts.

A pixel offset means nothing once the window, the font or the line width changes; a character offset
into the canonical text survives all of them (and a restart), so places are kept as characters and
turned into pixels only when scrolling there.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextBlock, QTextDocument

LEAD = 6.0  # px of the paragraph gap kept above a place's first line, so it does not touch the edge


def line_top(document: QTextDocument, position: int) -> float:
    """The scroll value (document y) that puts the line holding ``position`` at the top of the viewport."""
    position = max(0, min(position, document.characterCount() - 1))
    block = document.findBlock(position)
    if not block.isValid():
        return 0.0
    rectangle = document.documentLayout().blockBoundingRect(block)
    layout = block.layout()
    line = layout.lineForTextPosition(position - block.position())
    if not line.isValid():
        return max(0.0, rectangle.top() - LEAD)
    lead = LEAD if line.lineNumber() == 0 else 0.0
    return max(0.0, rectangle.top() + line.y() - lead)


def position_at(document: QTextDocument, y: float) -> int:
    """The first character of the first line whose bottom lies below document y ``y`` (a line cut by the
    top edge counts as the top line)."""
    mark = y + 1.0
    layout = document.documentLayout()
    hit = layout.hitTest(QPointF(document.documentMargin() + 1.0, mark), Qt.HitTestAccuracy.FuzzyHit)
    block = document.findBlock(max(0, hit))
    if not block.isValid():
        block = document.begin()
    while block.isValid():
        found = _line_below(block, layout.blockBoundingRect(block).top(), mark)
        if found is not None:
            return found
        block = block.next()
    return max(0, document.characterCount() - 1)


def _line_below(block: QTextBlock, top: float, mark: float) -> int | None:
    text_layout = block.layout()
    for number in range(text_layout.lineCount()):
        line = text_layout.lineAt(number)
        if top + line.y() + line.height() > mark:
            return block.position() + line.textStart()
    return None
