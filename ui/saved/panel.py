"""The "Saved searches" section of the sidebar: each search with its live count and a watch eye,
and, after an import, a small dismissible notice per watch that found something new."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotations.store_saved import SavedSearch
from ui.plain_text import plain_label
from ui.saved.model import SAVED_SEARCH_ROLE, WATCH_COLUMN, SavedSearchModel

ROW_HEIGHT = 28
VISIBLE_ROWS = 6  # more than this and the list scrolls
# The table and the notices are styled in resources/style.qss with the theme's colours (#savedSearches, #watchNotice).


class WatchNotice(QFrame):
    """'3 new mentions of “air defense support” in 2 articles' with Show, (Highlight all…) and ✕."""

    show_requested = Signal(str)  # query
    highlight_requested = Signal(str)  # query

    def __init__(self, text: str, query: str, *, can_highlight: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("watchNotice")
        self.query = query
        self.label = plain_label(QLabel(text))  # names the saved search
        self.label.setObjectName("watchNoticeText")
        self.label.setWordWrap(True)
        self.show_button = QPushButton("Show")
        self.show_button.clicked.connect(lambda: self.show_requested.emit(query))
        self.highlight_button: QPushButton | None = None
        self.dismiss_button = QToolButton()
        self.dismiss_button.setObjectName("dismissNotice")
        self.dismiss_button.setText("✕")
        self.dismiss_button.setToolTip("Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss this notice")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.clicked.connect(self.dismiss)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label, 1)
        top.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        if can_highlight:
            self.highlight_button = QPushButton("Highlight all…")
            self.highlight_button.clicked.connect(lambda: self.highlight_requested.emit(query))
            buttons.addWidget(self.highlight_button)
        buttons.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(buttons)

    def dismiss(self) -> None:
        self.hide()
        self.deleteLater()


class SavedSearchPanel(QWidget):
    run_requested = Signal(int)  # saved search id
    watch_toggled = Signal(int, bool)
    rename_requested = Signal(int)
    delete_requested = Signal(int)
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedSearchPanel")
        self.model = SavedSearchModel(self)

        self.caption = QLabel("Saved searches")
        self.caption.setObjectName("panelCaption")
        self.save_button = QToolButton()
        self.save_button.setText("+ Save search")  # ASCII: a full-width plus is missing from many fonts
        self.save_button.setToolTip("Save the query of the Search tab (Ctrl+Shift+S)")
        self.save_button.clicked.connect(self.save_requested)
        self.hint = QLabel("Run a search, then save it (Ctrl+Shift+S) to keep it here with its count.")
        self.hint.setObjectName("panelHint")
        self.hint.setWordWrap(True)

        self.table = QTableView()
        self.table.setObjectName("savedSearches")
        self.table.setAccessibleName("Saved searches")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (the arrows move in it)
        self.table.setModel(self.model)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 34)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        self.model.modelReset.connect(self._fit_height)

        self.notices = QVBoxLayout()
        self.notices.setContentsMargins(0, 0, 0, 0)
        self.notices.setSpacing(4)
        header_row = QHBoxLayout()
        header_row.setContentsMargins(0, 0, 0, 0)
        header_row.addWidget(self.caption)
        header_row.addStretch(1)
        header_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header_row)
        layout.addLayout(self.notices)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        self._fit_height()

    def set_searches(self, searches: list[SavedSearch]) -> None:
        self.model.set_searches(searches)

    def add_notice(self, notice: WatchNotice) -> None:
        self.notices.addWidget(notice)
        notice.show()

    def notice_widgets(self) -> list[WatchNotice]:
        found = (self.notices.itemAt(i).widget() for i in range(self.notices.count()))
        return [w for w in found if isinstance(w, WatchNotice) and not w.isHidden()]

    def _fit_height(self) -> None:
        """As tall as its rows (up to VISIBLE_ROWS), so the library table keeps the rest."""
        rows = self.model.rowCount()
        self.table.setVisible(rows > 0)
        self.hint.setVisible(rows == 0)
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(min(max(rows, 1), VISIBLE_ROWS) * ROW_HEIGHT + frame)

    def _search_id(self, index: QModelIndex) -> int | None:
        saved = index.data(SAVED_SEARCH_ROLE) if index.isValid() else None
        return saved.id if isinstance(saved, SavedSearch) else None

    def _on_clicked(self, index: QModelIndex) -> None:
        saved = index.data(SAVED_SEARCH_ROLE)
        if not isinstance(saved, SavedSearch):
            return
        if index.column() == WATCH_COLUMN:
            self.watch_toggled.emit(saved.id, not saved.watch)
        else:
            self.run_requested.emit(saved.id)

    def _on_activated(self, index: QModelIndex) -> None:
        search_id = self._search_id(index)
        if search_id is not None and index.column() != WATCH_COLUMN:
            self.run_requested.emit(search_id)

    def _on_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        saved = index.data(SAVED_SEARCH_ROLE) if index.isValid() else None
        if not isinstance(saved, SavedSearch):
            return
        menu = self.context_menu(saved)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def context_menu(self, saved: SavedSearch) -> QMenu:
        menu = QMenu(self)
        menu.addAction("Run", lambda: self.run_requested.emit(saved.id))
        menu.addAction("Rename…", lambda: self.rename_requested.emit(saved.id))
        menu.addAction("Delete…", lambda: self.delete_requested.emit(saved.id))
        menu.addSeparator()
        watch = menu.addAction("Watch for New Mentions")
        watch.setCheckable(True)
        watch.setChecked(saved.watch)
        watch.toggled.connect(lambda checked: self.watch_toggled.emit(saved.id, checked))
        return menu
