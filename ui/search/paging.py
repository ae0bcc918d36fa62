"""A list model that loads its rows page by page: the view asks for more as it scrolls to the end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex

Row = TypeVar("Row")


class PagedListModel(QAbstractListModel, Generic[Row]):
    """Rows loaded so far; ``fetcher()`` (set by the panel) asks for the next page."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self.fetcher: Callable[[], None] | None = None
        self.more_available = False

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _insert_rows(self, rows: list[Row]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and self.more_available and self.fetcher is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if self.canFetchMore(parent) and self.fetcher is not None:
            self.more_available = False  # until the page arrives
            self.fetcher()
