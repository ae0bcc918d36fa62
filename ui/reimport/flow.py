"""The re-import conversation: offer the changed files, replace them (an operation, off the GUI thread), report.

The reader, the lists and the Orphans tab follow from the ``Changes`` the replacement broadcasts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app import ImportOutcome, Library
from ui.controller import Controller
from ui.operations import Operations
from ui.plain_text import shown_as_text
from ui.reimport.offer_dialog import ReimportOfferDialog
from ui.reimport.report import ArticleReport, replace_versions
from ui.reimport.summary_dialog import ReanchorSummaryDialog, summary_headline


class ReimportFlow(Controller):
    """Owns the offer, the progress and the summary dialogs; ``review_orphans_requested`` from the summary."""

    review_orphans_requested = Signal()

    def __init__(self, library: Library, operations: Operations, window: QWidget) -> None:
        super().__init__(library, operations, window)
        self.window = window
        self.running = False
        self.offer_dialog: ReimportOfferDialog | None = None
        self.summary_dialog: ReanchorSummaryDialog | None = None
        self._queued: list[ImportOutcome] = []

    def offer(self, outcomes: Sequence[ImportOutcome], context: str = "") -> ReimportOfferDialog:
        """Ask whether to replace the articles these files are newer versions of (non-blocking).

        An offer still open from an earlier import is folded into this one, so one question is asked."""
        if self.offer_dialog is not None:
            if self.offer_dialog.isVisible():
                paths = {outcome.path for outcome in outcomes}
                outcomes = [o for o in self.offer_dialog.outcomes if o.path not in paths] + list(outcomes)
                self.offer_dialog.reject()
            self.offer_dialog.deleteLater()
        dialog = ReimportOfferDialog(outcomes, context, self.window)
        dialog.replace_requested.connect(self.replace)
        self.offer_dialog = dialog
        dialog.open()
        return dialog

    def replace(self, outcomes: Sequence[ImportOutcome]) -> None:
        """Re-import each file on a worker thread (the window waits behind a progress dialog)."""
        if self.running:  # after the running replace, as its own step
            self._queued.extend(outcomes)
            return
        if not outcomes:
            return
        self.running = True
        chosen = list(outcomes)
        progress = QProgressDialog(
            "Replacing articles and re-anchoring their highlights…", "", 0, len(chosen), self.window
        )
        progress.setWindowTitle("Re-import")
        progress.setCancelButton(None)  # type: ignore[arg-type]  # a half-done replace is still consistent
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def finished(reports: list[ArticleReport], error: str) -> None:
            progress.close()
            progress.deleteLater()
            self.running = False
            self._on_replaced(reports, error)
            queued, self._queued = self._queued, []
            self.replace(queued)

        self.operations.run(
            lambda report: replace_versions(self.library, chosen, report),
            progress=progress.setValue,
            success=lambda reports: finished(reports, ""),
            failure=lambda message, _error: finished([], message),
            what="Replacing the articles",
            long=True,
        )

    def _on_replaced(self, reports: list[ArticleReport], error: str) -> None:
        if error:
            QMessageBox.warning(self.window, "Re-import", shown_as_text(error))
        if not reports:
            return
        self.say(summary_headline(reports))
        if self.summary_dialog is not None:
            self.summary_dialog.deleteLater()
        dialog = ReanchorSummaryDialog(reports, self.window)
        dialog.review_orphans_requested.connect(self.review_orphans_requested)
        self.summary_dialog = dialog
        dialog.open()
