"""How Find's matches look in the reader: a soft wash over every match, a stronger one over the current.

Both are extra selections drawn after the highlights' (so a match inside a highlight still shows), in the
palette's highlight colour at two strengths, so they follow the theme; a property on each format tells
them from highlight marks (for hit-testing and tests).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextEdit

FIND_MARK_PROPERTY = QTextFormat.Property.UserProperty + 2  # "match" or "current" on a find mark's format
MATCH_ALPHA = 110  # of 255: the text stays the page's text, readable in every theme
CURRENT_ALPHA = 160


def find_mark_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """The washes for every match and for the current one, from the palette's highlight colour."""
    base = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    match, current = QColor(base), QColor(base)
    match.setAlpha(MATCH_ALPHA)
    current.setAlpha(CURRENT_ALPHA)
    return match, current


class FindMarks:
    """The extra selections of Find's matches in one document, rebuilt only when they must be: new matches,
    a new highlight colour, or a document laid out anew (its old cursors then point nowhere)."""

    def __init__(self, document: QTextDocument) -> None:
        self.document = document
        self.spans: list[tuple[int, int]] = []
        self.current: tuple[int, int] | None = None
        self._matches: list[QTextEdit.ExtraSelection] = []
        self._current: list[QTextEdit.ExtraSelection] = []
        self._colors: tuple[QColor, QColor] | None = None
        self._stale = False
        document.contentsChanged.connect(self._on_contents_changed)

    def set(self, spans: Sequence[tuple[int, int]], current: tuple[int, int] | None) -> None:
        spans = list(spans)
        if spans != self.spans:
            self.spans, self._stale = spans, True
        if current != self.current:
            self.current, self._current = current, []

    def clear(self) -> None:
        self.set([], None)

    def selections(self, palette: QPalette) -> list[QTextEdit.ExtraSelection]:
        """Every match softly, then the current one strongly, in ``palette``'s highlight colour."""
        colors = find_mark_colors(palette)
        if self._stale or colors != self._colors:
            self._colors, self._stale = colors, False
            match_format = _format(colors[0], "match")
            self._matches = [_selection(self.document, *span, match_format) for span in self._fitting(self.spans)]
            self._current = []
        if not self._current and self.current is not None:
            self._current = [_selection(self.document, *span, _format(colors[1], "current"))
                             for span in self._fitting([self.current])]  # fmt: skip
        return self._matches + self._current

    def _fitting(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        length = self.document.characterCount() - 1
        return [(start, end) for start, end in spans if 0 <= start < end <= length]

    def _on_contents_changed(self) -> None:
        self._stale = True
        self._current = []


def _format(color: QColor, kind: str) -> QTextCharFormat:
    char_format = QTextCharFormat()
    char_format.setBackground(color)
    char_format.setProperty(FIND_MARK_PROPERTY, kind)
    return char_format


def _selection(document: QTextDocument, start: int, end: int, char_format: QTextCharFormat) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    selection.cursor = cursor
    selection.format = char_format
    return selection
