"""The search panel: one box for everything; results as a list or as every mention in context.

Searching, paging, counting, facets and the concordance lines all run on one worker thread (plain
data in, a ``SearchPage`` or ``SearchCounts`` out, see ``ui.search.jobs``); older answers still on
their way are ignored. The panel only reads; "Highlight all…" is asked for (``autocode_requested``)
and done by ``ui.search.autocode``, "Export…" (``export_requested``) by ``ui.exporting``, and the room
the "Every mention" view wants is asked of the window (``room_wanted``), whose splitter policy decides.
The first page shows as soon as it is found; counting every mention (and the facets) follows as a
second job, so a query matching most of a large library shows its best hits at once and its counts
a moment later. The first page is short (``FIRST_PAGE_SIZE``: a screenful, and the cheapest answer to
rank), later ones longer. Both views page: they ask for the next ``PAGE_SIZE`` hits (``offset``) as they scroll
to their end.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, QSize, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from index.search import Hit, IndexUnavailable, QueryError, SearchResult
from ui.empty_hint import EmptyHint
from ui.plain_text import plain_label
from ui.search.concordance import ROW_ROLE, ConcordanceModel, KwicRow
from ui.search.dialogs import QueryHelpPopup
from ui.search.facets import FacetsView, narrowed
from ui.search.jobs import SearchCounts, SearchPage, search_counts, search_page
from ui.search.messages import QUERY_HELP, counts_text, rebuilding_text
from ui.search.model import HIT_ROLE, SearchResultModel
from ui.search.views import concordance_view, facets_box, mode_button, results_view, single_shot
from ui.workers import run_in_background

TYPING_PAUSE_MS = 300
COUNT_AFTER_MS = 120  # the first page paints before every mention is counted
FIRST_PAGE_SIZE = 50
PAGE_SIZE = 200
SORTS = (("Relevance", "relevance"), ("Date", "date"), ("Title", "title"))
LIST_MODE, CONCORDANCE_MODE = 0, 1
FACETS_HEIGHT, FACETS_MIN_HEIGHT = 230, 90
CONCORDANCE_WIDTH = 560  # px the "Every mention" view asks for (the window's splitter policy decides)
ONE_PER_STORY_KEY = "search/one_per_story"  # QSettings: fold syndicated copies into their story's first article


class SearchPanel(QWidget):
    """The Search tab; it reads through ``library.index`` and asks for everything else by signal."""

    open_hit_requested = Signal(int, int, int, int)  # document id, start, end, annotation id (-1 for articles)
    search_finished = Signal(object)  # SearchResult, or None after an error
    page_loaded = Signal(int)  # the number of hits loaded now
    autocode_requested = Signal()  # "Highlight all…" for the results shown
    export_requested = Signal()  # "Export these results…"
    room_wanted = Signal(int)  # px of width the current view reads best at
    status_message = Signal(str)

    def __init__(self, library: Any, events: Any | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.events = events
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._sequence = 0
        self._query = ""
        self._loading_page = False
        self._waiting_for_index = False
        self._counting = False  # the first page is shown; every hit is still being counted
        self._articles: int | None = None  # how many articles the hits are in, once counted
        self._mentions: int | None = None  # "Every mention": the occurrences in the articles' text, once counted
        self._stories: Any | None = None  # the distinct stories among the articles (a StoryCount), once counted
        self._folded_copies: int | None = None  # "One per story": the copies folded away, once counted
        self._last_page_full = False  # the last page brought all the hits it asked for
        self.last_result: SearchResult | None = None
        self.facets: Any | None = None
        self.help_popup: QueryHelpPopup | None = None

        self.query_edit = QLineEdit()
        self.query_edit.setObjectName("searchBox")
        self.query_edit.setPlaceholderText('Search everything (Ctrl+K) — e.g. "air defense support"')
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setToolTip(QUERY_HELP)
        self.query_edit.returnPressed.connect(self.run_query)
        self.query_edit.textEdited.connect(self._on_text_edited)
        self.help_button = QToolButton()
        self.help_button.setObjectName("queryHelpButton")
        self.help_button.setText("?")
        self.help_button.setToolTip("How to write a query")
        self.help_button.clicked.connect(self.show_query_help)

        self.list_button = mode_button("Results", "One item per mention, with its snippet, tags and note")
        self.concordance_button = mode_button("Every mention", "Each occurrence on one line, in its context")
        self.mode_group = QButtonGroup(self)
        self.mode_group.setExclusive(True)
        self.mode_group.addButton(self.list_button, LIST_MODE)
        self.mode_group.addButton(self.concordance_button, CONCORDANCE_MODE)
        self.list_button.setChecked(True)
        self.list_button.setProperty("segment", "left")
        self.concordance_button.setProperty("segment", "right")
        self.mode_group.idToggled.connect(self._on_mode_toggled)
        self.sort_box = QComboBox()
        self.sort_box.setObjectName("searchSort")
        self.sort_box.setToolTip("Order of the results")
        for label, key in SORTS:
            self.sort_box.addItem(label, key)
        self.sort_box.currentIndexChanged.connect(lambda _index: self.run_query())
        self.story_box = QCheckBox("One per story")
        self.story_box.setObjectName("onePerStory")
        self.story_box.setToolTip(
            "Show each story once: of the articles that are copies of one another (the same wire story saved"
            " from several outlets) only the first in the results keeps its mentions"
        )
        self.story_box.setChecked(bool(QSettings().value(ONE_PER_STORY_KEY, False, type=bool)))
        self.story_box.toggled.connect(self._on_one_per_story_toggled)
        self.autocode_button = QToolButton()
        self.autocode_button.setObjectName("autocodeButton")
        self.autocode_button.setText("Highlight all…")
        self.autocode_button.setToolTip("Highlight and tag every mention in these results (one undoable step)")
        self.autocode_button.setEnabled(False)
        self.autocode_button.clicked.connect(self.autocode_requested)
        self.export_button = QToolButton()
        self.export_button.setObjectName("exportResultsButton")
        self.export_button.setText("Export…")
        self.export_button.setToolTip("Export these results (their highlights, or every mention) to a file")
        self.export_button.setAccessibleName("Export these results…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_requested)

        self.message_label = plain_label(QLabel(QUERY_HELP))  # errors quote the query as typed
        self.message_label.setObjectName("searchMessage")
        self.message_label.setWordWrap(True)

        self.model = SearchResultModel()
        self.model.fetcher = self._fetch_next_page
        self.results_view = results_view(self.model)
        self.results_view.doubleClicked.connect(self._on_result_activated)
        self.results_view.activated.connect(self._on_result_activated)
        self.concordance_model = ConcordanceModel()
        self.concordance_model.fetcher = self._fetch_next_page
        self.concordance_view, self.concordance_delegate = concordance_view(self.concordance_model)
        self.concordance_view.clicked.connect(self._on_line_activated)
        self.concordance_view.activated.connect(self._on_line_activated)
        self.views = QStackedWidget()
        self.views.addWidget(self.results_view)
        self.views.addWidget(self.concordance_view)
        self.query_edit.setAccessibleName("Search everything")
        self.help_button.setAccessibleName("How to write a query")
        self.results_view.setAccessibleName("Search results")
        self.concordance_view.setAccessibleName("Every mention")
        self.empty_hints = [EmptyHint(view, self._empty_text) for view in (self.results_view, self.concordance_view)]
        self.facets_view = FacetsView()
        self.facets_view.filter_requested.connect(self.narrow)
        facets, self.facets_caption = facets_box(self.facets_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("searchSplitter")
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(facets)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(True)

        self._count_timer = single_shot(self, COUNT_AFTER_MS, self._request_counts)
        self._typing_timer = single_shot(self, TYPING_PAUSE_MS, self.run_query)

        query_row = QHBoxLayout()
        query_row.setSpacing(4)
        query_row.addWidget(self.query_edit, 1)
        query_row.addWidget(self.help_button)
        mode_row = QHBoxLayout()
        mode_row.setSpacing(0)
        mode_row.addWidget(self.list_button)
        mode_row.addWidget(self.concordance_button)
        mode_row.addStretch(1)
        mode_row.addWidget(self.sort_box)
        message_row = QHBoxLayout()
        message_row.setSpacing(6)
        message_row.addWidget(self.message_label, 1)
        result_actions = QVBoxLayout()  # stacked, so the counts keep their width in a narrow panel
        result_actions.setSpacing(0)
        result_actions.addWidget(self.story_box, 0, Qt.AlignmentFlag.AlignRight)  # here it widens no row
        result_actions.addWidget(self.autocode_button, 0, Qt.AlignmentFlag.AlignRight)
        result_actions.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignRight)
        result_actions.addStretch(1)
        message_row.addLayout(result_actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(query_row)
        layout.addLayout(mode_row)
        layout.addLayout(message_row)
        layout.addWidget(self.splitter, 1)
        self._show_facets(None)
        if events is not None:
            events.index_committed.connect(self._on_index_committed)
            self.status_message.connect(events.status_message)

    # -- querying --------------------------------------------------------------------------------
    def focus_query(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def set_query(self, text: str) -> None:
        self.query_edit.setText(text)
        self.run_query()

    @property
    def query(self) -> str:
        """The query of the results shown (the box may hold newer text not yet searched)."""
        return self._query

    @property
    def sort(self) -> str:
        return str(self.sort_box.currentData())

    @property
    def concordance_mode(self) -> bool:
        return self.views.currentIndex() == CONCORDANCE_MODE

    def set_concordance_mode(self, on: bool) -> None:
        (self.concordance_button if on else self.list_button).setChecked(True)

    @property
    def one_per_story(self) -> bool:
        """Whether each story's copies are folded into its first-placed article (``app.stories``)."""
        return self.story_box.isChecked()

    def _on_one_per_story_toggled(self, on: bool) -> None:
        QSettings().setValue(ONE_PER_STORY_KEY, on)
        if self._query.strip():
            self.run_query()

    def run_query(self) -> None:
        """Search for the box's text on the worker thread: the first page, its facets and lines."""
        self._typing_timer.stop()
        self._count_timer.stop()
        query = self.query_edit.text()
        self._sequence += 1
        self._query = query
        self._loading_page = False
        self._waiting_for_index = False
        self.model.more_available = self.concordance_model.more_available = False
        if not query.strip():
            self._clear_results()
            self.set_message(QUERY_HELP)
            return
        self.set_message("Searching…")
        self._request_page(0)

    def _request_page(self, offset: int) -> None:
        sequence, sort, library, query = self._sequence, self.sort, self.library, self._query
        concordance, one_per_story = self.concordance_mode, self.one_per_story
        after = self.concordance_model.last_row() if offset else None
        limit = PAGE_SIZE if offset else FIRST_PAGE_SIZE
        self._loading_page = True
        run_in_background(
            lambda: search_page(
                library,
                query,
                concordance=concordance,
                sort=sort,
                offset=offset,
                limit=limit,
                after=after,
                one_per_story=one_per_story,
            ),
            lambda page, error: self._on_page(sequence, page, error),
            pool=self._pool,
        )

    def _request_counts(self) -> None:
        sequence, query, library, concordance = self._sequence, self._query, self.library, self.concordance_mode
        sort, one_per_story = self.sort, self.one_per_story
        run_in_background(
            lambda: search_counts(library, query, concordance, sort=sort, one_per_story=one_per_story),
            lambda counts, error: self._on_counts(sequence, counts, error),
            pool=self._pool,
        )

    def _more_to_load(self) -> bool:
        result = self.last_result
        if result is None or not result.hits:
            return False
        if self._counting:
            return self._last_page_full
        return len(result.hits) < result.total

    def _fetch_next_page(self) -> None:
        if self._loading_page or self.last_result is None:
            return
        if self._more_to_load():
            self._request_page(len(self.last_result.hits))

    def _on_text_edited(self, _text: str) -> None:
        self._typing_timer.start()

    def _on_page(self, sequence: int, page: SearchPage | None, error: BaseException | None) -> None:
        if sequence != self._sequence or not isValid(self):  # a newer query, or the window has closed
            return
        self._loading_page = False
        if error is not None or page is None:
            if page is None and error is None:
                error = RuntimeError("no answer")
            self._on_search_error(error)
            return
        result = page.result
        self._last_page_full = page.full
        if page.offset == 0:
            self._counting = page.total is None
            self._articles = self._mentions = self._stories = self._folded_copies = None
            # Until counted, the total is "at least what is loaded" (only read through _more_to_load).
            total = page.total if page.total is not None else len(result.hits)
            self.last_result = SearchResult(result.query, total, list(result.hits))
            self.facets = None
            self.model.set_hits(result.hits, page.copies)
            self.concordance_model.set_rows(page.rows)
            self._show_facets(None)
            self._count_timer.start()  # counting is pure Python on the worker: let this page paint first
        else:
            assert self.last_result is not None
            self.last_result.hits.extend(result.hits)
            self.model.append_hits(result.hits, page.copies)
            self.concordance_model.append_rows(page.rows)
        self._after_loading()
        self.page_loaded.emit(len(self.last_result.hits))

    def _on_counts(self, sequence: int, counts: SearchCounts | None, error: BaseException | None) -> None:
        if sequence != self._sequence or self.last_result is None or not isValid(self):
            return
        if error is not None or counts is None:
            self._on_search_error(error or RuntimeError("no answer"))
            return
        self._counting = False
        self.last_result = SearchResult(self.last_result.query, counts.total, self.last_result.hits)
        self._articles = counts.articles
        self._mentions = counts.mentions
        self._stories, self._folded_copies = counts.stories, counts.folded_copies
        self.facets = counts.facets
        self._show_facets(counts.facets)
        self._after_loading()
        self.search_finished.emit(self.last_result)

    def _after_loading(self) -> None:
        """Paging, the "Highlight all" button and the counts line, for what is loaded and known now."""
        assert self.last_result is not None
        more = self._more_to_load()
        self.model.more_available = self.concordance_model.more_available = more
        self.concordance_model.set_complete(not more and not self._counting)
        self.autocode_button.setEnabled(bool(self.last_result.hits))
        self.export_button.setEnabled(bool(self.last_result.hits))
        self._show_counts()

    def _on_search_error(self, error: BaseException) -> None:
        self._clear_results()
        if isinstance(error, IndexUnavailable):
            self._waiting_for_index = True
            self.set_message(rebuilding_text(self.library.index.rebuild_progress))
        else:
            message = str(error) if isinstance(error, QueryError) else f"Search failed: {error}"
            self.set_message(message, error=True)
        self.search_finished.emit(None)

    def _on_index_committed(self) -> None:
        """While the index rebuilds, show its progress; when it is done, run the waiting search."""
        if not self._waiting_for_index:
            return
        if self.library.index.rebuild_progress is None:
            self.run_query()
        else:
            self.set_message(rebuilding_text(self.library.index.rebuild_progress))

    def _clear_results(self) -> None:
        self.last_result = None
        self.facets = None
        self._counting = False
        self._articles = self._mentions = self._stories = self._folded_copies = None
        self._count_timer.stop()
        self.model.set_hits([])
        self.concordance_model.set_rows([])
        self._show_facets(None)
        self.autocode_button.setEnabled(False)
        self.export_button.setEnabled(False)

    def _show_facets(self, facets: Any | None) -> None:
        self.facets_view.set_facets(facets)
        has_any = self.facets_view.section_count() > 0
        self.facets_caption.setVisible(has_any)
        self.facets_view.setVisible(has_any)
        sizes = self.splitter.sizes()
        if has_any and len(sizes) == 2 and sizes[1] < FACETS_MIN_HEIGHT:  # appeared (again): give it room
            total = sum(sizes)
            facets = max(FACETS_MIN_HEIGHT, min(FACETS_HEIGHT, total // 3))
            self.splitter.setSizes([max(0, total - facets), facets])

    def _show_counts(self) -> None:
        if self.last_result is not None:
            self.set_message(counts_text(self.last_result, counting=self._counting, articles=self._articles,
                                         concordance=self.concordance_mode, mentions=self._mentions,
                                         stories=self._stories, folded_copies=self._folded_copies))  # fmt: skip

    def _empty_text(self) -> str:
        """What the empty results area advises: how to search, or what to try after no match."""
        if not self._query.strip():
            return "Type words above and press Enter to search every article, highlight and note."
        result = self.last_result
        if result is None or result.hits or self._loading_page or self._counting:
            return ""  # searching, or an error the line above names
        return "Nothing found. Try fewer words, another form (sanction*), or a fuzzy match (sanctoin~)."

    def set_message(self, text: str, error: bool = False) -> None:
        """The line above the results: counts, a hint, or (``error``) what went wrong."""
        for hint in self.empty_hints:
            hint.refresh()
        self.message_label.setText(text)
        self.message_label.setProperty("error", error)
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)

    def narrow(self, clause: str) -> None:
        """Add a facet's filter to the query and search again."""
        self.set_query(narrowed(self.query_edit.text(), clause))

    # -- views -----------------------------------------------------------------------------------
    def _on_mode_toggled(self, mode: int, checked: bool) -> None:
        if not checked:
            return
        self.views.setCurrentIndex(mode)
        if mode == CONCORDANCE_MODE and self.isVisible():
            self.room_wanted.emit(CONCORDANCE_WIDTH)
        if self._query.strip():
            self.run_query()  # "Every mention" lists the occurrences in the articles' text only

    def _on_result_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self._open(hit)

    def _on_line_activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, KwicRow) and row.hit is not None:
            self._open(row.hit)

    def _open(self, hit: Hit) -> None:
        annotation = hit.annotation_id if hit.annotation_id is not None else -1
        self.open_hit_requested.emit(hit.document_id, hit.start, hit.end, annotation)

    def show_query_help(self) -> None:
        if self.help_popup is None:
            self.help_popup = QueryHelpPopup(self)
        self.help_popup.show_below(self.help_button)

    def sizeHint(self) -> QSize:
        return QSize(380, 600)
