"""The left-hand library: a sortable, filterable table of articles."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotations.models import DocumentSummary
from ui.empty_hint import EmptyHint
from ui.library.model import (
    AUTHOR_COLUMN,
    COPY_COLUMN,
    COUNT_COLUMN,
    DATE_COLUMN,
    DOCUMENT_ID_ROLE,
    SORT_ROLE,
    LibraryTableModel,
)
from ui.library.proxy import LibraryProxy

AUTHOR_COLUMN_WIDTH = 100
CELL_PADDING, HEADER_PADDING = 16, 28  # px around a cell's text; around a header's, with room for the sort arrow
AUTHOR_NEEDS_WIDTH = 380  # px of table below which the Author column goes, so that titles stay readable


class LibraryPanel(QWidget):
    """The article table with its filter; intent signals carry the chosen article's id."""

    document_selected = Signal(int)
    details_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryTableModel()
        self.proxy = LibraryProxy(self.model, self)  # copies under their story; hidden on request
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)

        self.caption = QLabel("Library")
        self.caption.setObjectName("panelCaption")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter articles")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, AUTHOR_COLUMN_WIDTH)
        for column in (DATE_COLUMN, COUNT_COLUMN, COPY_COLUMN):  # sized from the font, not by measuring rows
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(40)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header.setHighlightSections(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)

        self.table.setAccessibleName("Articles")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (rows are chosen with the arrows)
        self.filter_edit.setAccessibleName("Filter articles")
        self.empty_hint = EmptyHint(self.table, self._empty_text)
        self.filter_edit.textChanged.connect(self.empty_hint.refresh)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.caption)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        self._has_bylines = False
        self._pending_selection: tuple[int, bool] | None = None  # (article, notify) asked for before its row came

    def set_hide_copies(self, hide: bool) -> None:
        """Leave syndicated copies out of the table (each story's earliest article stays)."""
        self.proxy.set_hide_copies(hide)
        self._update_caption(self.model.documents())
        self.empty_hint.refresh()

    def _empty_text(self) -> str:
        """What to do when no row shows: import, or clear the filter that hides them all."""
        count = self.model.rowCount()
        if count == 0:
            return "No articles yet.\nImport some with File → Import Files (Ctrl+O), or drag files onto the window."
        if self.filter_edit.text().strip():
            every = "the one article" if count == 1 else f"all {count} articles"
            return f"No article matches “{self.filter_edit.text().strip()}”.\nClear the filter to see {every}."
        return "Every article is hidden as a syndicated copy.\nView → Hide Syndicated Copies shows them again."

    def _update_caption(self, documents: list[DocumentSummary]) -> None:
        count = len(documents)
        caption = f"Library · {count} article{'s' if count != 1 else ''}"
        copies = sum(document.copy_of is not None for document in documents) if self.proxy.hide_copies else 0
        self.caption.setText(caption + (f" ({copies} cop{'ies' if copies != 1 else 'y'} hidden)" if copies else ""))

    def add_section(self, widget: QWidget) -> None:
        """Host another sidebar section (saved searches) under the article table."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(widget)

    def set_documents(self, documents: list[DocumentSummary]) -> None:
        current = self.current_document_id()
        self.table.selectionModel().blockSignals(True)
        self.model.set_documents(documents)
        self.table.selectionModel().blockSignals(False)
        self._after_rows_changed(documents)
        if current is not None:
            self.select_document(current, notify=False)
        self._select_pending()

    def patch_documents(self, present: list[DocumentSummary], gone: Iterable[int]) -> None:
        """Update, add and remove just these rows; the sort, the filter and the current article stay."""
        current = self.current_document_id()
        gone = set(gone)
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # a removed current row must not open its neighbour in the reader
        try:
            self.model.remove_documents(gone)
            self.model.update_documents(present)
            if current in gone:
                selection.clear()
        finally:
            selection.blockSignals(False)
        self._after_rows_changed(self.model.documents())
        self._select_pending()

    def _select_pending(self) -> None:
        if self._pending_selection is not None and self.model.row_of(self._pending_selection[0]) >= 0:
            self.select_document(*self._pending_selection)

    def _after_rows_changed(self, documents: list[DocumentSummary]) -> None:
        self._update_caption(documents)
        # A column no article has filled in only takes room from the titles.
        self._has_bylines = any(document.byline for document in documents)
        self._show_columns_that_fit()
        self.table.setColumnHidden(DATE_COLUMN, not any(document.published for document in documents))
        self.table.setColumnHidden(COPY_COLUMN, all(document.copy_of is None for document in documents))
        most = max((document.highlights for document in documents), default=0)
        self._fit_narrow_column(DATE_COLUMN, "8888-88-88")
        self._fit_narrow_column(COUNT_COLUMN, "8" * len(str(most)))
        self._fit_narrow_column(COPY_COLUMN, "100 %")

    def _fit_narrow_column(self, column: int, widest: str) -> None:
        """Room for the widest value and the header with its sort arrow: what ResizeToContents gave, without
        it re-measuring a thousand rows whenever one row's count changes."""
        header = self.table.horizontalHeader()
        title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
        width = max(
            self.table.fontMetrics().horizontalAdvance(widest) + CELL_PADDING,
            header.fontMetrics().horizontalAdvance(title) + HEADER_PADDING,
        )
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_columns_that_fit()

    def _show_columns_that_fit(self) -> None:
        """Authors only when some article has one and the table is wide enough to leave the titles room."""
        margins = self.layout().contentsMargins()
        table_width = self.width() - margins.left() - margins.right()
        self.table.setColumnHidden(AUTHOR_COLUMN, not self._has_bylines or table_width < AUTHOR_NEEDS_WIDTH)

    def current_document_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(DOCUMENT_ID_ROLE)) if index.isValid() else None

    def select_document(self, document_id: int, notify: bool = True) -> None:
        """Make the article current; one whose row is still being read (just imported) is selected when it arrives."""
        row = self.model.row_of(document_id)
        if row < 0:
            self._pending_selection = (document_id, notify)
            return
        self._pending_selection = None
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not notify:
            self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        if not notify:
            self.table.selectionModel().blockSignals(False)

    def show_current(self, document_id: int) -> None:
        """Mark the article opened elsewhere (a search hit, an orphan) as the current row, quietly."""
        if self.current_document_id() != document_id:
            self.select_document(document_id, notify=False)

    def _on_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        document_id = int(index.data(DOCUMENT_ID_ROLE))
        menu = QMenu(self)
        menu.addAction("Details…", lambda: self.details_requested.emit(document_id))
        menu.addAction("Delete…", lambda: self.delete_requested.emit(document_id))
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _on_current_row_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        if current.isValid():
            self._pending_selection = None  # the user chose: an article still being read must not take over
            self.document_selected.emit(int(current.data(DOCUMENT_ID_ROLE)))
