"""File → Export…: what to export (the scope), the format and its options, and the file to write.

The dialog only asks: Export emits ``export_requested(scope, options, path)`` and the controller
(``ui.exporting.controller``) runs the export off the GUI thread. Only the options that apply to the
chosen format are shown, and the file's suffix follows the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.exports.options import SUFFIXES, ExportOptions
from app.exports.scope import ExportScope
from ui.exporting.settings import ExportSettings, default_folder
from ui.plain_text import plain_label, plain_tooltip

FORMAT_LABELS = (
    ("markdown", "Markdown digest"),
    ("csv", "CSV"),
    ("xlsx", "Excel (XLSX)"),
    ("jsonld", "W3C Web Annotations (JSON-LD)"),
    ("qdpx", "REFI-QDA project (.qdpx)"),
)
FORMAT_HINTS = {
    "markdown": "A document to read and share: each quote with its note, tags and reference.",
    "csv": "One row per highlight, for a spreadsheet or a script.",
    "xlsx": "One row per highlight in a workbook, ready for Excel, Numbers or LibreOffice.",
    "jsonld": "The W3C standard, readable by other annotation tools (and by Lectern’s own import).",
    "qdpx": "A project for qualitative analysis software (NVivo, ATLAS.ti, MAXQDA): "
    "the articles, the highlights as coded segments, the tags as codes.",
}
STYLE_LABELS = (
    ("chicago-note", "Chicago notes"),
    ("chicago-author-date", "Chicago author-date"),
    ("apa", "APA"),
    ("mla", "MLA"),
    ("", "None"),
)
GROUP_LABELS = (("article", "By article"), ("tag", "By tag"))
STYLED_FORMATS = ("markdown", "csv")  # the formats that print a reference beside each quote
FORMAT_FILTERS = {
    "markdown": "Markdown (*.md)",
    "csv": "CSV (*.csv)",
    "xlsx": "Excel workbook (*.xlsx)",
    "jsonld": "JSON-LD (*.jsonld)",
    "qdpx": "REFI-QDA project (*.qdpx)",
}
# The scope kinds, in the order the dialog lists them.
ARTICLE, TAG, SAVED, RESULTS, SELECTED, LIBRARY = range(6)
TITLE_CHARS = 52


@dataclass(frozen=True)
class ScopeChoices:
    """What the window can offer as a scope right now."""

    article: tuple[int, str] | None = None  # the open article: id, title
    tags: tuple[str, ...] = ()
    saved: tuple[str, ...] = ()  # saved searches, by name
    query: str = ""  # the Search tab's query ("" when none)
    query_mentions: bool = False  # the Search tab shows every mention
    selected: tuple[int, ...] = field(default=())  # highlights chosen in the Highlights panel


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(query: str) -> str:
    """A query as the dialog names it: in quotes, unless it has its own."""
    short = _short(query, 32)
    return short if '"' in short else f"“{short}”"


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return slug[:60].rstrip("-") or "highlights"


def file_stem(scope: ExportScope, article_title: str = "") -> str:
    """A file name for a scope ("tag-region-iran", "search-air-defense", "lectern-library")."""
    if scope.document_id is not None:
        return _slug(article_title or f"article-{scope.document_id}")
    if scope.tag is not None:
        return "tag-" + _slug(scope.tag)
    if scope.saved is not None:
        return _slug(scope.saved)
    if scope.query is not None:
        return "search-" + _slug(scope.query) + ("-mentions" if scope.mentions else "")
    if scope.annotation_ids is not None:
        return "highlights"
    return "lectern-library"


def with_suffix(path: Path, format_: str) -> Path:
    """``path`` with the format's suffix: a known export suffix is replaced, any other one kept and added to."""
    suffix = SUFFIXES[format_]
    if path.suffix.lower() == suffix:
        return path
    if path.suffix.lower() in SUFFIXES.values():
        return path.with_suffix(suffix)
    return path.with_name(path.name + suffix)


class ExportDialog(QDialog):
    """``export_requested(ExportScope, ExportOptions, Path)`` when the user presses Export."""

    export_requested = Signal(object, object, object)

    def __init__(
        self,
        choices: ScopeChoices,
        settings: ExportSettings,
        preset: ExportScope | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.choices = choices
        self._named_by_user = False  # the user typed or chose a file name: only its suffix follows the format
        self._confirmed_replace: Path | None = None

        headline = QLabel("Export highlights")
        headline.setObjectName("dialogHeadline")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # options come and go with the format
        layout.addWidget(headline)
        layout.addWidget(self._build_scope())
        layout.addWidget(self._build_format(settings))
        layout.addWidget(self._build_destination(settings))
        self.error_label = plain_label(QLabel())
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        self.buttons.accepted.connect(self._on_export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._select_preset(preset)
        self.scope_group.idToggled.connect(self._on_scope_toggled)
        self.format_box.currentIndexChanged.connect(lambda _index: self._on_format_changed())
        for box in (self.tag_box, self.saved_box, self.mentions_box):
            box.currentIndexChanged.connect(lambda _index: self._on_scope_changed())
        self._on_format_changed()
        self._on_scope_changed()

    # -- building --------------------------------------------------------------------------------
    def _build_scope(self) -> QGroupBox:
        box = QGroupBox("What")
        box.setObjectName("exportScope")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[int, QRadioButton] = {}
        choices = self.choices

        self.article_label = plain_label(QLabel(_short(choices.article[1]) if choices.article else "No article is open"))
        self.article_label.setObjectName("exportScopeDetail")
        self.article_label.setTextFormat(Qt.TextFormat.PlainText)
        if choices.article:
            self.article_label.setToolTip(plain_tooltip(choices.article[1]))
        self.tag_box = QComboBox()
        self.tag_box.setObjectName("exportTag")
        self.tag_box.addItems(list(choices.tags))
        self.tag_box.setMaxVisibleItems(20)
        self.tag_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.tag_box.setMinimumContentsLength(24)
        if not choices.tags:
            self.tag_box.setPlaceholderText("No tags yet")
        self.saved_box = QComboBox()
        self.saved_box.setObjectName("exportSaved")
        self.saved_box.addItems(list(choices.saved))
        self.saved_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.saved_box.setMinimumContentsLength(24)
        if not choices.saved:
            self.saved_box.setPlaceholderText("No saved searches")
        results = QWidget()
        results_row = QHBoxLayout(results)
        results_row.setContentsMargins(0, 0, 0, 0)
        results_row.setSpacing(8)
        self.query_label = plain_label(
            QLabel(_quoted(choices.query) if choices.query.strip() else "No search in the Search tab")
        )
        self.query_label.setTextFormat(Qt.TextFormat.PlainText)
        self.query_label.setObjectName("exportScopeDetail")
        self.query_label.setToolTip(plain_tooltip(choices.query))
        self.mentions_box = QComboBox()
        self.mentions_box.setObjectName("exportMentions")
        self.mentions_box.addItem("its highlights", False)
        self.mentions_box.addItem("every mention", True)
        self.mentions_box.setToolTip(
            "Every mention: also each occurrence of the query in the articles’ text "
            "(the Markdown digest lists them in context)"
        )
        self.mentions_box.setCurrentIndex(1 if choices.query_mentions else 0)
        results_row.addWidget(self.query_label)
        results_row.addWidget(self.mentions_box)
        results_row.addStretch(1)
        count = len(choices.selected)
        self.selected_label = QLabel(
            f"{count} chosen in the Highlights panel" if count else "Choose highlights in the Highlights panel"
        )
        self.selected_label.setObjectName("exportScopeDetail")
        self.library_label = QLabel("Every highlight in every article")
        self.library_label.setObjectName("exportScopeDetail")

        rows = (
            (ARTICLE, "Open &article", self.article_label, choices.article is not None),
            (TAG, "&Tag", self.tag_box, bool(choices.tags)),
            (SAVED, "Sa&ved search", self.saved_box, bool(choices.saved)),
            (RESULTS, "Search &results", results, bool(choices.query.strip())),
            (SELECTED, "&Selected highlights", self.selected_label, bool(choices.selected)),
            (LIBRARY, "&Whole library", self.library_label, True),
        )
        for row, (kind, text, detail, available) in enumerate(rows):
            button = QRadioButton(text)
            button.setObjectName(f"exportScope{kind}")
            button.setEnabled(available)
            detail.setEnabled(available)
            self.scope_group.addButton(button, kind)
            self.scope_buttons[kind] = button
            grid.addWidget(button, row, 0)
            grid.addWidget(detail, row, 1, Qt.AlignmentFlag.AlignLeft)
        return box

    def _build_format(self, settings: ExportSettings) -> QGroupBox:
        box = QGroupBox("How")
        box.setObjectName("exportFormat")
        self.format_box = QComboBox()
        self.format_box.setObjectName("exportFormatBox")
        self.format_box.setMinimumWidth(260)
        for key, label in FORMAT_LABELS:
            self.format_box.addItem(label, key)
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(settings.format)))
        self.format_hint = QLabel()
        self.format_hint.setObjectName("dialogHint")
        self.format_hint.setWordWrap(True)
        self.style_box = QComboBox()
        self.style_box.setObjectName("exportStyle")
        for key, label in STYLE_LABELS:
            self.style_box.addItem(label, key)
        self.style_box.setCurrentIndex(max(0, self.style_box.findData(settings.style)))
        self.style_box.setToolTip("The reference printed with each quote (Copy as Citation uses it too)")
        self.group_box = QComboBox()
        self.group_box.setObjectName("exportGroup")
        for key, label in GROUP_LABELS:
            self.group_box.addItem(label, key)
        self.group_box.setCurrentIndex(max(0, self.group_box.findData(settings.group)))
        self.group_box.setToolTip("By tag: a highlight with two tags is listed under each")
        self.excel_check = QCheckBox("For Excel (so accents and curly quotes show right)")
        self.excel_check.setObjectName("exportExcel")
        self.excel_check.setChecked(settings.excel)
        self.excel_check.setToolTip("Start the file with a byte-order mark, so Excel reads accents and quotes right")
        self.no_options_label = QLabel("No options for this format.")
        self.no_options_label.setObjectName("dialogHint")
        self.form = QFormLayout(box)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(8)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.form.addRow("&Format", self.format_box)
        self.form.addRow("", self.format_hint)
        self.form.addRow("Citation &style", self.style_box)
        self.form.addRow("&Group", self.group_box)
        self.form.addRow("", self.excel_check)
        self.form.addRow("", self.no_options_label)
        self.format_hint.setFixedWidth(430)
        labels = [self.form.labelForField(field) for field in (self.format_box, self.style_box, self.group_box)]
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:  # the same column whichever rows the format shows
            label.setMinimumWidth(width)
        return box

    def _build_destination(self, settings: ExportSettings) -> QGroupBox:
        box = QGroupBox("Where")
        box.setObjectName("exportDestination")
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setMinimumWidth(430)
        self.path_edit.textEdited.connect(self._on_path_edited)
        self.folder = Path(settings.folder) if settings.folder and Path(settings.folder).is_dir() else default_folder()
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setObjectName("exportChoose")
        self.choose_button.clicked.connect(self.choose_file)
        row = QHBoxLayout(box)
        row.setSpacing(6)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        return box

    # -- what was chosen -------------------------------------------------------------------------
    @property
    def format(self) -> str:
        return str(self.format_box.currentData())

    def scope_kind(self) -> int:
        return self.scope_group.checkedId()

    def scope(self) -> ExportScope | None:
        """The scope chosen, or None when the chosen kind has nothing to export."""
        kind, choices = self.scope_kind(), self.choices
        if kind == ARTICLE and choices.article is not None:
            return ExportScope(document_id=choices.article[0])
        if kind == TAG and self.tag_box.currentIndex() >= 0:
            return ExportScope(tag=self.tag_box.currentText())
        if kind == SAVED and self.saved_box.currentIndex() >= 0:
            return ExportScope(saved=self.saved_box.currentText())
        if kind == RESULTS and choices.query.strip():
            return ExportScope(query=choices.query, mentions=bool(self.mentions_box.currentData()))
        if kind == SELECTED and choices.selected:
            return ExportScope(annotation_ids=tuple(choices.selected))
        if kind == LIBRARY:
            return ExportScope()
        return None

    def options(self) -> ExportOptions:
        format_ = self.format
        return ExportOptions(
            format=format_,
            style=str(self.style_box.currentData()) if format_ in STYLED_FORMATS else "",
            group=str(self.group_box.currentData()),
            excel=format_ == "csv" and self.excel_check.isChecked(),
        )

    def settings(self) -> ExportSettings:
        """The choices to remember for next time (the style and grouping even when this format ignores them)."""
        path = self.path()
        return ExportSettings(
            format=self.format,
            style=str(self.style_box.currentData()),
            group=str(self.group_box.currentData()),
            excel=self.excel_check.isChecked(),
            folder=str(path.parent) if path is not None else str(self.folder),
        )

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            return None
        return with_suffix(Path(text).expanduser(), self.format)

    def problem(self) -> str:
        """Why the export cannot start as it is, or ""."""
        if self.scope() is None:
            return "Choose what to export."
        path = self.path()
        if path is None:
            return "Choose a file to export to."
        if not path.is_absolute():
            return "Give the whole path of the file, or press Choose…"
        if path.is_dir():
            return f"{path} is a folder: add a file name."
        if not path.parent.is_dir():
            return f"There is no folder {path.parent}."
        return ""

    # -- reacting --------------------------------------------------------------------------------
    def _select_preset(self, preset: ExportScope | None) -> None:
        kind = LIBRARY
        if preset is None:
            kind = ARTICLE if self.choices.article is not None else LIBRARY
        elif preset.document_id is not None:
            kind = ARTICLE
        elif preset.tag is not None:
            kind = TAG
            self.tag_box.setCurrentIndex(self.tag_box.findText(preset.tag, Qt.MatchFlag.MatchExactly))
        elif preset.saved is not None:
            kind = SAVED
            self.saved_box.setCurrentIndex(self.saved_box.findText(preset.saved, Qt.MatchFlag.MatchExactly))
        elif preset.query is not None:
            kind = RESULTS
            self.mentions_box.setCurrentIndex(1 if preset.mentions else 0)
        elif preset.annotation_ids is not None:
            kind = SELECTED
        if not self.scope_buttons[kind].isEnabled():
            kind = LIBRARY
        self.scope_buttons[kind].setChecked(True)

    def _on_scope_toggled(self, _kind: int, checked: bool) -> None:
        if checked:
            self._on_scope_changed()

    def _on_scope_changed(self) -> None:
        self._clear_error()
        if not self._named_by_user:
            self._propose_name()
        self._update_button()

    def _on_format_changed(self) -> None:
        format_ = self.format
        self.format_hint.setText(FORMAT_HINTS[format_])
        styled = format_ in STYLED_FORMATS
        self.form.setRowVisible(self.style_box, styled)
        self.form.setRowVisible(self.group_box, format_ == "markdown")
        self.form.setRowVisible(self.excel_check, format_ == "csv")
        self.form.setRowVisible(self.no_options_label, not styled)
        self._clear_error()
        text = self.path_edit.text().strip()
        if text:
            self._set_path(with_suffix(Path(text), format_))
        self._update_button()

    def _on_path_edited(self, _text: str) -> None:
        self._named_by_user = True
        self._clear_error()
        self._update_button()

    def _propose_name(self) -> None:
        scope = self.scope()
        if scope is None:
            return
        current = self.path_edit.text().strip()
        folder = Path(current).expanduser().parent if current else self.folder
        title = self.choices.article[1] if self.choices.article else ""
        self._set_path(folder / (file_stem(scope, title) + SUFFIXES[self.format]))

    def _set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self.path_edit.setCursorPosition(len(self.path_edit.text()))  # the file's name shows, not only its folder

    def _update_button(self) -> None:
        self.export_button.setEnabled(self.scope() is not None and bool(self.path_edit.text().strip()))
        self.export_button.setText("Export")

    def _clear_error(self) -> None:
        self.error_label.hide()
        self._confirmed_replace = None

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def choose_file(self) -> None:
        current = self.path()
        start = str(current) if current is not None else str(self.folder)
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", start, FORMAT_FILTERS[self.format])
        if chosen:
            self._named_by_user = True
            self.path_edit.setText(str(with_suffix(Path(chosen), self.format)))
            self._confirmed_replace = with_suffix(Path(chosen), self.format)  # the file dialog asked already
            self.error_label.hide()
            self._update_button()

    def _on_export(self) -> None:
        message = self.problem()
        if message:
            self.show_error(message)
            return
        path, scope = self.path(), self.scope()
        assert path is not None and scope is not None
        if path.exists() and self._confirmed_replace != path:
            self._confirmed_replace = path
            self.show_error(f"{path.name} is already there. Press Replace to write over it.")
            self.export_button.setText("Replace")
            return
        self.path_edit.setText(str(path))
        self.export_requested.emit(scope, self.options(), path)
        self.accept()
