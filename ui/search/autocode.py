"""Highlight all and tag: every mention of the Search tab's query highlighted in one undoable step.

The panel asks (``autocode_requested``); this controller opens the dialog and runs the operation
through ``Operations``, so the reader, the lists and the tag tree refresh from its ``Changes``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app import Library
from ui.controller import Controller
from ui.operations import Operations
from ui.search.dialogs import AutocodeDialog, autocode_headline
from ui.search.panel import SearchPanel


class AutocodeController(Controller):
    """``finished(report)`` after a run (an ``AutocodeReport``, or None after an error)."""

    finished = Signal(object)

    def __init__(self, library: Library, operations: Operations, panel: SearchPanel, parent: QObject) -> None:
        super().__init__(library, operations, parent)
        self.panel = panel
        self.dialog: AutocodeDialog | None = None
        panel.autocode_requested.connect(self.open_dialog)

    def open_dialog(self) -> AutocodeDialog | None:
        """Ask for the tags, colour and style of every mention in the results shown."""
        result, facets = self.panel.last_result, self.panel.facets
        if result is None or result.total == 0:
            return None
        articles = len(facets.articles) if facets is not None else len({hit.document_id for hit in result.hits})
        known = [tag.name for tag in self.library.tags.counts()]
        dialog = AutocodeDialog(self.panel.query.strip(), articles, known, self.panel)
        dialog.accepted.connect(lambda: self.run(dialog.tags(), dialog.color(), dialog.style_name()))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def highlight_all_of(self, query: str) -> None:
        """Run ``query`` in the Search tab, then offer Highlight All for its mentions (a watch notice's button)."""

        def ready(result: object) -> None:
            self.panel.search_finished.disconnect(ready)
            if result is not None:
                self.open_dialog()

        self.panel.search_finished.connect(ready)
        self.panel.set_query(query)

    def _closed(self, dialog: AutocodeDialog) -> None:
        """Hand the keyboard back to the window, so Ctrl+Z undoes the step right away."""
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self.panel.window().activateWindow()

    def run(self, tags: list[str], color: str, style: str = "highlight") -> None:
        """Highlight every mention of the panel's query (one undoable step)."""
        query, library = self.panel.query, self.library
        self.panel.set_message("Highlighting every mention…")
        self.operations.run(
            lambda: library.annotations.autocode(query, tags=tags, color=color, style=style),
            success=self._done,
            failure=self._failed,
            what="Highlight all",
        )

    def _done(self, report: Any) -> None:
        self.say(autocode_headline(report.created, report.documents, report.skipped))
        self.finished.emit(report)
        self.panel.run_query()  # the new highlights are hits too

    def _failed(self, message: str, _error: BaseException) -> None:
        self.panel.set_message(message, error=True)
        self.say(message)
        self.finished.emit(None)
