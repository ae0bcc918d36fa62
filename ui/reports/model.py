"""``ReportModel``: a report's ``ReportTable`` as a read-only table; numbers right-aligned, sortable as numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.reports.tables import ReportTable

HEADERS = {"tag": "Tag", "highlights": "Highlights", "articles": "Articles", "branch": "Branch total", "a": "Tag",
           "b": "With tag", "document_id": "Article #", "title": "Article", "period": "Period",
           "mentions": "Mentions"}  # fmt: skip
BRANCH_TIP = ("yes: the tag and every tag below it, each highlight once. itself only: highlights carrying the tag "
              "and no tag below it (a highlight tagged region and region/iran counts as region/iran).")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's values, as the report gave them

Index = QModelIndex | QPersistentModelIndex


class ReportModel(QAbstractTableModel):
    """Shows one report at a time; ``set_table`` swaps it whole."""

    def __init__(self) -> None:
        super().__init__()
        self.table: ReportTable | None = None
        self._branches: frozenset[object] = frozenset()  # tags with a branch-total row

    def set_table(self, table: ReportTable | None) -> None:
        self.beginResetModel()
        self.table = table
        columns = table.columns if table is not None else ()
        self._branches = frozenset(row[0] for row in table.rows if row[-1] is True) if "branch" in columns else frozenset()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or not index.isValid():
            return None
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, bool):  # a tag's own row beside its branch total counts the tag alone
                return "yes" if value else ("itself only" if self.table.rows[index.row()][0] in self._branches else "")
            return f"{value:,}" if isinstance(value, int) and self.table.columns[index.column()] != "document_id" else str(value)  # noqa: E501
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int) and not isinstance(value, bool):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str):
            return value
        if role == ROW_ROLE:
            return self.table.rows[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and self.table.columns[section] == "branch":
            return BRANCH_TIP
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            name = self.table.columns[section]
            return HEADERS.get(name, name)
        return None
