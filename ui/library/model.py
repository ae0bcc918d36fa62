"""A table model over the library's articles: title, author, date, highlights, and how much of a syndicated
copy is the same as its story's earliest article."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotations.models import DocumentSummary
from annotations.natural_order import natural_key
from annotations.store_copies import earliest_key
from ui.plain_text import plain_tooltip

DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Title", "Author", "Date", "✎", "Copy")
COLUMN_TOOLTIPS = (
    "Title",
    "Author",
    "Publication date",
    "Number of highlights",
    "Syndicated copies: how much of the text is the same as the story's earliest article",
)
AUTHOR_COLUMN, DATE_COLUMN, COUNT_COLUMN, COPY_COLUMN = 1, 2, 3, 4
COPY_MARK = "↳ "  # before a copy's title: it is listed under its story's earliest article


def _sort_keys(document: DocumentSummary) -> tuple[object, ...]:
    """The sort key of each column, worked out once per row: sorting 5,000 rows asks for them ~70,000 times."""
    return (natural_key(document.title), document.byline.casefold(), document.published, document.highlights,
            document.copy_similarity or 0.0)  # fmt: skip


def percent(similarity: float | None) -> str:
    return f"{round(100 * (similarity or 0.0))} %"


def site_of(site: str, source: str) -> str:
    """A publication's name, or else the web site of its address ("reuters.com")."""
    if site:
        return site
    host = urlsplit(source).hostname if source.startswith(("http://", "https://")) else None
    return (host or "").removeprefix("www.")


class LibraryTableModel(QAbstractTableModel):
    """Articles in store order; a change touches only its rows (``update_documents``, ``remove_documents``),
    so the sorted, filtered view above keeps its selection and never re-sorts 5,000 rows for one highlight."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DocumentSummary] = []
        self._keys: list[tuple[object, ...]] = []
        self._row_of: dict[int, int] = {}
        self._root_sites: dict[int, str] = {}  # story root → its publication (for a copy's label)

    def set_root_sites(self, sites: dict[int, str]) -> None:
        """The publication of each story root with copies; it shows in its copies' labels and tooltips."""
        self._root_sites = dict(sites)

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        """Replace every row (the first load, an explicit reload, an import of many articles)."""
        self.beginResetModel()
        self._rows = list(documents)
        self._keys = [_sort_keys(document) for document in self._rows]
        self._row_of = {document.id: row for row, document in enumerate(self._rows)}
        self.endResetModel()

    def update_documents(self, documents: list[DocumentSummary]) -> None:
        """Refresh the rows of these articles in place and append the ones not listed yet."""
        last = len(COLUMNS) - 1
        new: list[DocumentSummary] = []
        for document in documents:
            row = self._row_of.get(document.id)
            if row is None:
                new.append(document)
            elif self._rows[row] != document:
                self._rows[row] = document
                self._keys[row] = _sort_keys(document)
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for offset, document in enumerate(new):
                self._rows.append(document)
                self._keys.append(_sort_keys(document))
                self._row_of[document.id] = first + offset
            self.endInsertRows()

    def remove_documents(self, document_ids: Iterable[int]) -> None:
        """Drop the rows of deleted articles, each run of adjacent rows in one removal (last runs first)."""
        rows = sorted((self._row_of[i] for i in set(document_ids) if i in self._row_of), reverse=True)
        while rows:
            last = first = rows.pop(0)
            while rows and rows[0] == first - 1:
                first = rows.pop(0)
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            del self._keys[first : last + 1]
            self._row_of = {document.id: row for row, document in enumerate(self._rows)}
            self.endRemoveRows()

    def document_ids(self) -> set[int]:
        return set(self._row_of)

    def documents(self) -> list[DocumentSummary]:
        return list(self._rows)

    def row_of(self, document_id: int) -> int:
        return self._row_of.get(document_id, -1)

    def is_copy(self, row: int) -> bool:
        return self._rows[row].copy_of is not None

    def story_order(self, row: int, column: int) -> tuple[tuple[object, int], tuple[int, tuple[int, str, int]]]:
        """Where a row sorts by ``column``: its story, placed by the root article's value in that column, then
        its place in the story (the root first, then its copies by date). A root missing from the list (deleted
        while its copies' rows are still being read) leaves the copy placed by its own value."""
        document = self._rows[row]
        root_row = self._row_of.get(document.copy_of, row) if document.copy_of is not None else row
        root = self._rows[root_row]
        return (self._keys[root_row][column], root.id), (int(root_row != row), earliest_key(document.published, document.id))

    def copy_label(self, document: DocumentSummary) -> str:
        """"96 % the same as #12 (Reuters, 2024-09-20)" for a copy; "" for any other article."""
        if document.copy_of is None:
            return ""
        root_row = self._row_of.get(document.copy_of)
        root = self._rows[root_row] if root_row is not None else None
        details = [site_of(self._root_sites.get(document.copy_of, ""), root.source), root.published[:10]] if root else []
        where = ", ".join(detail for detail in details if detail)
        return f"{percent(document.copy_similarity)} the same as #{document.copy_of}" + (f" ({where})" if where else "")

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
            title = COPY_MARK + document.title if document.copy_of is not None else document.title
            copy = percent(document.copy_similarity) if document.copy_of is not None else ""
            return (title, document.byline, document.published[:10], document.highlights, copy)[column]
        if role == SORT_ROLE:
            return self._keys[index.row()][column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            lines = [document.title, document.source, self.copy_label(document)]
            return plain_tooltip("\n".join(line for line in lines if line))
        if role == Qt.ItemDataRole.ToolTipRole and column == COPY_COLUMN and document.copy_of is not None:
            return plain_tooltip(self.copy_label(document))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COUNT_COLUMN, COPY_COLUMN):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == DOCUMENT_ID_ROLE:
            return document.id
        return None
