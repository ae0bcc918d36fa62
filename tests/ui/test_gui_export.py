"""File → Export… as a user meets it: the dialog's scope, format, options and file; the presets from the
Search tab, the tag manager and the Highlights panel; the file written, and what the window says after."""

from __future__ import annotations

import csv
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from own_settings import own_settings
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QProgressDialog

from app import Library
from ui.exporting.dialog import ARTICLE, LIBRARY, RESULTS, SELECTED, TAG, ExportDialog
from ui.exporting.settings import forget_settings, load_settings
from ui.main_window import MainWindow

TAGGED = {
    "Radars are visible.": ["region/iran", "sensors"],
    "Training is not.": ["region/iran"],
    "spare parts": ["logistics"],
}
SECOND = """---
title: Supply Lines
author: Other Writer
date: 2025-03-02
source: https://example.org/supply
---
Spare parts move slowly. Radars need software.
"""


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path) -> Iterator[None]:
    """Settings of the test's own: it starts from the defaults (Markdown, Chicago notes, ~/Documents), and
    test runs side by side never share a choice."""
    with own_settings(tmp_path / "settings"):
        forget_settings()
        yield


@pytest.fixture
def coded(qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through) -> MainWindow:  # type: ignore[no-untyped-def]
    """Two articles; the first open, with three tagged highlights."""
    second = article_file.with_name("supply.md")
    second.write_text(SECOND, encoding="utf-8")
    import_through(window, [article_file, second])
    document = next(s for s in gui_library.documents.summaries() if s.title.startswith("Notes"))
    changes = None
    for quote, tags in TAGGED.items():
        added = gui_library.annotations.add_quote(document.id, quote, tags=tags).changes
        changes = added if changes is None else changes | added
    other = next(s for s in gui_library.documents.summaries() if s.title == "Supply Lines")
    changes |= gui_library.annotations.add_quote(other.id, "Radars need software.", tags=["sensors"]).changes
    window.events.changed.emit(changes)  # as the operation helper announces a write
    window.library_panel.select_document(document.id)
    qtbot.waitUntil(lambda: window.reader.document_id == document.id, timeout=3000)
    qtbot.waitUntil(lambda: window.highlight_panel.model.rowCount() == 3, timeout=3000)
    gui_library.index.flush()
    return window


def open_export(qtbot, window: MainWindow) -> ExportDialog:  # type: ignore[no-untyped-def]
    window.exporter.export_action.trigger()
    dialog = window.exporter.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def choose_format(dialog: ExportDialog, key: str) -> None:
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(key))


def type_path(qtbot, dialog: ExportDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(path))


def export_through(qtbot, window: MainWindow, dialog: ExportDialog) -> object:  # type: ignore[no-untyped-def]
    """Press Export and wait for the export to report back (the report, or None after a failure)."""
    with qtbot.waitSignal(window.exporter.finished, timeout=15000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return finished.args[0]


def choose_from_menu(qtbot, open_menu, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open a context menu, note its entries, and choose the one called ``text``."""
    seen: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(action.text() for action in menu.actions() if not action.isSeparator())
        chosen = next(action for action in menu.actions() if action.text() == text)
        menu.close()
        chosen.trigger()

    QTimer.singleShot(50, choose)
    open_menu()
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    return seen


def test_file_export_writes_the_open_article_as_a_markdown_digest(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_export(qtbot, coded)
    assert dialog.scope_buttons[ARTICLE].isChecked()
    assert dialog.article_label.text() == "Notes on Air Defense Cooperation"
    assert dialog.format_box.currentText() == "Markdown digest"
    assert dialog.path_edit.text().endswith("notes-on-air-defense-cooperation.md")
    target = tmp_path / "out" / "digest"
    target.parent.mkdir()
    type_path(qtbot, dialog, target)

    report = export_through(qtbot, coded, dialog)

    written = target.with_suffix(".md")
    assert report is not None and Path(report.path) == written  # type: ignore[attr-defined]
    text = written.read_text(encoding="utf-8")
    for quote in TAGGED:
        assert quote in text
    assert "Radars need software." not in text  # the other article's highlight is not in this scope
    assert "Test Author" in text  # the Chicago note beside each quote
    notice = coded.exporter.notice
    assert notice.isVisible()
    assert notice.label.text().startswith("Exported 3 highlights from 1 article to ")
    assert notice.label.text().endswith("digest.md")
    assert notice.label.toolTip() == str(written)
    opened: list[Path] = []
    coded.exporter.open_folder = opened.append
    qtbot.mouseClick(notice.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [written.parent]
    assert load_settings().folder == str(written.parent)  # the next export starts there


def test_the_suffix_follows_the_format_and_only_its_options_show(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_export(qtbot, coded)
    type_path(qtbot, dialog, tmp_path / "evidence.md")
    shown = {}
    for key, suffix in (
        ("csv", ".csv"),
        ("xlsx", ".xlsx"),
        ("jsonld", ".jsonld"),
        ("qdpx", ".qdpx"),
        ("markdown", ".md"),
    ):
        choose_format(dialog, key)
        assert dialog.path_edit.text() == str(tmp_path / f"evidence{suffix}")
        shown[key] = [
            name
            for name, widget in (
                ("style", dialog.style_box),
                ("group", dialog.group_box),
                ("excel", dialog.excel_check),
            )
            if widget.isVisibleTo(dialog)
        ]
    assert shown == {
        "markdown": ["style", "group"],
        "csv": ["style", "excel"],
        "xlsx": [],
        "jsonld": [],
        "qdpx": [],
    }
    assert dialog.no_options_label.isVisibleTo(dialog) is False  # Markdown has options
    choose_format(dialog, "qdpx")
    assert dialog.no_options_label.isVisibleTo(dialog)
    assert "NVivo" in dialog.format_hint.text()
    # A name of the user's own keeps its stem; another suffix is added to, not replaced.
    type_path(qtbot, dialog, tmp_path / "notes.v2")
    choose_format(dialog, "csv")
    assert dialog.path_edit.text() == str(tmp_path / "notes.v2.csv")


def test_search_panel_presets_the_dialog_to_its_results(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = coded.search_panel
    assert not panel.export_button.isEnabled()  # nothing searched yet
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        coded.run_query("tag:sensors")
    assert panel.export_button.isEnabled()
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    dialog = coded.exporter.dialog
    assert dialog is not None
    assert dialog.scope_buttons[RESULTS].isChecked()
    assert dialog.query_label.text() == "“tag:sensors”"
    assert dialog.mentions_box.currentText() == "its highlights"
    assert Path(dialog.path_edit.text()).name == "search-tag-sensors.md"
    choose_format(dialog, "csv")
    dialog.excel_check.setChecked(True)
    target = tmp_path / "sensors.csv"
    type_path(qtbot, dialog, target)

    export_through(qtbot, coded, dialog)

    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # "For Excel": a byte-order mark
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert sorted(row["quote"] for row in rows) == [
        "Radars are visible.",
        "Radars need software.",
    ]  # both articles' sensors highlights
    assert "from 2 articles" in coded.exporter.notice.label.text()


def test_every_mention_view_presets_mentions(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = coded.search_panel
    panel.set_concordance_mode(True)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        coded.run_query("radars")
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    dialog = coded.exporter.dialog
    assert dialog is not None and dialog.mentions_box.currentText() == "every mention"
    scope = dialog.scope()
    assert scope is not None and scope.query == "radars" and scope.mentions
    target = tmp_path / "radars.md"
    type_path(qtbot, dialog, target)
    report = export_through(qtbot, coded, dialog)
    assert report is not None and report.mentions >= 2  # type: ignore[attr-defined]
    assert "mentions from 2 articles" in coded.exporter.notice.label.text()


def test_tag_menu_presets_the_dialog_to_that_tag(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    coded.tag_manager_action.trigger()
    manager = coded.tag_manager
    qtbot.waitUntil(lambda: manager.model.rowCount() > 0, timeout=3000)
    tree = manager.tree
    index = manager._proxy_index("region")
    position: QPoint = tree.visualRect(index).center()
    entries = choose_from_menu(qtbot, lambda: tree.customContextMenuRequested.emit(position), "Export Highlights…")
    assert "Export Highlights…" in entries
    dialog = coded.exporter.dialog
    assert dialog is not None
    assert dialog.scope_buttons[TAG].isChecked()
    assert dialog.tag_box.currentText() == "region"  # a parent only implied by region/iran is offered too
    assert [dialog.tag_box.itemText(i) for i in range(dialog.tag_box.count())] == [
        "logistics", "region", "region/iran", "sensors",
    ]  # fmt: skip
    choose_format(dialog, "xlsx")
    target = tmp_path / "region.xlsx"
    type_path(qtbot, dialog, target)

    export_through(qtbot, coded, dialog)

    import zipfile

    with zipfile.ZipFile(target) as workbook:  # the cells' text, as the sheet's XML holds it
        cells = "".join(workbook.read(name).decode("utf-8") for name in workbook.namelist() if name.startswith("xl/"))
    assert ">Radars are visible.<" in cells and ">Training is not.<" in cells
    assert "spare parts" not in cells


def test_highlight_menu_exports_the_chosen_highlights(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = coded.highlight_panel
    view = panel.list_view
    first, third = panel.model.index(0), panel.model.index(2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(first).center())
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, view.visualRect(third).center()
    )
    assert len(panel.selected_annotation_ids()) == 2
    assert not panel.delete_button.isEnabled()  # Edit and Delete act on one highlight only
    position = view.visualRect(third).center()
    entries = choose_from_menu(qtbot, lambda: view.customContextMenuRequested.emit(position), "Export 2 Highlights…")
    assert entries == ["Copy 2 as Citations", "Export 2 Highlights…", "Edit…", "Delete", "Link to Claim"]
    dialog = coded.exporter.dialog
    assert dialog is not None and dialog.scope_buttons[SELECTED].isChecked()
    assert dialog.selected_label.text() == "2 chosen in the Highlights panel"
    choose_format(dialog, "jsonld")
    target = tmp_path / "chosen.jsonld"
    type_path(qtbot, dialog, target)

    export_through(qtbot, coded, dialog)

    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["type"] == "AnnotationCollection" and written["total"] == 2
    quotes = [
        selector["exact"]
        for item in written["first"]["items"]
        for selector in item["target"]["selector"]
        if selector["type"] == "TextQuoteSelector"
    ]
    assert quotes == ["Radars are visible.", "spare parts"]  # the first and third highlights, in text order


def test_an_existing_file_is_replaced_only_when_asked(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "digest.md"
    target.write_text("old notes", encoding="utf-8")
    dialog = open_export(qtbot, coded)
    type_path(qtbot, dialog, target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "digest.md is already there. Press Replace to write over it."
    assert dialog.export_button.text() == "Replace"
    assert target.read_text(encoding="utf-8") == "old notes"

    export_through(qtbot, coded, dialog)
    assert "Radars are visible." in target.read_text(encoding="utf-8")


def test_the_dialog_says_what_is_missing_and_an_export_error_is_said_in_words(
    qtbot, coded: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_export(qtbot, coded)
    type_path(qtbot, dialog, tmp_path / "nowhere" / "digest.md")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == f"There is no folder {tmp_path / 'nowhere'}."
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, "digest.md")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Give the whole path of the file, or press Choose…"
    dialog.reject()

    # The tag goes away while the dialog is open: the export fails, and says so in the user's words.
    dialog = coded.exporter.open_dialog()
    dialog.scope_buttons[TAG].setChecked(True)
    dialog.tag_box.setCurrentIndex(dialog.tag_box.findText("logistics"))
    type_path(qtbot, dialog, tmp_path / "logistics.md")
    coded.library.tags.delete("logistics")

    assert export_through(qtbot, coded, dialog) is None

    box = coded.findChild(QMessageBox, "exportError")
    assert box is not None and box.text() == "The export failed: no tag “logistics”."
    assert coded.statusBar().currentMessage() == box.text()
    assert not (tmp_path / "logistics.md").exists()


def test_the_whole_library_and_the_remembered_choices(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_export(qtbot, coded)
    dialog.scope_buttons[LIBRARY].setChecked(True)
    assert Path(dialog.path_edit.text()).name == "lectern-library.md"
    dialog.style_box.setCurrentIndex(dialog.style_box.findData("apa"))
    dialog.group_box.setCurrentIndex(dialog.group_box.findData("tag"))
    target = tmp_path / "all.md"
    type_path(qtbot, dialog, target)
    report = export_through(qtbot, coded, dialog)
    assert report is not None and report.highlights == 4 and report.articles == 2  # type: ignore[attr-defined]
    text = target.read_text(encoding="utf-8")
    assert text.index("logistics") < text.index("sensors")  # grouped by tag, in order
    assert "(2026)" in text or "2026" in text  # APA's author-date reference

    again = open_export(qtbot, coded)
    assert again.style_box.currentData() == "apa" and again.group_box.currentData() == "tag"
    assert Path(again.path_edit.text()).parent == tmp_path  # the folder last exported to


def test_an_export_runs_off_the_gui_thread_with_progress(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exports = coded.library.exports
    original = exports.export
    threads: list[object] = []

    isolated_flags: list[bool] = []

    def slow_export(scope, options, path, progress=None, isolated=False):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        isolated_flags.append(isolated)  # the whole library goes to a child process (timed here in-process)

        def slowly(done: int, total: int) -> None:
            time.sleep(0.15)  # a big library: long enough for the progress dialog to show
            if progress is not None:
                progress(done, total)

        return original(scope, options, path, progress=slowly)

    exports.export = slow_export  # type: ignore[method-assign]
    seen: list[tuple[str, int, int]] = []

    def watch() -> None:
        shown = coded.findChild(QProgressDialog, "exportProgress")
        if shown is not None and shown.isVisible():
            seen.append((shown.labelText(), shown.value(), shown.maximum()))

    timer = QTimer(coded)
    timer.timeout.connect(watch)
    timer.start(10)
    dialog = open_export(qtbot, coded)
    dialog.scope_buttons[LIBRARY].setChecked(True)
    type_path(qtbot, dialog, tmp_path / "all.md")
    report = export_through(qtbot, coded, dialog)
    timer.stop()
    assert isolated_flags == [True]

    assert report is not None
    assert threads and threads[0] is not threading.main_thread()
    assert seen and {label for label, _value, _maximum in seen} == {"Exporting to all.md…"}
    assert any(0 < value < maximum for _label, value, maximum in seen)  # the bar moved
    progress = coded.findChild(QProgressDialog, "exportProgress")
    assert progress is None or not progress.isVisible()
