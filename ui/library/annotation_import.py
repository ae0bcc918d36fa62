"""File → Import Annotations…: highlights from a W3C Web Annotation (JSON-LD), Hypothesis (JSON) or
REFI-QDA (.qdpx) file, placed on the articles already in the library.

The import runs through ``Operations`` on its long lane with a progress dialog; the reader, the lists and
the tag tree refresh from the ``Changes`` it broadcasts. Afterwards one dialog says what happened: how many
were placed (exactly or after a fuzzy match), orphaned, not matched, skipped, and why.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotations.errors import LecternError
from app import Library
from app.annotation_import.placing import AnnotationImportReport
from ui.controller import Controller
from ui.operations import Operations
from ui.plain_text import plain_label, plain_message_box
from ui.progress import uncancellable_progress
from ui.theme import Theme, current_theme
from ui.theme_watch import ThemeWatch

ANNOTATION_FILTER = (
    "Annotation files (*.jsonld *.json *.qdpx);;W3C Web Annotations or Hypothesis (*.jsonld *.json);;"
    "REFI-QDA projects (*.qdpx);;All files (*)"
)
FOLDER_KEY = "annotation_import/folder"
MAX_LISTED = 30  # problems listed per kind; the rest are counted
# The kinds of problem a report lists, in the order shown (what needs attention first).
SECTIONS = (
    ("orphaned", "Orphaned", "stored without a passage: re-attach or delete them in the Orphans tab"),
    ("fuzzy", "On changed text", "placed where the text differs a little: worth a look"),
    ("unmatched", "Not matched", "no article in the library holds them: import the article first"),
    ("failed", "Not read", "refused or unreadable"),
    ("skipped", "Skipped", "already in the library"),
)


def problems_css(theme: Theme | None = None) -> str:
    """The list's colours from a theme (the one shown now by default)."""
    theme = theme or current_theme()
    return f"""
p.section {{ margin: 10px 0 2px 0; font-weight: 600; color: {theme.ink_soft}; }}
span.why {{ font-weight: normal; color: {theme.muted}; }}
p.item {{ margin: 2px 0 2px 12px; color: {theme.ink}; }}
span.reason {{ color: {theme.muted}; }}
"""


def problems_html(report: AnnotationImportReport) -> str:
    """The annotations that need a word, grouped by kind, each with its quote (or label) and reason; escaped."""
    problems = list(report.problems)
    chunks = []
    for status, title, why in SECTIONS:
        listed = [problem for problem in problems if problem.status == status]
        if not listed:
            continue
        chunks.append(f"<p class='section'>{title} ({len(listed)}) <span class='why'>— {why}</span></p>")
        for problem in listed[:MAX_LISTED]:
            name = f"“{html.escape(problem.exact)}”" if problem.exact else html.escape(problem.label or "An annotation")
            reason = f" — {html.escape(problem.reason)}" if problem.reason else ""
            label = f" ({html.escape(problem.label)})" if problem.exact and problem.label else ""
            chunks.append(f"<p class='item'>{name}<span class='reason'>{reason}{label}</span></p>")
        if len(listed) > MAX_LISTED:
            chunks.append(f"<p class='item'><span class='reason'>… and {len(listed) - MAX_LISTED} more</span></p>")
    if report.problems_left_out:
        chunks.append(
            f"<p class='item'><span class='reason'>… and {report.problems_left_out:,} more not listed</span></p>"
        )
    return "".join(chunks)


def status_text(path: Path, report: AnnotationImportReport) -> str:
    """The status bar's line after an import."""
    count = report.created
    return f"Imported {count:,} annotation{'s' if count != 1 else ''} from {path.name}."


class AnnotationImportSummaryDialog(QDialog):
    """What an annotation import did; "Review Orphans" (when there are any) asks the window to show them."""

    review_orphans_requested = Signal()

    def __init__(self, path: Path, report: AnnotationImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationImportSummary")
        self.setWindowTitle("Import annotations")
        self.report = report
        self.headline = plain_label(QLabel(f"Annotations from {path.name}"))
        self.headline.setObjectName("dialogHeadline")
        self.headline.setWordWrap(True)
        self.summary_label = plain_label(QLabel(report.summary()))
        self.summary_label.setObjectName("annotationImportText")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        problems = bool(report.problems)
        self.details = QTextBrowser()
        self.details.setObjectName("annotationImportDetails")
        self.details.setOpenLinks(False)
        self.details.document().setDocumentMargin(10)
        self._show_problems()
        self._theme_watch = ThemeWatch(self.details, self._show_problems)
        self.details.setVisible(problems)

        buttons = QDialogButtonBox()
        close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close_button.clicked.connect(self.accept)
        self.orphans_button = QPushButton("Review Orphans")
        self.orphans_button.clicked.connect(self._on_review_orphans)
        buttons.addButton(self.orphans_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.orphans_button.setVisible(report.orphaned > 0)  # after addButton, which shows it

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(600, 460 if problems else 10)
        self.setMinimumWidth(480)

    def _show_problems(self) -> None:
        """The list in the theme's colours; again after a theme switch (the colours are in its style sheet)."""
        self.details.document().setDefaultStyleSheet(problems_css())
        self.details.setHtml(problems_html(self.report))

    def _on_review_orphans(self) -> None:
        self.accept()
        self.review_orphans_requested.emit()


class AnnotationImportController(Controller):
    """File → Import Annotations…; ``finished(report)`` after an import (None after a failure)."""

    finished = Signal(object)
    review_orphans_requested = Signal()

    def __init__(self, library: Library, operations: Operations, window: QWidget) -> None:
        super().__init__(library, operations, window)
        self.window = window
        self.running = False
        self.dialog: QDialog | None = None
        self.action = QAction("Import &Annotations…", window)
        self.action.setToolTip("Highlights from a W3C Web Annotation, Hypothesis or REFI-QDA file")
        self.action.triggered.connect(self.ask_file)

    def ask_file(self) -> None:
        folder = str(QSettings().value(FOLDER_KEY, "") or Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Import annotations", folder, ANNOTATION_FILTER)
        if path:
            QSettings().setValue(FOLDER_KEY, str(Path(path).parent))
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Place the file's annotations off the GUI thread, then show the summary."""
        if self.running:
            self.say("Annotations are already being imported.")
            return
        self.running = True
        progress = uncancellable_progress(
            self.window, f"Importing annotations from {path.name}…", "Import annotations", "annotationImportProgress"
        )
        library = self.library

        def work(report: Callable[[object], None]) -> Any:
            return library.annotation_imports.import_file(path, progress=lambda done, total: report((done, total)))

        def on_progress(value: tuple[int, int]) -> None:
            done, total = value
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))
            progress.setLabelText(f"Importing annotations from {path.name}…\n{done:,} of {total:,}")

        def finish() -> None:
            progress.close()
            progress.deleteLater()
            self.running = False

        def success(report: Any) -> None:
            finish()
            self._imported(path, report)

        def failure(message: str, error: BaseException) -> None:
            finish()
            self._failed(path, error, message)

        self.operations.run(work, progress=on_progress, success=success, failure=failure,
                            what="Importing annotations", long=True)  # fmt: skip

    def _imported(self, path: Path, report: AnnotationImportReport) -> None:
        self.say(status_text(path, report))
        dialog = AnnotationImportSummaryDialog(path, report, self.window)
        dialog.review_orphans_requested.connect(self.review_orphans_requested)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        self.finished.emit(report)

    def _failed(self, path: Path, error: BaseException, message: str) -> None:
        if isinstance(error, LecternError):
            reason = str(error)
            for prefix in (f"{path}: ", f"{path.name}: "):  # the reader's messages name the file already
                reason = reason.removeprefix(prefix)
            text = f"{path.name} was not imported: {reason.rstrip('.')}."
        elif isinstance(error, OSError):
            text = f"{path.name} could not be read: {error.strerror or error}."
        else:
            text = message
        self.say(text)
        box = plain_message_box(QMessageBox(QMessageBox.Icon.Warning, "Import annotations", text,
                                            QMessageBox.StandardButton.Ok, self.window))  # fmt: skip
        box.setObjectName("annotationImportError")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.finished.emit(None)
