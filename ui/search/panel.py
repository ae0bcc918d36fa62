"""The search panel: one box for everything, results as mentions; double-click opens the passage."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from index.search import QueryError, SearchResult
from ui.rich_delegate import setup_rich_list
from ui.search.model import HIT_ROLE, SearchResultModel
from ui.workers import run_in_background

TYPING_PAUSE_MS = 300
QUERY_HELP = (
    'Words (any form: sanction finds sanctions), "exact phrases", -exclude, AND / OR / NOT, wild*, fuzzy~, '
    "and fields: tag:air-defense, title:, note:, quote:, author:, source:, color:yellow, kind:annotation, "
    "published:2024, created:>=2026-01-01, published:[2023 TO 2024]"
)


class SearchPanel(QWidget):
    open_hit_requested = Signal(int, int, int, int)  # document id, start, end, annotation id (-1 for articles)
    search_finished = Signal(object)  # SearchResult, or None after an error

    def __init__(self, search: Callable[[str], SearchResult], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._sequence = 0
        self.last_result: SearchResult | None = None

        self.query_edit = QLineEdit()
        self.query_edit.setObjectName("searchBox")
        self.query_edit.setPlaceholderText('Search everything (Ctrl+K) — e.g. "air defense support"')
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setToolTip(QUERY_HELP)
        self.query_edit.returnPressed.connect(self.run_query)
        self.query_edit.textEdited.connect(self._on_text_edited)
        self.message_label = QLabel(QUERY_HELP)
        self.message_label.setObjectName("searchMessage")
        self.message_label.setWordWrap(True)
        self.results_view = QListView()
        self.results_view.setObjectName("searchResults")
        self.model = SearchResultModel()
        self.results_view.setModel(self.model)
        setup_rich_list(self.results_view)
        self.results_view.doubleClicked.connect(self._on_result_activated)
        self.results_view.activated.connect(self._on_result_activated)
        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(TYPING_PAUSE_MS)
        self._typing_timer.timeout.connect(self.run_query)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.message_label)
        layout.addWidget(self.results_view, 1)

    def focus_query(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def set_query(self, text: str) -> None:
        self.query_edit.setText(text)
        self.run_query()

    def run_query(self) -> None:
        """Search for the box's text on a worker thread; older answers still on their way are ignored."""
        self._typing_timer.stop()
        query = self.query_edit.text()
        self._sequence += 1
        sequence = self._sequence
        if not query.strip():
            self.model.set_hits([])
            self._set_message(QUERY_HELP)
            return
        self._set_message("Searching…")
        run_in_background(
            lambda: self._search(query),
            lambda result, error: self._on_search_done(sequence, result, error),
            pool=self._pool,
        )

    def _on_text_edited(self, _text: str) -> None:
        self._typing_timer.start()

    def _on_search_done(self, sequence: int, result: SearchResult | None, error: BaseException | None) -> None:
        if sequence != self._sequence:
            return
        if error is not None or result is None:
            self.model.set_hits([])
            self.last_result = None
            message = str(error) if isinstance(error, QueryError) else f"Search failed: {error}"
            self._set_message(message, error=True)
            self.search_finished.emit(None)
            return
        self.last_result = result
        self.model.set_hits(result.hits)
        if result.total == 0:
            self._set_message("No matches.")
        else:
            articles = len({hit.document_id for hit in result.hits})
            shown = "" if len(result.hits) == result.total else f" (showing the first {len(result.hits)})"
            self._set_message(
                f"{result.total} mention{'s' if result.total != 1 else ''} in {articles} "
                f"article{'s' if articles != 1 else ''}{shown}. Double-click one to open it."
            )
        self.search_finished.emit(result)

    def _set_message(self, text: str, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("error", error)
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)

    def _on_result_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            annotation = hit.annotation_id if hit.annotation_id is not None else -1
            self.open_hit_requested.emit(hit.document_id, hit.start, hit.end, annotation)
