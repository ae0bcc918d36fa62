"""The library table's sorting and filtering: copies listed under their story's earliest article, and hidden
on request (View → Hide Syndicated Copies)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ui.library.model import LibraryTableModel


class LibraryProxy(QSortFilterProxyModel):
    """Sorts stories by their root article's value in the sorted column, each root followed by its copies
    (in either direction), and leaves copies out while ``hide_copies`` is on."""

    def __init__(self, model: LibraryTableModel, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._library_model = model
        self._hide_copies = False
        self.setSourceModel(model)

    @property
    def hide_copies(self) -> bool:
        return self._hide_copies

    def set_hide_copies(self, hide: bool) -> None:
        if hide == self._hide_copies:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._hide_copies = hide
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._hide_copies = hide
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self._hide_copies and self._library_model.is_copy(source_row):
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        column = left.column()
        left_story, left_place = self._library_model.story_order(left.row(), column)
        right_story, right_place = self._library_model.story_order(right.row(), column)
        if left_story != right_story:
            return left_story < right_story
        # Qt reverses the answers for a descending sort; within a story the root stays first either way.
        if self.sortOrder() == Qt.SortOrder.DescendingOrder:
            return left_place > right_place
        return left_place < right_place
