"""The search panel: one box for everything; results as a list or as every mention in context.

Searching, paging, counting, facets and the concordance lines all run on one worker thread (plain
data in, a ``SearchPage`` or ``SearchCounts`` out); older answers still on their way are ignored.
The first page shows as soon as it is found; counting every mention (and the facets) follows as a
second job, so a query matching most of a large library shows its best hits at once and its counts
a moment later. The first page is short (``FIRST_PAGE_SIZE``: a screenful, and the cheapest answer to
rank), later ones longer. Both views page: they ask for the next ``PAGE_SIZE`` hits (``offset``) as they scroll
to their end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from index.search import Hit, IndexUnavailable, QueryError, SearchResult
from ui.rich_delegate import setup_rich_list
from ui.search.concordance import (
    ROW_ROLE,
    ConcordanceDelegate,
    ConcordanceModel,
    KwicRow,
    concordance_rows,
)
from ui.search.dialogs import AutocodeDialog, QueryHelpPopup, autocode_headline
from ui.search.facets import FacetsView, narrowed
from ui.search.model import HIT_ROLE, SearchResultModel
from ui.workers import run_in_background

TYPING_PAUSE_MS = 300
COUNT_AFTER_MS = 120  # the first page paints before every mention is counted
FIRST_PAGE_SIZE = 50
PAGE_SIZE = 200
SORTS = (("Relevance", "relevance"), ("Date", "date"), ("Title", "title"))
QUERY_HELP = (
    'Words (any form: sanction finds sanctions), "exact phrases", -exclude, AND / OR / NOT, wild*, fuzzy~, '
    "and fields: tag:air-defense, title:, note:, quote:, author:, source:, color:yellow, kind:annotation, "
    "published:2024, created:>=2026-01-01, published:[2023 TO 2024]"
)
LIST_MODE, CONCORDANCE_MODE = 0, 1
FACETS_HEIGHT, FACETS_MIN_HEIGHT = 230, 90
CONCORDANCE_WIDTH, MIN_DONOR_WIDTH = 560, 480  # px: the "Every mention" view asks for room, the reader keeps 480
SIDE_KEEPS = 40  # px a side pane (the library list) keeps above its minimum when it lends width


@dataclass
class SearchPage:
    """What the worker hands back: one page of hits, its concordance rows and (first page) the facets."""

    result: SearchResult
    offset: int
    rows: list[KwicRow]
    total: int | None = None  # every hit, when known without counting (a short result)
    full: bool = True  # as many hits as asked for: there may be more


@dataclass
class SearchCounts:
    """The second answer to a query: how many hits it has in all, and its facets."""

    total: int
    articles: int  # how many articles those hits are in
    facets: Any | None


class SearchPanel(QWidget):
    open_hit_requested = Signal(int, int, int, int)  # document id, start, end, annotation id (-1 for articles)
    search_finished = Signal(object)  # SearchResult, or None after an error
    page_loaded = Signal(int)  # the number of hits loaded now
    autocode_finished = Signal(object)  # AutocodeReport, or None after an error
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
        self._last_page_full = False  # the last page brought all the hits it asked for
        self.last_result: SearchResult | None = None
        self.facets: Any | None = None
        self.autocode_dialog: AutocodeDialog | None = None
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

        self.list_button = self._mode_button("Results", "One item per mention, with its snippet, tags and note")
        self.concordance_button = self._mode_button("Every mention", "Each occurrence on one line, in its context")
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
        self.autocode_button = QToolButton()
        self.autocode_button.setObjectName("autocodeButton")
        self.autocode_button.setText("Highlight all…")
        self.autocode_button.setToolTip("Highlight and tag every mention in these results (one undoable step)")
        self.autocode_button.setEnabled(False)
        self.autocode_button.clicked.connect(self.open_autocode_dialog)

        self.message_label = QLabel(QUERY_HELP)
        self.message_label.setObjectName("searchMessage")
        self.message_label.setWordWrap(True)

        self.model = SearchResultModel()
        self.model.fetcher = self._fetch_next_page
        self.results_view = QListView()
        self.results_view.setObjectName("searchResults")
        self.results_view.setModel(self.model)
        setup_rich_list(self.results_view)
        self.results_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.results_view.setBatchSize(50)
        self.results_view.doubleClicked.connect(self._on_result_activated)
        self.results_view.activated.connect(self._on_result_activated)

        self.concordance_model = ConcordanceModel()
        self.concordance_model.fetcher = self._fetch_next_page
        self.concordance_view = QListView()
        self.concordance_view.setObjectName("concordance")
        self.concordance_view.setModel(self.concordance_model)
        self.concordance_delegate = ConcordanceDelegate(self.concordance_view)
        self.concordance_view.setItemDelegate(self.concordance_delegate)
        self.concordance_view.setMouseTracking(True)
        self.concordance_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.concordance_view.setBatchSize(100)
        self.concordance_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.concordance_view.clicked.connect(self._on_line_activated)
        self.concordance_view.activated.connect(self._on_line_activated)

        self.views = QStackedWidget()
        self.views.addWidget(self.results_view)
        self.views.addWidget(self.concordance_view)
        self.facets_caption = QLabel("Narrow by")
        self.facets_caption.setObjectName("panelCaption")
        self.facets_view = FacetsView()
        self.facets_view.filter_requested.connect(self.narrow)
        facets_box = QWidget()
        facets_layout = QVBoxLayout(facets_box)
        facets_layout.setContentsMargins(0, 4, 0, 0)
        facets_layout.setSpacing(2)
        facets_layout.addWidget(self.facets_caption)
        facets_layout.addWidget(self.facets_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("searchSplitter")
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(facets_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(True)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_AFTER_MS)
        self._count_timer.timeout.connect(self._request_counts)

        self._typing_timer = QTimer(self)
        self._typing_timer.setSingleShot(True)
        self._typing_timer.setInterval(TYPING_PAUSE_MS)
        self._typing_timer.timeout.connect(self.run_query)

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
        message_row.addWidget(self.autocode_button, 0, Qt.AlignmentFlag.AlignTop)
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

    def _mode_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName("searchModeButton")
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        return button

    # -- querying --------------------------------------------------------------------------------
    def focus_query(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def set_query(self, text: str) -> None:
        self.query_edit.setText(text)
        self.run_query()

    @property
    def sort(self) -> str:
        return str(self.sort_box.currentData())

    @property
    def concordance_mode(self) -> bool:
        return self.views.currentIndex() == CONCORDANCE_MODE

    def set_concordance_mode(self, on: bool) -> None:
        (self.concordance_button if on else self.list_button).setChecked(True)

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
            self._set_message(QUERY_HELP)
            return
        self._set_message("Searching…")
        self._request_page(0)

    def _request_page(self, offset: int) -> None:
        sequence, query, sort = self._sequence, self._query, self.sort
        shown = mentions_only(query) if self.concordance_mode else query
        after = self.concordance_model.last_row() if offset else None
        library = self.library
        self._loading_page = True

        limit = PAGE_SIZE if offset else FIRST_PAGE_SIZE

        def work() -> SearchPage:
            result = library.index.search(shown, limit=limit, sort=sort, offset=offset)
            rows = concordance_rows(result.hits, lambda document_id: library.documents.get(document_id).text, after)
            total = result.total if result.total_known else None
            return SearchPage(result, offset, rows, total, full=len(result.hits) >= limit)

        run_in_background(work, lambda page, error: self._on_page(sequence, page, error), pool=self._pool)

    def _request_counts(self) -> None:
        sequence, query = self._sequence, self._query
        shown = mentions_only(query) if self.concordance_mode else query
        library = self.library

        def work() -> SearchCounts:
            total = library.index.search(shown, limit=0).total
            shown_articles = len(library.index.facets(shown).articles) if shown != query else None  # counted already
            facets = library.index.facets(query)  # facets of the whole result set, in both modes
            return SearchCounts(total, len(facets.articles) if shown_articles is None else shown_articles, facets)

        run_in_background(work, lambda counts, error: self._on_counts(sequence, counts, error), pool=self._pool)

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
            self._articles = None
            # Until counted, the total is "at least what is loaded" (only read through _more_to_load).
            total = page.total if page.total is not None else len(result.hits)
            self.last_result = SearchResult(result.query, total, list(result.hits))
            self.facets = None
            self.model.set_hits(result.hits)
            self.concordance_model.set_rows(page.rows)
            self._show_facets(None)
            self._count_timer.start()  # counting is pure Python on the worker: let this page paint first
        else:
            assert self.last_result is not None
            self.last_result.hits.extend(result.hits)
            self.model.append_hits(result.hits)
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
        self._show_counts()

    def _on_search_error(self, error: BaseException) -> None:
        self._clear_results()
        if isinstance(error, IndexUnavailable):
            self._waiting_for_index = True
            self._set_message(self._rebuilding_text())
        else:
            message = str(error) if isinstance(error, QueryError) else f"Search failed: {error}"
            self._set_message(message, error=True)
        self.search_finished.emit(None)

    def _rebuilding_text(self) -> str:
        progress = self.library.index.rebuild_progress
        percent = f" ({progress * 100:.0f} %)" if isinstance(progress, (int, float)) else ""
        return f"Rebuilding the search index{percent}… The search runs again when it is ready."

    def _on_index_committed(self) -> None:
        """While the index rebuilds, show its progress; when it is done, run the waiting search."""
        if not self._waiting_for_index:
            return
        if self.library.index.rebuild_progress is None:
            self.run_query()
        else:
            self._set_message(self._rebuilding_text())

    def _clear_results(self) -> None:
        self.last_result = None
        self.facets = None
        self._counting = False
        self._articles = None
        self._count_timer.stop()
        self.model.set_hits([])
        self.concordance_model.set_rows([])
        self._show_facets(None)
        self.autocode_button.setEnabled(False)

    def _show_facets(self, facets: Any | None) -> None:
        self.facets_view.set_facets(facets)
        has_any = self.facets_view.topLevelItemCount() > 0
        self.facets_caption.setVisible(has_any)
        self.facets_view.setVisible(has_any)
        sizes = self.splitter.sizes()
        if has_any and len(sizes) == 2 and sizes[1] < FACETS_MIN_HEIGHT:  # appeared (again): give it room
            total = sum(sizes)
            facets = max(FACETS_MIN_HEIGHT, min(FACETS_HEIGHT, total // 3))
            self.splitter.setSizes([max(0, total - facets), facets])

    def _show_counts(self) -> None:
        result = self.last_result
        if result is None:
            return
        if self._counting:
            loaded = len(result.hits)
            self._set_message(f"Showing the first {loaded:,} mention{'s' if loaded != 1 else ''}; counting all…")
            return
        if result.total == 0:
            self._set_message("No mentions in the articles' text." if self.concordance_mode else "No matches.")
            return
        loaded = len(result.hits)
        total = f"{result.total:,} mention{'s' if result.total != 1 else ''}"
        if self._articles is not None:
            text = f"{total} in {self._articles:,} article{'s' if self._articles != 1 else ''}"
        else:  # known without counting: everything is loaded
            articles = len({hit.document_id for hit in result.hits})
            text = f"{total} in {articles:,} article{'s' if articles != 1 else ''}"
        if loaded < result.total:
            text += f" · showing {loaded:,} of {result.total:,}"
        hint = "Click a line to open it." if self.concordance_mode else "Double-click one to open it."
        self._set_message(f"{text}. {hint}")

    def _set_message(self, text: str, error: bool = False) -> None:
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
        if mode == CONCORDANCE_MODE:
            self._make_room(CONCORDANCE_WIDTH)
        if self._query.strip():
            self.run_query()  # "Every mention" lists the occurrences in the articles' text only

    def _make_room(self, width: int) -> None:
        """Lines in context read best wide: borrow width in the window's splitter, first from the side panes
        (down to a little over their minimum), then from the one that stretches, the reader (down to 480 px)."""
        child: QWidget = self
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QSplitter):
            child, parent = parent, parent.parentWidget()
        if parent is None or not self.isVisible():
            return
        index = parent.indexOf(child)
        sizes = parent.sizes()
        if index < 0 or sizes[index] >= width:
            return

        def stretches(number: int) -> bool:
            return parent.widget(number).sizePolicy().horizontalStretch() > 0

        donors = sorted((n for n in range(len(sizes)) if n != index), key=lambda n: (stretches(n), -sizes[n]))
        for donor in donors:
            floor = MIN_DONOR_WIDTH if stretches(donor) else parent.widget(donor).minimumSizeHint().width() + SIDE_KEEPS
            given = min(width - sizes[index], max(0, sizes[donor] - floor))
            sizes[index] += given
            sizes[donor] -= given
        parent.setSizes(sizes)

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

    def occurrences_in(self, document_id: int) -> list[tuple[int, int]]:
        """The mentions in one article, in text order (for F3 / Shift+F3): every occurrence in its text once
        the article is among the results (later pages included), else the loaded highlights' passages."""
        hits = self.last_result.hits if self.last_result is not None else []
        mine = [hit for hit in hits if hit.document_id == document_id]
        spans = {(hit.start, hit.end) for hit in mine if hit.end > hit.start and not hit.orphaned}
        if any(hit.kind == "article" for hit in mine):
            try:
                spans.update(self.library.index.mentions_in(self._query, document_id))
            except Exception:  # noqa: BLE001 - deleted meanwhile, or the query changed: keep what is loaded
                pass
        return sorted(spans)

    def show_query_help(self) -> None:
        if self.help_popup is None:
            self.help_popup = QueryHelpPopup(self)
        self.help_popup.show_below(self.help_button)

    # -- highlight all and tag -------------------------------------------------------------------
    def open_autocode_dialog(self) -> AutocodeDialog | None:
        result = self.last_result
        if result is None or result.total == 0:
            return None
        articles = len(self.facets.articles) if self.facets is not None else len({h.document_id for h in result.hits})
        known = [tag.name for tag in self.library.tags.counts()]
        dialog = AutocodeDialog(self._query.strip(), articles, known, self)
        dialog.accepted.connect(lambda: self.run_autocode(dialog.tags(), dialog.color(), dialog.style_name()))
        dialog.finished.connect(lambda _result: self._on_autocode_dialog_closed(dialog))
        self.autocode_dialog = dialog
        dialog.open()
        return dialog

    def _on_autocode_dialog_closed(self, dialog: AutocodeDialog) -> None:
        """Hand the keyboard back to the window, so Ctrl+Z undoes the step right away."""
        if self.autocode_dialog is dialog:
            self.autocode_dialog = None
        dialog.deleteLater()
        self.window().activateWindow()

    def run_autocode(self, tags: list[str], color: str, style: str = "highlight") -> None:
        """Highlight every mention of the current query (one undoable step), then announce what changed."""
        query, library = self._query, self.library

        def work() -> Any:
            return library.annotations.autocode(query, tags=tags, color=color, style=style).value

        self._set_message("Highlighting every mention…")
        run_in_background(work, self._on_autocode_done, pool=self._pool)

    def _on_autocode_done(self, report: Any, error: BaseException | None) -> None:
        if not isValid(self):
            return
        if error is not None or report is None:
            message = str(error) if isinstance(error, QueryError) else f"Highlight all failed: {error}"
            self._set_message(message, error=True)
            self.status_message.emit(message)
            self.autocode_finished.emit(None)
            return
        documents = _document_ids(report, self.library)
        if self.events is not None:
            for document_id in documents:
                self.events.annotations_changed.emit(document_id)
        articles = report.documents if isinstance(report.documents, int) else len(documents)
        self.status_message.emit(autocode_headline(report.created, articles, report.skipped))
        self.autocode_finished.emit(report)
        self.run_query()

    def sizeHint(self) -> QSize:
        return QSize(380, 600)


def mentions_only(query: str) -> str:
    """The query narrowed to the articles' text: a highlight's hit would repeat an occurrence."""
    return f"({query.strip()}) kind:article"


def _document_ids(report: Any, library: Any) -> list[int]:
    """The articles an autocode report touched: its ``documents`` when they are ids, else via its highlights."""
    documents = report.documents
    if not isinstance(documents, int):
        return sorted({int(document_id) for document_id in documents})
    found: set[int] = set()
    for annotation_id in report.annotation_ids:
        try:
            found.add(library.annotations.get(annotation_id).document_id)
        except Exception:  # noqa: BLE001 - undone or deleted meanwhile: nothing to refresh for it
            continue
    return sorted(found)
