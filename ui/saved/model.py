"""The saved-searches table: name, live count and watch flag of each saved search."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPainterPath, QPen, QPixmap

from annotations.store_saved import SavedSearch
from ui.plain_text import plain_tooltip
from ui.theme import current_theme

SAVED_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_COLUMN, COUNT_COLUMN, WATCH_COLUMN = 0, 1, 2
PENDING = None  # a count still being computed

_Index = QModelIndex | QPersistentModelIndex


def eye_icon(open_: bool, size: int = 18) -> QIcon:
    """A small eye in the current theme: open (link colour) when the search is watched, faint with a slash when not."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x, for high-DPI screens
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scale = size * 2 / 18
    painter.scale(scale, scale)
    color = current_theme().color("link" if open_ else "faint")
    painter.setPen(QPen(color, 1.5))
    outline = QPainterPath()
    outline.moveTo(2, 9)
    outline.quadTo(9, 1.5, 16, 9)
    outline.quadTo(9, 16.5, 2, 9)
    painter.drawPath(outline)
    if open_:
        painter.setBrush(color)
        painter.drawEllipse(QPointF(9, 9), 2.6, 2.6)
    else:
        painter.drawEllipse(QRectF(6.6, 6.6, 4.8, 4.8))
        painter.drawLine(QPointF(3.5, 15), QPointF(14.5, 3))
    painter.end()
    return QIcon(pixmap)


class SavedSearchModel(QAbstractTableModel):
    """Rows of saved searches; counts arrive later from a worker (an int, or the query's error)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._searches: list[SavedSearch] = []
        self._counts: dict[int, int | str | None] = {}
        self._eyes: dict[str, tuple[QIcon, QIcon]] = {}  # per theme: (not watched, watched)

    def set_searches(self, searches: list[SavedSearch]) -> None:
        self.beginResetModel()
        self._searches = list(searches)
        self._counts = {s.id: self._counts.get(s.id, PENDING) for s in searches}
        self.endResetModel()

    def set_counts(self, counts: dict[int, int | str]) -> None:
        for row, saved in enumerate(self._searches):
            if saved.id in counts:
                self._counts[saved.id] = counts[saved.id]
                index = self.index(row, COUNT_COLUMN)
                self.dataChanged.emit(index, index)

    def searches(self) -> list[SavedSearch]:
        return list(self._searches)

    def count_of(self, search_id: int) -> int | str | None:
        return self._counts.get(search_id)

    def row_of(self, search_id: int) -> int:
        return next((row for row, s in enumerate(self._searches) if s.id == search_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._searches)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._searches):
            return None
        saved = self._searches[index.row()]
        column = index.column()
        count = self._counts.get(saved.id)
        if role == SAVED_SEARCH_ROLE:
            return saved
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME_COLUMN:
                return saved.name
            if column == COUNT_COLUMN:
                return "…" if count is PENDING else "!" if isinstance(count, str) else f"{count:,}"
        if role == Qt.ItemDataRole.DecorationRole and column == WATCH_COLUMN:
            return self._eye(saved.watch)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == WATCH_COLUMN:
                return "Watched: new mentions are announced after each import" if saved.watch else "Not watched"
            if isinstance(count, str):
                return plain_tooltip(f"{saved.query}\n{count}")
            return plain_tooltip(saved.query)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COUNT_COLUMN:
            return current_theme().color("error" if isinstance(count, str) else "muted")
        return None

    def _eye(self, watched: bool) -> QIcon:
        """The eye in the theme shown now; a theme switch repaints the table, which asks again."""
        theme = current_theme().name
        if theme not in self._eyes:
            self._eyes[theme] = (eye_icon(False), eye_icon(True))
        return self._eyes[theme][watched]
