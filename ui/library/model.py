"""A table model over the library's articles: title, author, date, highlights."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotations.models import DocumentSummary
from annotations.natural_order import natural_key
from ui.plain_text import plain_tooltip

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Title", "Author", "Date", "✎")
COLUMN_TOOLTIPS = ("Title", "Author", "Publication date", "Number of highlights")
AUTHOR_COLUMN, DATE_COLUMN = 1, 2


class LibraryTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DocumentSummary] = []

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(documents)
        self.endResetModel()

    def row_of(self, document_id: int) -> int:
        return next((row for row, item in enumerate(self._rows) if item.id == document_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMN_TOOLTIPS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        document = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (document.title, document.byline, document.published[:10], document.highlights)[column]
        if role == SORT_ROLE:
            return (natural_key(document.title), document.byline.casefold(), document.published, document.highlights)[
                column
            ]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return plain_tooltip(f"{document.title}\n{document.source}" if document.source else document.title)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == DOCUMENT_ID_ROLE:
            return document.id
        return None
