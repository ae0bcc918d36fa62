"""Importing through the window: the file dialogs, a progress dialog, one summary, and the re-import offer.

The import runs through ``Operations`` (on its long lane, so highlighting goes on meanwhile); the
library list and the other views refresh from the ``Changes`` it broadcasts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from annotations.importers import SUPPORTED_SUFFIXES
from annotations.models import Document
from app import ImportOutcome, Library
from ui.controller import Controller
from ui.import_summary import context_for_offer, import_progress_text, summarize_imports
from ui.operations import Operations
from ui.plain_text import plain_message_box
from ui.reimport.flow import ReimportFlow

IMPORT_FILTER = "Articles (" + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES) + ");;All files (*)"


class ImportController(Controller):
    """File → Import Files / Import Folder, drops; ``imported(documents)`` after an import that added some."""

    imported = Signal(list)  # list[Document], in the order imported

    def __init__(self, library: Library, operations: Operations, window: QWidget) -> None:
        super().__init__(library, operations, window)
        self.window = window
        self.running = False
        self.reimport = ReimportFlow(library, operations, window)

    def _status(self, text: str) -> None:
        self.say(text)

    def ask_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import articles", str(Path.home()), IMPORT_FILTER)
        if paths:
            self.import_paths([Path(path) for path in paths])

    def ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of articles", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], *, announce: bool = True) -> None:
        """Import files and folders off the GUI thread with a progress dialog (Cancel stops between files)."""
        if self.running:
            self._status("An import is already running.")
            return
        self.running = True
        progress = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
        progress.setWindowTitle("Import")
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        cancelled = {"flag": False}
        progress.canceled.connect(lambda: cancelled.__setitem__("flag", True))
        totals = {"files": 0}
        library = self.library

        def work(report: Callable[[object], None]):  # type: ignore[no-untyped-def]  # -> Applied[list[ImportOutcome]]
            return library.documents.import_paths(
                paths,
                progress=lambda done, total, path: report((done, total, path)),
                cancelled=lambda: cancelled["flag"],
            )

        def on_progress(value: tuple[int, int, Path]) -> None:
            done, total, path = value
            totals["files"] = total
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            progress.setLabelText(import_progress_text(done, total, path))

        def done(outcomes: list[ImportOutcome] | None, error: BaseException | None) -> None:
            progress.close()
            progress.deleteLater()
            self.window.activateWindow()  # keys go back to the window (a platform without a window manager won't)
            self.running = False
            self._finished(outcomes or [], error, announce, totals["files"])

        self.operations.run(
            work,
            progress=on_progress,
            success=lambda outcomes: self._after_views_read(lambda: done(outcomes, None)),
            failure=lambda _message, error: self._after_views_read(lambda: done([], error)),
            what="Importing",
            long=True,
        )

    def _after_views_read(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the reads the import's Changes queued (the library list's new rows) are done, so
        the summary, and the article opened after it, come when the list already shows what was imported."""
        self.operations.run(lambda: None, success=lambda _value: then(), what="Importing")

    def _finished(self, outcomes: list[ImportOutcome], error: BaseException | None, announce: bool, total: int) -> None:
        summary = summarize_imports(outcomes, error, total=total)
        self._status(summary.headline)
        documents: list[Document] = [outcome.document for outcome in outcomes if outcome.document is not None]
        if documents:
            self.imported.emit(documents)
        newer = [outcome for outcome in outcomes if outcome.newer_version_of is not None]
        if newer:  # one dialog: the replace offer, with the rest of the summary as context
            self.reimport.offer(newer, context_for_offer(summary))
        elif announce and summary.details:
            icon = QMessageBox.Icon.Warning if summary.failed else QMessageBox.Icon.Information
            box = plain_message_box(QMessageBox(icon, "Import", summary.headline, parent=self.window))
            box.setObjectName("importSummary")
            box.setInformativeText(summary.details)
            plain_message_box(box)
            box.open()
