"""The Reports window (View → Reports…): choose a report and its scope, run it off the GUI thread, read it
as a table and a chart, export it, and click a row to see its highlights or mentions in the Search tab.

The window only reads. Each run goes to a one-thread pool (``ui.workers``); an answer for an older run,
or one arriving after the window was closed, is dropped. The chart is drawn by the worker in the current
theme's ``ChartStyle`` and shown as a picture; a theme switch draws it again (``ThemeWatch``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app import Library
from app.reports import ReportScope
from app.reports.tables import file_name, write_csv, write_markdown
from ui.charts import STYLES_BY_NAME, save
from ui.reports.chart_view import ChartView
from ui.reports.charts import picked
from ui.reports.model import ROW_ROLE, ReportModel
from ui.reports.queries import Subject, row_query
from ui.reports.work import ReportRequest, ReportResult, redraw, run_report
from ui.theme import current_theme
from ui.theme_watch import ThemeWatch
from ui.workers import run_in_background

REPORTS = (
    ("Tag frequency", "tags", ""),
    ("Co-occurrence on one highlight", "cooccurrence", "highlight"),
    ("Co-occurrence in one paragraph", "cooccurrence", "paragraph"),
    ("Tag × article matrix", "matrix", ""),
    ("Timeline", "timeline", ""),
)
SCOPES = (("Whole library", ""), ("Saved search", "saved"), ("Tag", "tag"))
SUBJECTS = (("Words", "query"), ("Tag", "tag"), ("Claim", "claim"))
FILE_KINDS = {"csv": "CSV (*.csv)", "md": "Markdown (*.md)", "png": "PNG image (*.png)", "svg": "SVG image (*.svg)"}
ACCESSIBLE_NAMES = {"reportChoice": "Report", "scopeChoice": "Scope", "scopeValue": "Scope's saved search or tag",
                    "subjectChoice": "What the timeline counts", "subjectValue": "Tag or claim to count",
                    "periodChoice": "Period"}  # fmt: skip
AskPath = Callable[[QWidget, str, str], str]


def ask_path(parent: QWidget, suffix: str, name: str) -> str:
    """A file to write, chosen in a save dialog ("" when cancelled)."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Export Report", f"{name}.{suffix}", FILE_KINDS[suffix])
    if chosen and not chosen.lower().endswith(f".{suffix}"):
        chosen += f".{suffix}"
    return chosen


class ReportsWindow(QWidget):
    """Emits ``query_requested`` for a clicked row and ``message`` for the status bar."""

    query_requested = Signal(str)
    message = Signal(str)
    finished = Signal()  # a report (or a redraw) has been shown
    exported = Signal(str)  # a file was written, or failed to be (the status says which)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reportsWindow")
        self.setWindowTitle("Reports")
        self.library = library
        self.result: ReportResult | None = None
        self.ask_path: AskPath = ask_path
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._generation = 0
        self._build()
        self._chosen_report()
        ThemeWatch(self, self._theme_changed)
        self.resize(1180, 760)

    # -- building --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.report_box = _combo("reportChoice", [(text, (kind, within)) for text, kind, within in REPORTS])
        self.scope_box = _combo("scopeChoice", list(SCOPES))
        self.scope_value = _combo("scopeValue", [])
        self.subject_box = _combo("subjectChoice", list(SUBJECTS))
        self.subject_text = QLineEdit()
        self.subject_text.setObjectName("subjectQuery")
        self.subject_text.setPlaceholderText("Words to count, e.g. sanctions")
        self.subject_text.setAccessibleName("Words to count")
        self.subject_value = _combo("subjectValue", [])
        self.by_box = _combo("periodChoice", [("By month", "month"), ("By year", "year")])
        self.stack_box = QCheckBox("Stack")
        self.stack_box.setObjectName("stackChoice")
        self.run_button = QPushButton("Run")
        self.run_button.setObjectName("runReport")
        self.run_button.setDefault(True)
        self.busy = QProgressBar()
        self.busy.setObjectName("reportBusy")
        self.busy.setRange(0, 0)  # a moving bar: how long a report takes is not known
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.subject_row = QWidget()
        subject_layout = QHBoxLayout(self.subject_row)
        subject_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Count:"), self.subject_box, self.subject_text, self.subject_value, self.by_box,
                       self.stack_box):  # fmt: skip
            subject_layout.addWidget(widget)
        subject_layout.addStretch(1)

        top = QHBoxLayout()
        for widget in (QLabel("Report:"), self.report_box, QLabel("Scope:"), self.scope_box, self.scope_value):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.run_button)

        self.model = ReportModel()
        self.table = QTableView()
        self.table.setObjectName("reportTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip("Click a row to see its highlights or mentions in the Search tab")
        self.table.clicked.connect(self._row_clicked)
        self.chart = ChartView()
        self.chart.clicked_at.connect(self._chart_clicked)
        self.caption = QLabel()
        self.caption.setObjectName("reportCaption")
        self.caption.setWordWrap(True)
        self.caption.setVisible(False)  # only when the chart leaves something out
        chart_side = QWidget()
        chart_layout = QVBoxLayout(chart_side)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.chart, 1)
        chart_layout.addWidget(self.caption)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(chart_side)
        splitter.setSizes([420, 760])
        splitter.setChildrenCollapsible(False)

        self.status = QLabel("Choose a report and press Run.")
        self.status.setObjectName("reportStatus")
        self.export_buttons: dict[str, QPushButton] = {}
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for suffix, text in (("csv", "CSV…"), ("md", "Markdown…"), ("png", "PNG…"), ("svg", "SVG…")):
            button = QPushButton(text)
            button.setObjectName(f"export_{suffix}")
            button.setToolTip(f"Save this report as {FILE_KINDS[suffix].split(' (')[0]}")
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, kind=suffix: self.export(kind))
            self.export_buttons[suffix] = button
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subject_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.report_box.currentIndexChanged.connect(self._chosen_report)
        self.scope_box.currentIndexChanged.connect(self._chosen_scope)
        self.subject_box.currentIndexChanged.connect(self._chosen_subject)
        self.subject_text.returnPressed.connect(self.run)
        self.run_button.clicked.connect(self.run)

    # -- choices ---------------------------------------------------------------------------------
    def refresh_choices(self) -> None:
        """Fill the combos from the library (saved searches, tags, claims): small reads, done on opening."""
        self._chosen_scope()
        self._chosen_subject()

    def _chosen_report(self) -> None:
        kind = self.report_box.currentData()[0]
        self.subject_row.setVisible(kind == "timeline")
        self._chosen_subject()

    def _chosen_scope(self) -> None:
        what = self.scope_box.currentData()
        _fill(self.scope_value, self._values(what))
        self.scope_value.setVisible(bool(what))

    def _chosen_subject(self) -> None:
        what = self.subject_box.currentData()
        self.subject_text.setVisible(what == "query")
        self.subject_value.setVisible(what != "query")
        if what != "query":
            _fill(self.subject_value, self._values(what))
        self.stack_box.setEnabled(what != "query")
        self.stack_box.setText("Stack by stance" if what == "claim" else "Stack by tag")
        if what == "query":
            self.stack_box.setChecked(False)

    def _values(self, what: str) -> list[tuple[str, object]]:
        if what == "saved":
            return [(saved.name, saved.name) for saved in self.library.searches.all()]
        if what == "tag":
            return [(name, name) for name in tag_and_branch_names(tag.name for tag in self.library.tags.counts())]
        if what == "claim":
            return [(f"#{claim.id} {claim.text}", claim.id) for claim in reversed(self.library.claims.all())]
        return []

    def request(self) -> ReportRequest | None:
        """What the controls ask for; None (with a message) when a choice is missing."""
        kind, within = self.report_box.currentData()
        scope_kind, scope_value = self.scope_box.currentData(), self.scope_value.currentData()
        if scope_kind and scope_value is None:
            return self._missing("There is no saved search to choose." if scope_kind == "saved" else "There are no tags yet.")  # noqa: E501
        scope = ReportScope(saved=scope_value if scope_kind == "saved" else None,
                            tag=scope_value if scope_kind == "tag" else None)  # fmt: skip
        if kind != "timeline":
            return ReportRequest(kind, scope, within=within or "highlight")
        what, value = self.subject_box.currentData(), self.subject_value.currentData()
        if what == "query":
            words = self.subject_text.text().strip()
            if not words:
                return self._missing("Type the words to count over time.")
            subject = Subject(query=words)
        elif value is None:
            return self._missing("There are no tags yet." if what == "tag" else "There are no claims yet.")
        else:
            subject = Subject(tag=value) if what == "tag" else Subject(claim_id=int(value))
        stack = ("stance" if what == "claim" else "tag") if self.stack_box.isChecked() and what != "query" else None
        return ReportRequest(kind, scope, subject=subject, by=self.by_box.currentData(), stack=stack)

    def _missing(self, text: str) -> None:
        self.status.setText(text)
        return None

    # -- running ---------------------------------------------------------------------------------
    def run(self) -> None:
        """Run the chosen report on the window's worker; the answer arrives in ``_shown``."""
        request = self.request()
        if request is None:
            return
        style = STYLES_BY_NAME[current_theme().name]
        self._start("Counting…", lambda: run_report(self.library, request, style))

    def _theme_changed(self) -> None:
        if self.result is not None:
            result, style = self.result, STYLES_BY_NAME[current_theme().name]
            self._start("Drawing the chart again…", lambda: redraw(result, style))

    def _start(self, text: str, work: Callable[[], ReportResult]) -> None:
        self._generation += 1
        generation = self._generation
        self.busy.setVisible(True)
        self.status.setText(text)
        run_in_background(work, lambda result, error: self._shown(generation, result, error), pool=self._pool)

    def _shown(self, generation: int, result: ReportResult | None, error: BaseException | None) -> None:
        if not isValid(self) or not isValid(self.chart) or generation != self._generation:
            return  # the window was closed, or a newer run is on its way
        self.busy.setVisible(False)
        if error is not None or result is None:
            self.status.setText(_in_words(error))
            self.finished.emit()
            return
        self.result = result
        self.model.set_table(result.table)
        picture = result.picture
        image = QImage(picture.rgba, picture.width, picture.height, picture.width * 4, QImage.Format.Format_RGBA8888)
        self.chart.set_image(image.copy())
        self.caption.setText(picture.caption)
        self.caption.setVisible(bool(picture.caption))
        rows = len(result.table.rows)
        self.status.setText(f"{result.table.title} — {result.table.scope}: {rows:,} {'row' if rows == 1 else 'rows'}")
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.finished.emit()

    # -- acting on the result --------------------------------------------------------------------
    def _row_clicked(self, index: QModelIndex) -> None:
        if self.result is not None and index.isValid():
            self._open(index.data(ROW_ROLE))

    def _chart_clicked(self, x: float, y: float) -> None:
        if self.result is not None:
            row = picked(self.result.picture, x, y)
            if row is not None:
                self._open(row)

    def _open(self, row: tuple[object, ...]) -> None:
        """Ask the window to search for what ``row`` counts (a tag, a pair, a cell, a period)."""
        assert self.result is not None
        request = self.result.request
        query = row_query(request.kind, row, request.subject, parents=self.result.parents,
                          scope=self.result.scope_filter)  # fmt: skip
        if query is None:
            if request.kind == "timeline":
                self.message.emit("Undated articles cannot be picked out by a search: the row counts them apart.")
            return
        self.query_requested.emit(query)

    def export(self, suffix: str) -> None:
        """Ask for a file and write the report (CSV, Markdown) or its chart (PNG, SVG) there."""
        if self.result is None:
            return
        chosen = self.ask_path(self, suffix, file_name(self.result.table))
        if not chosen:
            return
        path, result = Path(chosen), self.result
        self.busy.setVisible(True)
        self.status.setText(f"Saving {path.name}…")
        # a chart takes about half a second to save and a long table a quarter: on the worker, after any run
        run_in_background(lambda: _write(result, suffix, path), lambda _none, error: self._saved(path, error),
                          pool=self._pool)  # fmt: skip

    def _saved(self, path: Path, error: BaseException | None) -> None:
        if not isValid(self) or not isValid(self.status):
            return
        self.busy.setVisible(False)
        if error is not None:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.status.setText(f"Could not write {path.name}: {reason}.")
        else:
            self.status.setText(f"Saved {path.name}.")
            self.message.emit(f"Report saved as {path}")
        self.exported.emit(str(path))


def _write(result: ReportResult, suffix: str, path: Path) -> None:
    """On a worker: the table as CSV or Markdown, or the chart as PNG or SVG, atomically."""
    if suffix == "csv":
        write_csv(result.table, path)
    elif suffix == "md":
        write_markdown(result.table, path)
    else:
        save(result.picture.figure, path)


def tag_and_branch_names(names: Iterable[str]) -> list[str]:
    """Every tag and every branch above one ("region" for "region/iran"), A to Z: a branch counts its whole family."""
    found = set()
    for name in names:
        parts = name.split("/")
        found.update("/".join(parts[: depth + 1]) for depth in range(len(parts)))
    return sorted(found, key=lambda name: name.split("/"))


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(ACCESSIBLE_NAMES[name])
    _fill(box, items)
    return box


def _fill(box: QComboBox, items: list[tuple[str, object]]) -> None:
    chosen = box.currentData()
    box.blockSignals(True)
    box.clear()
    for text, data in items:
        box.addItem(text, data)
    where = box.findData(chosen) if chosen is not None else -1
    box.setCurrentIndex(max(0, where) if items else -1)
    box.blockSignals(False)


def _in_words(error: BaseException | None) -> str:
    """A failed report in a sentence (a bad query, a name that is gone), never a traceback."""
    text = str(error).strip() if error is not None else ""
    return f"The report could not run: {text}" if text else "The report could not run."
