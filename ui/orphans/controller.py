"""Keeps the Orphans tab, its count and the status-bar notice in step with the library.

The orphans of an article whose highlights changed are read on the GUI thread (one indexed query
each); the whole library's on a worker thread at start-up and after a large change, so a big library
never stalls the window. Re-attaching is a write: it goes through ``Operations``.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget

from annotations.errors import LecternError
from annotations.models import Annotation
from app import Changes, Library
from ui.controller import Controller
from ui.operations import Operations
from ui.orphans.panel import OrphansPanel
from ui.reader.view import ReaderView
from ui.workers import run_in_background

log = logging.getLogger(__name__)
TAB_TITLE = "Orphans"
MAX_ONE_BY_ONE = 50  # articles changed at once above which the whole list is read again on the worker


class OrphansController(Controller):
    """Owns the Orphans panel (added as a tab) and the notice label (for the status bar)."""

    delete_requested = Signal(int)  # orphan id; the window deletes it like any highlight (undoable)
    open_article_requested = Signal(int)

    def __init__(self, library: Library, operations: Operations, reader: ReaderView, tabs: QTabWidget) -> None:
        super().__init__(library, operations, tabs)
        self.reader = reader
        self.tabs = tabs
        self.panel = OrphansPanel()
        self.notice = QLabel()
        self.notice.setObjectName("orphanNotice")
        self.notice.setToolTip("Highlights whose passage was lost when this article's text changed")
        self.notice.linkActivated.connect(lambda _link: self.show_panel())
        tabs.addTab(self.panel, TAB_TITLE)
        self._orphans: dict[int, list[Annotation]] = {}  # document id -> its orphans
        self._titles: dict[int, str] = {}
        self._current: int | None = None
        self._loading = False
        self._reload_again = False
        self._touched: set[int] = set()  # documents refreshed while a whole-library load was running

        operations.events.changed.connect(self._on_changed)
        reader.document_shown.connect(self._on_document_shown)
        self.panel.reattach_requested.connect(self.reattach)
        self.panel.delete_requested.connect(self.delete_requested)
        self.panel.open_article_requested.connect(self.open_article_requested)
        tabs.currentChanged.connect(lambda _index: self._update_tab())
        self.refresh_all()

    # -- counts ----------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return sum(len(orphans) for orphans in self._orphans.values())

    def count_in(self, document_id: int | None) -> int:
        return len(self._orphans.get(document_id, [])) if document_id is not None else 0

    def show_panel(self) -> None:
        self.tabs.setTabVisible(self.tabs.indexOf(self.panel), True)
        self.tabs.setCurrentWidget(self.panel)

    # -- loading ---------------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        """Articles whose highlights (or text) changed may have gained or lost orphans; others cannot."""
        touched = changes.annotated_documents | changes.documents
        if len(touched) > MAX_ONE_BY_ONE:
            self.refresh_all()
            return
        for document_id in sorted(touched):
            self.refresh_document(document_id)

    def refresh_document(self, document_id: int) -> None:
        """Re-read one article's orphans (after its highlights changed)."""
        try:
            orphans = self.library.annotations.orphans(document_id)
            if orphans and document_id not in self._titles:
                self._titles[document_id] = self.library.documents.get(document_id).title
        except LecternError:  # the article was deleted meanwhile
            orphans = []
        self._set_document(document_id, orphans)
        if self._loading:
            self._touched.add(document_id)
        self._apply()

    def refresh_all(self) -> None:
        """Re-read every article's orphans on a worker thread."""
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self._touched.clear()
        library = self.library

        def load() -> tuple[list[Annotation], dict[int, str]]:
            orphans = library.annotations.orphans()
            return orphans, {doc: library.documents.get(doc).title for doc in {a.document_id for a in orphans}}

        run_in_background(load, self._on_loaded)

    def _on_loaded(self, result: tuple[list[Annotation], dict[int, str]] | None, error: BaseException | None) -> None:
        if not shiboken6.isValid(self.panel):  # the window closed while loading
            return
        self._loading = False
        if error is not None or result is None:
            log.warning("could not list orphaned highlights: %s", error)
        else:
            orphans, titles = result
            kept = {doc: self._orphans.get(doc, []) for doc in self._touched}
            self._orphans = {}
            for orphan in orphans:
                self._orphans.setdefault(orphan.document_id, []).append(orphan)
            for doc, fresh in kept.items():
                self._set_document(doc, fresh)
            self._titles.update(titles)
            self._apply()
        if self._reload_again:
            self._reload_again = False
            self.refresh_all()

    def _set_document(self, document_id: int, orphans: list[Annotation]) -> None:
        if orphans:
            self._orphans[document_id] = orphans
        else:
            self._orphans.pop(document_id, None)

    def _on_document_shown(self, document_id: int) -> None:
        self._current = document_id if document_id >= 0 else None
        if self._current is None:
            self._apply()
        else:
            self.refresh_document(self._current)

    # -- showing ---------------------------------------------------------------------------------
    def _apply(self) -> None:
        everything = [orphan for orphans in self._orphans.values() for orphan in orphans]
        self.panel.set_orphans(everything, self._titles, self._current)
        here = self.count_in(self._current)
        s = "s" if here != 1 else ""
        self.notice.setText(f"<a href='#orphans'>{here} orphaned highlight{s} in this article</a>" if here else "")
        self.notice.setVisible(bool(here))
        self._update_tab()

    def _update_tab(self) -> None:
        index = self.tabs.indexOf(self.panel)
        if index < 0:
            return
        total = self.total
        self.tabs.setTabText(index, f"{TAB_TITLE} ({total})" if total else TAB_TITLE)
        self.tabs.setTabVisible(index, total > 0 or self.tabs.currentIndex() == index)

    # -- actions ---------------------------------------------------------------------------------
    def reattach(self, annotation_id: int) -> None:
        """Anchor an orphan of the open article to the passage selected in the reader."""
        orphan = next((o for o in self._orphans.get(self._current or -1, []) if o.id == annotation_id), None)
        if orphan is None or self.reader.document_id != orphan.document_id:
            self.panel.show_message("Open this highlight's article to re-attach it.")
            return
        selected = self.reader.selected_range()
        if selected is None or not self.reader.toPlainText()[selected[0] : selected[1]].strip():
            self.panel.show_message("First select the new passage in the reader, then click Re-attach.")
            return
        start, end = selected
        self.operations.run(
            lambda: self.library.annotations.reattach(annotation_id, start, end),
            success=lambda _annotation: self.say("Highlight re-attached."),
            failure=lambda message, _error: self.panel.show_message(message),
            what="Re-attaching",
        )
