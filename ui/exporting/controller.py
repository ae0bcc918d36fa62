"""Exporting from the window: File → Export…, and the presets asked for by the Search tab ("Export these
results…"), the tag manager ("Export Highlights…") and the Highlights panel ("Export…").

The export runs through ``Operations`` on its long lane with a progress dialog; afterwards a notice in the
status bar says what went where, with a button that opens the folder. Errors are said in the user's words.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMessageBox, QToolButton, QWidget

from annotations.errors import LecternError
from app import Library
from app.exports.options import ExportOptions
from app.exports.scope import ExportScope
from ui.controller import Controller
from ui.exporting.dialog import ExportDialog, ScopeChoices
from ui.exporting.settings import load_settings, remember_citation_style, save_settings
from ui.highlights.panel import HighlightPanel
from ui.operations import Operations
from ui.plain_text import plain_label, plain_message_box, plain_tooltip
from ui.progress import uncancellable_progress
from ui.reader.view import ReaderView
from ui.search.panel import SearchPanel
from ui.tags.manager import TagManager

NOTICE_MS = 90_000  # the "Exported … to …" notice stays this long (or until closed)
PROGRESS_STEPS = 200  # at most this many progress reports per export reach the GUI thread
PATH_CHARS = 56


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def display_path(path: Path, limit: int = PATH_CHARS) -> str:
    """A path as people read it: ``~`` for the home folder, and only the last folders of a long one."""
    text = str(path)
    home = str(Path.home())
    if text.startswith(home + os.sep):
        text = "~" + text[len(home) :]
    if len(text) > limit:
        text = "…" + os.sep + os.path.join(path.parent.name, path.name)
    return text


def exported_text(report: Any) -> str:
    """What the notice says, e.g. “Exported 1,234 highlights from 56 articles to …/digest.md”."""
    what = _plural(report.highlights, "highlight")
    if report.mentions:
        what += f" and {_plural(report.mentions, 'mention')}"
    return f"Exported {what} from {_plural(report.articles, 'article')} to {display_path(Path(report.path))}"


def export_error_text(error: BaseException, path: Path) -> str:
    """Why an export failed, in the user's words (the atomic writer leaves any earlier file untouched)."""
    folder = display_path(path.parent)
    if isinstance(error, LecternError):
        return f"The export failed: {str(error).rstrip('.')}."
    if isinstance(error, PermissionError):
        return f"Lectern may not write to {folder}. Choose another folder."
    if isinstance(error, FileNotFoundError):
        return f"The folder {folder} is not there any more. Choose another one."
    if isinstance(error, IsADirectoryError):
        return f"{display_path(path)} is a folder. Choose a file name."
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return f"The disk is full: {path.name} was not written. Free some space, or choose another disk."
    if isinstance(error, OSError):
        return f"{path.name} could not be written: {error.strerror or error}."
    return f"The export failed: {error or type(error).__name__}."


def _throttled(report: Callable[[object], None]) -> Callable[[int, int], None]:
    """A progress callback that passes on at most ``PROGRESS_STEPS`` of a long run's reports (and its last)."""
    last = {"done": -1}

    def progress(done: int, total: int) -> None:
        step = max(1, total // PROGRESS_STEPS)
        if done >= total or done - last["done"] >= step:
            last["done"] = done
            report((done, total))

    return progress


def open_folder(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ExportNotice(QWidget):
    """In the status bar after an export: what went where, "Show in Folder", and a button to close it."""

    folder_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportNotice")
        self.label = plain_label(QLabel())
        self.label.setObjectName("exportNoticeText")
        self.folder_button = QToolButton()
        self.folder_button.setObjectName("exportShowFolder")
        self.folder_button.setText("Show in Folder")
        self.folder_button.clicked.connect(self.folder_requested)
        self.close_button = QToolButton()
        self.close_button.setObjectName("exportNoticeClose")
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close this notice")
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.label)
        row.addWidget(self.folder_button)
        row.addWidget(self.close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTICE_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_text(self, text: str, path: Path) -> None:
        self.label.setText(text)
        self.label.setToolTip(plain_tooltip(str(path)))
        self.show()
        self._timer.start()


class ExportController(Controller):
    """``finished(report)`` after an export: an ``ExportReport``, or None after a failure."""

    finished = Signal(object)

    def __init__(
        self,
        library: Library,
        operations: Operations,
        window: QMainWindow,
        *,
        reader: ReaderView,
        highlights: HighlightPanel,
        search: SearchPanel,
        tags: TagManager,
    ) -> None:
        super().__init__(library, operations, window)
        self.window = window
        self.reader = reader
        self.highlights = highlights
        self.search = search
        self.running = False
        self.dialog: ExportDialog | None = None
        self.last_path: Path | None = None
        self.open_folder: Callable[[Path], None] = open_folder  # tests replace it
        self.notice = ExportNotice()
        self.notice.folder_requested.connect(lambda: self.last_path and self.open_folder(self.last_path.parent))
        self.export_action = QAction("&Export…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip("Export highlights to Markdown, CSV, Excel, JSON-LD or a QDA project")
        self.export_action.triggered.connect(lambda: self.open_dialog())
        search.export_requested.connect(self.export_results)
        tags.export_requested.connect(lambda name: self.open_dialog(ExportScope(tag=name)))
        highlights.export_requested.connect(lambda ids: self.open_dialog(ExportScope(annotation_ids=tuple(ids))))

    # -- the dialog ------------------------------------------------------------------------------
    def choices(self) -> ScopeChoices:
        """What can be exported now: the open article, the tags, saved searches, the search, the selection."""
        article = None
        if self.reader.document_id is not None:
            try:
                article = (self.reader.document_id, self.library.documents.get(self.reader.document_id).title)
            except LecternError:
                article = None
        names: set[str] = set()
        for tag in self.library.tags.counts():  # with the parents only implied by a child ("region" of "region/iran")
            parts = tag.name.split("/")
            names.update("/".join(parts[: depth + 1]) for depth in range(len(parts)))
        return ScopeChoices(
            article=article,
            tags=tuple(sorted(names, key=str.casefold)),
            saved=tuple(saved.name for saved in self.library.searches.all()),
            query=self.search.query.strip(),
            query_mentions=self.search.concordance_mode,
            selected=tuple(self.highlights.selected_annotation_ids()),
        )

    def open_dialog(self, preset: ExportScope | None = None) -> ExportDialog:
        """The export dialog, its scope preset (None: the open article, else the whole library)."""
        if self.dialog is not None:
            self.dialog.close()
        dialog = ExportDialog(self.choices(), load_settings(), preset, self.window)
        dialog.export_requested.connect(lambda scope, options, path: self._on_requested(dialog, scope, options, path))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def export_results(self) -> ExportDialog | None:
        """Export these results…: the dialog preset to the Search tab's query (every mention in that view)."""
        query = self.search.query.strip()
        if not query:
            return None
        return self.open_dialog(ExportScope(query=query, mentions=self.search.concordance_mode))

    def _closed(self, dialog: ExportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if dialog.result() != ExportDialog.DialogCode.Accepted:  # cancelled: only the style is remembered
            remember_citation_style(dialog.settings().style)
        dialog.deleteLater()

    def _on_requested(self, dialog: ExportDialog, scope: ExportScope, options: ExportOptions, path: Path) -> None:
        save_settings(dialog.settings())
        self.export(scope, options, path)

    # -- running ---------------------------------------------------------------------------------
    def export(self, scope: ExportScope, options: ExportOptions, path: Path) -> None:
        """Write the export off the GUI thread, with a progress dialog if it takes a moment."""
        if self.running:
            self.say("An export is already running.")
            return
        self.running = True
        progress = uncancellable_progress(self.window, f"Exporting to {path.name}…", "Export", "exportProgress")
        library = self.library

        # Anything bigger than one article or a few chosen highlights is written by a child process, so
        # building its hundreds of thousands of objects never stalls the window (see Exports.export).
        isolated = scope.document_id is None and scope.annotation_ids is None

        def work(report: Callable[[object], None]) -> Any:
            return library.exports.export(scope, options, path, progress=_throttled(report), isolated=isolated)

        def on_progress(value: tuple[int, int]) -> None:
            done, total = value
            progress.setMaximum(max(total, 1))  # the bar shows the percentage: reading, then writing the articles
            progress.setValue(min(done, max(total, 1)))

        def done() -> None:
            progress.close()
            progress.deleteLater()
            self.running = False

        def success(report: Any) -> None:
            done()
            self._exported(report)

        def failure(_message: str, error: BaseException) -> None:
            done()
            self._failed(export_error_text(error, path))

        self.operations.run(work, progress=on_progress, success=success, failure=failure, what="Exporting", long=True)

    def _exported(self, report: Any) -> None:
        self.last_path = Path(report.path)
        self.notice.show_text(exported_text(report), self.last_path)
        self.finished.emit(report)

    def _failed(self, text: str) -> None:
        self.say(text)
        box = plain_message_box(
            QMessageBox(QMessageBox.Icon.Warning, "Export", text, QMessageBox.StandardButton.Ok, self.window)
        )
        box.setObjectName("exportError")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.finished.emit(None)
