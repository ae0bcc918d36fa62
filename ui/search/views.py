"""The search panel's parts, built and styled in one place: results, every mention in context, facets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QListView, QToolButton, QVBoxLayout, QWidget

from ui.rich_delegate import setup_rich_list
from ui.search.concordance import ConcordanceModel
from ui.search.facets import FacetsView
from ui.search.kwic_delegate import ConcordanceDelegate
from ui.search.model import SearchResultModel


def results_view(model: SearchResultModel) -> QListView:
    """One rich item per hit (title, snippet, tags); laid out in batches, so a long page scrolls at once."""
    view = QListView()
    view.setObjectName("searchResults")
    view.setModel(model)
    setup_rich_list(view)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setBatchSize(50)
    return view


def concordance_view(model: ConcordanceModel) -> tuple[QListView, ConcordanceDelegate]:
    """One line per mention, the match in one column (the delegate paints it)."""
    view = QListView()
    view.setObjectName("concordance")
    view.setModel(model)
    delegate = ConcordanceDelegate(view)
    view.setItemDelegate(delegate)
    view.setMouseTracking(True)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setBatchSize(100)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view, delegate


def facets_box(view: FacetsView) -> tuple[QWidget, QLabel]:
    """The facets under a "Narrow by" caption (both hidden while there is nothing to narrow by)."""
    caption = QLabel("Narrow by")
    caption.setObjectName("panelCaption")
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(caption)
    layout.addWidget(view, 1)
    return box, caption


def mode_button(text: str, tip: str) -> QToolButton:
    """One half of the Results / Every mention switch."""
    button = QToolButton()
    button.setObjectName("searchModeButton")
    button.setText(text)
    button.setToolTip(tip)
    button.setCheckable(True)
    return button


def single_shot(parent: QObject, milliseconds: int, slot: Callable[[], object]) -> QTimer:
    """A restartable delay: ``start()`` again postpones ``slot`` (typing, then searching once)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(milliseconds)
    timer.timeout.connect(slot)
    return timer
