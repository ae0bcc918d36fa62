"""Painting the "Every mention" lines: the match in one column, its context either side.

A left-to-right line has the text before the match right-aligned against the column and the text
after it to its right. A right-to-left line (Arabic, Persian, Hebrew: ``ui.bidi`` decides from the
line's letters) is the mirror image: the match ends at the column measured from the right edge, the
text before it runs to its right and the text after it to its left, each piece laid out right to left.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.bidi import is_right_to_left
from ui.search.concordance import COUNT_ROLE, ROW_ROLE, KwicRow, mentions
from ui.theme import current_theme

_MATCH_COLUMN = 0.42  # the match starts (right to left: ends) at this fraction of the line's width
_PAD = 10
_GAP = 3  # between the match's mark and its context
_MIN_MATCH = 16  # px a very long match keeps, however little room there is
_ABSOLUTE = Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter  # pixel places, not mirrored


def line_is_right_to_left(row: KwicRow) -> bool:
    """Whether a concordance line reads right to left: decided by all its letters, the match's and its context's."""
    return is_right_to_left(row.left + row.match + row.right) is True


class ConcordanceDelegate(QStyledItemDelegate):
    """Paints a header (title, count) or a line: the context aligned to the match column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def match_x(self, rect: QRect, right_to_left: bool = False) -> int:
        """Where every match starts in a line painted inside ``rect`` (right to left: where it ends)."""
        offset = int((rect.width() - 2 * _PAD) * _MATCH_COLUMN)
        return rect.right() - _PAD - offset if right_to_left else rect.x() + _PAD + offset

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, KwicRow):
            return
        painter.save()
        if row.is_header:
            self._paint_header(painter, option, row, str(index.data(COUNT_ROLE) or mentions(row.count)))
        else:
            self._paint_line(painter, option, row)
        painter.restore()

    def _paint_line(self, painter: QPainter, option: QStyleOptionViewItem, row: KwicRow) -> None:
        rect = option.rect
        theme = current_theme()  # colours read at each paint: a new theme shows at once
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, theme.color("list_selection"))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, theme.color("hover"))
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        bold_metrics = QFontMetrics(bold)
        inner = rect.adjusted(_PAD, 0, -_PAD, 0)
        right_to_left = line_is_right_to_left(row)
        column = self.match_x(rect, right_to_left)
        # A long match leaves a little of the context after it (on its left in a right-to-left line).
        room = max(_MIN_MATCH, (column - inner.x() if right_to_left else inner.right() - column) - 24)
        match = bold_metrics.elidedText(row.match, Qt.TextElideMode.ElideRight, room)
        match_width = bold_metrics.horizontalAdvance(match)
        if right_to_left:
            painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            match_left = column - match_width
            before = QRect(column + _GAP, rect.y(), max(0, inner.right() - column - _GAP), rect.height())
            after = QRect(inner.x(), rect.y(), max(0, match_left - _GAP - inner.x()), rect.height())
            before_align, after_align = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        else:
            match_left = column
            before = QRect(inner.x(), rect.y(), max(0, column - _GAP - inner.x()), rect.height())
            after_x = column + match_width + _GAP
            after = QRect(after_x, rect.y(), max(0, inner.right() - after_x), rect.height())
            before_align, after_align = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.color("search_match"))
        painter.drawRoundedRect(QRect(match_left - 2, rect.y() + 3, match_width + 4, rect.height() - 6), 3, 3)
        painter.setPen(theme.color("search_match_ink"))
        painter.setFont(bold)
        painter.drawText(QRect(match_left, rect.y(), match_width + 2, rect.height()), _ABSOLUTE, match)
        painter.setFont(font)
        painter.setPen(theme.color("list_selection_ink" if selected else "ink"))
        # The text before the match loses its far beginning, the text after it its far end.
        shown_before = metrics.elidedText(row.left, Qt.TextElideMode.ElideLeft, before.width())
        shown_after = metrics.elidedText(row.right, Qt.TextElideMode.ElideRight, after.width())
        painter.drawText(before, _ABSOLUTE | before_align, shown_before)
        painter.drawText(after, _ABSOLUTE | after_align, shown_after)

    def _paint_header(self, painter: QPainter, option: QStyleOptionViewItem, row: KwicRow, count: str) -> None:
        rect = option.rect
        theme = current_theme()
        painter.setPen(theme.color("border"))
        painter.drawLine(rect.left() + _PAD, rect.top() + 4, rect.right() - _PAD, rect.top() + 4)
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(font)
        count_font = QFont(option.font)
        count_font.setPointSizeF(max(7.0, option.font.pointSizeF() - 0.5))
        count_metrics = QFontMetrics(count_font)
        count_width = count_metrics.horizontalAdvance(count)
        inner = rect.adjusted(_PAD, 8, -_PAD, 0)
        title = metrics.elidedText(row.title, Qt.TextElideMode.ElideRight, inner.width() - count_width - 12)
        painter.setFont(font)
        painter.setPen(theme.color("ink"))
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(count_font)
        painter.setPen(theme.color("muted"))
        painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        height = QFontMetrics(option.font).height()
        row = index.data(ROW_ROLE)
        if isinstance(row, KwicRow) and row.is_header:
            return QSize(200, height + 18)
        return QSize(200, height + 8)
