"""Saved searches in the window: the sidebar section, its live counts, saving, and watches after imports.

Counts and watch checks run on a worker (``run_in_background``); only their results touch widgets.
A recount is debounced, so a burst of index commits or highlight edits costs one pass. Saving,
renaming, deleting and (un)watching are writes: they go through ``Operations``, and the list is read
again when their ``Changes`` say the saved searches changed.
"""

from __future__ import annotations

from PySide6.QtCore import QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from shiboken6 import isValid

from annotations.errors import LecternError
from annotations.store_saved import SavedSearch
from app import Changes, Library
from app.saved_searches import WatchReport, shown_query
from ui.controller import Controller
from ui.operations import Operations
from ui.plain_text import plain_message_box
from ui.saved.model import PENDING
from ui.saved.panel import SavedSearchPanel, WatchNotice
from ui.workers import run_in_background

RECOUNT_DELAY_MS = 400


class SavedSearchController(Controller):
    run_requested = Signal(str)  # a query to run in the Search tab
    highlight_requested = Signal(str)  # a query whose mentions to highlight (library.autocode)
    counts_updated = Signal()
    watch_checked = Signal(object)  # list[WatchReport]

    def __init__(self, library: Library, operations: Operations, window: QWidget) -> None:
        super().__init__(library, operations, window)
        self.window = window
        self.panel = SavedSearchPanel()
        self.dialog: QInputDialog | QMessageBox | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # counts and checks one after another, never racing each other
        self._sequence = 0
        self.pending = 0  # worker tasks not yet delivered (tests wait for 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOUNT_DELAY_MS)
        self._timer.timeout.connect(self.recount)

        self.save_action = QAction("Sa&ve Search…", window, shortcut=QKeySequence("Ctrl+Shift+S"))
        self.save_action.setToolTip("Keep the query of the Search tab in the sidebar, with its count")

        self.panel.run_requested.connect(self._on_run)
        self.panel.watch_toggled.connect(self.set_watch)
        self.panel.rename_requested.connect(self.ask_rename)
        self.panel.delete_requested.connect(self.ask_delete)
        self.events.changed.connect(self._on_changed)
        self.events.index_committed.connect(self.schedule_recount)
        self.reload()

    can_highlight = True  # a watch notice offers Highlight all… (library.annotations.autocode)

    # -- list and counts -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the list again (cheap, here) and count on a worker."""
        self.panel.set_searches(self.library.searches.all())
        self.recount()

    def _on_changed(self, changes: Changes) -> None:
        if changes.saved_searches:  # the list itself: read it again, count the new ones
            self.panel.set_searches(self.library.searches.all())
            if any(self.panel.model.count_of(saved.id) is PENDING for saved in self.panel.model.searches()):
                self.recount()
        if changes.documents or changes.annotations:  # what the searches match
            self.schedule_recount()

    def schedule_recount(self, *_args: object) -> None:
        self._timer.start()

    def recount(self) -> None:
        self._timer.stop()
        searches = self.panel.model.searches()
        if not searches:
            return
        self._sequence += 1
        sequence = self._sequence
        library = self.library

        def work() -> dict[int, int | str]:
            counts: dict[int, int | str] = {}
            for saved in searches:
                try:
                    counts[saved.id] = library.index.search(saved.query, limit=0).total
                except LecternError as error:  # QueryError, or the index being rebuilt
                    counts[saved.id] = str(error)
            return counts

        self._start(work, lambda counts, error: self._on_counted(sequence, counts, error))

    def _on_counted(self, sequence: int, counts: dict[int, int | str] | None, error: BaseException | None) -> None:
        if sequence != self._sequence:
            return  # a newer count is on its way
        if error is not None or counts is None:
            self.say(f"Could not count the saved searches: {error}")
            return
        self.panel.model.set_counts(counts)
        self.counts_updated.emit()

    def _start(self, work, on_finished) -> None:  # type: ignore[no-untyped-def]
        self.pending += 1

        def deliver(result, error) -> None:  # type: ignore[no-untyped-def]
            self.pending -= 1
            if isValid(self) and isValid(self.panel):  # the window may have closed while the worker ran
                on_finished(result, error)

        run_in_background(work, deliver, pool=self._pool)

    # -- saving, renaming, deleting, watching ----------------------------------------------------
    def ask_save(self, query: str) -> None:
        """Ask for a name (non-modal), then save ``query``."""
        if not query.strip():
            self.say("Type a query in the Search tab first, then save it.")
            return
        dialog = QInputDialog(self.window)
        dialog.setObjectName("saveSearchDialog")
        dialog.setWindowTitle("Save search")
        dialog.setLabelText(f"Name for the search “{query.strip()}”:")
        dialog.setTextValue(shown_query(query))
        dialog.textValueSelected.connect(lambda name: self.save(name, query))
        self.dialog = dialog
        dialog.open()

    def save(self, name: str, query: str, watch: bool = False) -> None:
        self.operations.run(
            lambda: self.library.searches.save(name, query, watch=watch),
            success=lambda saved: self.say(f"Saved the search “{saved.name}”."),
            failure=lambda message, _error: self._show_error("Save search", message),
            what="Saving the search",
        )

    def ask_rename(self, search_id: int) -> None:
        try:
            saved = self.library.searches.get(search_id)
        except LecternError as error:
            self.say(str(error))
            return
        dialog = QInputDialog(self.window)
        dialog.setObjectName("renameSearchDialog")
        dialog.setWindowTitle("Rename saved search")
        dialog.setLabelText(f"New name for “{saved.name}”:")
        dialog.setTextValue(saved.name)
        dialog.textValueSelected.connect(lambda name: self.rename(search_id, name))
        self.dialog = dialog
        dialog.open()

    def rename(self, search_id: int, name: str) -> None:
        self.operations.run(
            lambda: self.library.searches.rename(search_id, name),
            failure=lambda message, _error: self._show_error("Rename saved search", message),
            what="Renaming the search",
        )

    def ask_delete(self, search_id: int) -> None:
        try:
            saved = self.library.searches.get(search_id)
        except LecternError as error:
            self.say(str(error))
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Delete saved search",
                          f"Delete the saved search “{saved.name}”? Articles and highlights are not affected.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)  # fmt: skip
        plain_message_box(box)
        box.setObjectName("deleteSearchDialog")
        box.accepted.connect(lambda: self.delete(search_id))
        self.dialog = box
        box.open()

    def delete(self, search_id: int) -> None:
        self.operations.run(lambda: self.library.searches.delete(search_id), what="Deleting the search")

    def set_watch(self, search_id: int, watch: bool) -> None:
        def done(saved: SavedSearch) -> None:
            self.say(
                f"Watching “{saved.name}”: new mentions are announced after each import."
                if saved.watch
                else f"No longer watching “{saved.name}”."
            )

        self.operations.run(lambda: self.library.searches.set_watch(search_id, watch), success=done,
                            what="Watching the search")  # fmt: skip

    def _on_run(self, search_id: int) -> None:
        try:
            self.run_requested.emit(self.library.searches.get(search_id).query)
        except LecternError as error:
            self.say(str(error))

    def _show_error(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.window)
        plain_message_box(box)
        box.setObjectName("savedSearchError")
        self.dialog = box
        box.open()

    # -- watches ---------------------------------------------------------------------------------
    def check_after_import(self) -> None:
        """Check every watched search on a worker; a notice for each that found new mentions."""
        if not any(saved.watch for saved in self.panel.model.searches()):
            self.schedule_recount()
            return
        self._start(lambda: self.library.searches.check_watched().value, self._on_checked)

    def _on_checked(self, reports: list[WatchReport] | None, error: BaseException | None) -> None:
        if error is not None or reports is None:
            self.say(f"Could not check the watched searches: {error}")
            return
        for report in reports:
            notice = WatchNotice(report.headline + ("." if not report.error else ""), report.saved_search.query,
                                 can_highlight=self.can_highlight and not report.error)  # fmt: skip
            notice.show_button.setVisible(not report.error)
            notice.show_requested.connect(self.run_requested)
            notice.highlight_requested.connect(self.highlight_requested)
            self.panel.add_notice(notice)
        if reports:
            self.say(" · ".join(report.headline for report in reports))
        self.schedule_recount()
        self.watch_checked.emit(reports)
