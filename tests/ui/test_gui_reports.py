"""View → Reports…: a report runs off the GUI thread, shows its counts and chart, exports, and a click on
a row or a bar runs its query in the Search tab."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pristine_look import pristine_look  # noqa: F401 - autouse
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QAbstractItemModelTester

from app import Library
from ui.main_window import MainWindow
from ui.reports.window import ReportsWindow

TAGGED = {  # quote in the first article -> its tags
    "Radars are visible.": ["region/iran", "sensors"],
    "Training is not.": ["region/iran"],
    "spare parts": ["logistics"],
}
SECOND = """---
title: Supply Lines
author: Other Writer
date: 2025-03-02
---
Spare parts move slowly. Radars need software.
"""
UNDATED = """---
title: Undated Radars Memo
author: Someone
---
Radars again, and radars once more.
"""


@pytest.fixture
def coded(window: MainWindow, gui_library: Library, article_file: Path, import_through) -> MainWindow:  # type: ignore[no-untyped-def]
    """Three articles (January 2026, March 2025, undated), four tagged highlights."""
    second, third = article_file.with_name("supply.md"), article_file.with_name("memo.md")
    second.write_text(SECOND, encoding="utf-8")
    third.write_text(UNDATED, encoding="utf-8")
    import_through(window, [article_file, second, third])
    first = next(s for s in gui_library.documents.summaries() if s.title.startswith("Notes"))
    for quote, tags in TAGGED.items():
        gui_library.annotations.add_quote(first.id, quote, tags=tags)
    other = next(s for s in gui_library.documents.summaries() if s.title == "Supply Lines")
    gui_library.annotations.add_quote(other.id, "Radars need software.", tags=["sensors"])
    gui_library.index.flush()
    return window


def open_reports(qtbot, window: MainWindow) -> ReportsWindow:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+R, as a user opens View → Reports…"""
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    reports = window.reports.window
    assert reports is not None
    qtbot.waitExposed(reports)
    return reports


def choose(reports: ReportsWindow, text: str) -> None:
    reports.report_box.setCurrentIndex(reports.report_box.findText(text))


def run(qtbot, reports: ReportsWindow) -> None:  # type: ignore[no-untyped-def]
    """Press Run; the answer comes later, from the worker, through ``finished``."""
    with qtbot.waitSignal(reports.finished, timeout=10000):
        qtbot.mouseClick(reports.run_button, Qt.MouseButton.LeftButton)
        assert reports.busy.isVisible()  # the click returned before the report was counted
        assert reports.model.rowCount() == 0


def shown_rows(reports: ReportsWindow) -> list[list[str]]:
    model = reports.model
    return [[model.index(row, column).data() for column in range(model.columnCount())] for row in range(model.rowCount())]


def colours(image: QImage) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}


def test_view_menu_has_reports_with_its_shortcut(window: MainWindow) -> None:
    view = next(action.menu() for action in window.menuBar().actions() if action.text() == "&View")
    assert window.reports.action in view.actions()
    assert window.reports.action.shortcut().toString() == "Ctrl+Shift+R"


def test_tag_frequency_counts_arrive_from_the_worker(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Tag frequency")
    run(qtbot, reports)
    QAbstractItemModelTester(reports.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    rows = {(row[0], row[3]): (row[1], row[2]) for row in shown_rows(reports)}
    assert rows == {
        ("logistics", ""): ("1", "1"),
        ("region", "yes"): ("2", "1"),
        ("region/iran", ""): ("2", "1"),
        ("sensors", ""): ("2", "2"),
    }
    assert "4 rows" in reports.status.text()
    assert not reports.busy.isVisible()


def test_click_on_a_tag_row_searches_its_highlights(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Tag frequency")
    run(qtbot, reports)
    row = next(n for n, values in enumerate(shown_rows(reports)) if values[0] == "sensors")
    place = reports.table.visualRect(reports.model.index(row, 0)).center()
    qtbot.mouseClick(reports.table.viewport(), Qt.MouseButton.LeftButton, pos=place)
    assert coded.side_tabs.currentWidget() is coded.search_panel
    assert coded.search_panel.query_edit.text() == "tag:sensors"


def test_click_on_a_bar_searches_its_tag(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Tag frequency")
    run(qtbot, reports)
    picture = reports.result.picture
    first = picture.targets.index("logistics")
    axes = picture.figure.axes[0]
    x, y = axes.transData.transform((0.5, first))  # the middle of the logistics bar, in the picture's pixels
    place = reports.chart.picture_rect()
    scale = place.width() / picture.width
    point = QPoint(round(place.left() + x * scale), round(place.top() + (picture.height - y) * scale))
    qtbot.mouseClick(reports.chart, Qt.MouseButton.LeftButton, pos=point)
    assert coded.search_panel.query_edit.text() == "tag:logistics"


def test_timeline_chart_draws_in_light_and_again_in_dark(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Timeline")
    reports.by_box.setCurrentIndex(reports.by_box.findData("year"))
    reports.subject_text.setFocus()
    with qtbot.waitSignal(reports.finished, timeout=10000):
        qtbot.keyClicks(reports.subject_text, "radars")
        qtbot.keyClick(reports.subject_text, Qt.Key.Key_Return)
    assert [row[0] for row in shown_rows(reports)] == ["2025", "2026", "undated"]
    assert [row[1] for row in shown_rows(reports)] == ["1", "1", "2"]
    light = reports.chart.grab().toImage()
    assert not light.isNull() and len(colours(light)) > 3
    assert QColor(light.pixel(3, 3)).lightness() > 200  # the light page

    with qtbot.waitSignal(reports.finished, timeout=10000):
        coded.themes.actions["dark"].trigger()
    dark = reports.chart.grab().toImage()
    assert len(colours(dark)) > 3
    assert QColor(dark.pixel(3, 3)).lightness() < 60  # drawn again on the dark page
    picture = reports.result.picture
    middle = picture.rgba[(picture.height // 2 * picture.width + 5) * 4]
    assert middle < 80  # the chart itself, not just the frame around it, is dark


def test_timeline_period_row_searches_that_month(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Timeline")
    qtbot.keyClicks(reports.subject_text, "radars")
    run(qtbot, reports)
    periods = [row[0] for row in shown_rows(reports)]
    assert periods[0] == "2025-03" and periods[-1] == "undated"
    qtbot.mouseClick(reports.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=reports.table.visualRect(reports.model.index(0, 0)).center())  # fmt: skip
    assert coded.search_panel.query_edit.text() == "(radars) published:2025-03"
    with qtbot.waitSignal(coded.events.status_message, timeout=2000) as said:
        qtbot.mouseClick(reports.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=reports.table.visualRect(reports.model.index(len(periods) - 1, 0)).center())  # fmt: skip
    assert "Undated" in said.args[0]


def test_csv_export_writes_the_table(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Co-occurrence on one highlight")
    run(qtbot, reports)
    target = tmp_path / "out" / "pairs.csv"
    target.parent.mkdir()
    reports.ask_path = lambda _parent, suffix, _name: str(target) if suffix == "csv" else ""  # the save dialog's answer
    with qtbot.waitSignal(reports.exported, timeout=5000):
        qtbot.mouseClick(reports.export_buttons["csv"], Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8", newline="") as file:
        assert list(csv.reader(file)) == [["a", "b", "highlights"], ["region/iran", "sensors", "1"]]
    assert "Saved pairs.csv" in reports.status.text()


def test_a_bad_query_is_said_in_words(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Timeline")
    qtbot.keyClicks(reports.subject_text, "published:soon")
    run(qtbot, reports)
    assert reports.status.text().startswith("The report could not run:")
    assert "Traceback" not in reports.status.text()


def test_a_tag_scope_counts_only_its_highlights(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Tag frequency")
    reports.scope_box.setCurrentIndex(reports.scope_box.findData("tag"))
    assert reports.scope_value.isVisible()
    reports.scope_value.setCurrentIndex(reports.scope_value.findText("logistics"))
    run(qtbot, reports)
    assert [row[:3] for row in shown_rows(reports)] == [["logistics", "1", "1"]]
    assert "Tag logistics" in reports.status.text()


def test_a_tag_timeline_stacks_by_its_tags(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Timeline")
    reports.subject_box.setCurrentIndex(reports.subject_box.findData("tag"))
    assert not reports.subject_text.isVisible() and reports.stack_box.isEnabled()
    reports.subject_value.setCurrentIndex(reports.subject_value.findText("region"))
    reports.stack_box.setChecked(True)
    run(qtbot, reports)
    headers = [reports.model.headerData(n, Qt.Orientation.Horizontal) for n in range(reports.model.columnCount())]
    assert headers == ["Period", "Mentions", "Articles", "tag:region/iran"]
    assert shown_rows(reports) == [["2026-01", "2", "1", "2"]]


def test_the_chart_saves_as_svg_and_png(qtbot, coded: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    choose(reports, "Tag × article matrix")
    run(qtbot, reports)
    for suffix in ("svg", "png"):
        target = tmp_path / f"matrix.{suffix}"
        reports.ask_path = lambda _parent, _suffix, _name, target=target: str(target)  # the save dialog's answer
        with qtbot.waitSignal(reports.exported, timeout=5000):
            qtbot.mouseClick(reports.export_buttons[suffix], Qt.MouseButton.LeftButton)
    assert (tmp_path / "matrix.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert (tmp_path / "matrix.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_claims_timeline_stacks_by_stance(qtbot, coded: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    claim = gui_library.claims.add("Radars matter most").value
    highlights = {a.exact: a.id for a in gui_library.store.all_annotations()}
    gui_library.claims.link(claim.id, highlights["Radars are visible."], "supports")
    gui_library.claims.link(claim.id, highlights["Radars need software."], "contradicts")
    reports = open_reports(qtbot, coded)
    choose(reports, "Timeline")
    reports.subject_box.setCurrentIndex(reports.subject_box.findData("claim"))
    assert reports.subject_value.currentText() == f"#{claim.id} Radars matter most"
    assert reports.stack_box.text() == "Stack by stance"
    reports.stack_box.setChecked(True)
    reports.by_box.setCurrentIndex(reports.by_box.findData("year"))
    run(qtbot, reports)
    assert shown_rows(reports) == [["2025", "1", "1", "0", "1", "0"], ["2026", "1", "1", "1", "0", "0"]]
    qtbot.mouseClick(reports.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=reports.table.visualRect(reports.model.index(1, 0)).center())  # fmt: skip
    assert coded.search_panel.query_edit.text() == f"claim:{claim.id} published:2026"


def test_a_saved_search_scope(qtbot, coded: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    gui_library.searches.save("Supply", "slowly")
    reports = open_reports(qtbot, coded)
    choose(reports, "Tag frequency")
    reports.scope_box.setCurrentIndex(reports.scope_box.findData("saved"))
    assert reports.scope_value.currentText() == "Supply"
    run(qtbot, reports)
    assert [row[:3] for row in shown_rows(reports)] == [["sensors", "1", "1"]]  # the highlights of Supply Lines


def shown_hits(qtbot, window: MainWindow, query: str) -> int:  # type: ignore[no-untyped-def]
    """How many results the Search tab lists for ``query``, once it has them all."""
    panel = window.search_panel
    assert panel.query_edit.text() == query
    qtbot.waitUntil(lambda: panel.last_result is not None and panel.last_result.query == query
                    and panel.model.rowCount() == len(panel.last_result.hits), timeout=5000)  # fmt: skip
    assert panel.last_result is not None
    return len(panel.last_result.hits)


def click_row(qtbot, reports: ReportsWindow, row: int) -> None:  # type: ignore[no-untyped-def]
    place = reports.table.visualRect(reports.model.index(row, 0)).center()
    qtbot.mouseClick(reports.table.viewport(), Qt.MouseButton.LeftButton, pos=place)


def test_in_a_tag_scope_each_row_opens_as_many_highlights_as_it_counts(qtbot, coded: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    """``region`` beside ``region/iraq`` on one highlight counts as region/iraq only: no search tells them apart."""
    supply = next(s for s in gui_library.documents.summaries() if s.title == "Supply Lines")
    memo = next(s for s in gui_library.documents.summaries() if s.title.startswith("Undated"))
    gui_library.annotations.add_quote(supply.id, "Spare parts move slowly.", tags=["region", "region/iraq", "logistics"])
    gui_library.annotations.add_quote(memo.id, "Radars again", tags=["region"])
    gui_library.index.flush()
    reports = open_reports(qtbot, coded)
    reports.scope_box.setCurrentIndex(reports.scope_box.findData("tag"))
    reports.scope_value.setCurrentIndex(reports.scope_value.findText("region"))
    shown = {}
    for report in ("Tag frequency", "Tag × article matrix", "Co-occurrence on one highlight"):
        choose(reports, report)
        with qtbot.waitSignal(reports.finished, timeout=10000):
            qtbot.mouseClick(reports.run_button, Qt.MouseButton.LeftButton)
        rows = shown[report] = shown_rows(reports)
        assert rows and "Tag region" in reports.status.text()
        counted = 1 if report == "Tag frequency" else len(rows[0]) - 1  # the highlights column
        for number, values in enumerate(rows):
            click_row(qtbot, reports, number)
            query = coded.search_panel.query_edit.text()
            assert query.startswith("tag:region ")  # the scope, then the row
            assert shown_hits(qtbot, coded, query) == int(values[counted]), (report, values, query)
    rows = {(row[0], row[3]): row[1] for row in shown["Tag frequency"]}
    assert rows[("region", "itself only")] == "1" and rows[("region", "yes")] == "4" and rows[("logistics", "")] == "1"
    choose(reports, "Tag frequency")
    with qtbot.waitSignal(reports.finished, timeout=10000):
        qtbot.mouseClick(reports.run_button, Qt.MouseButton.LeftButton)
    tip = reports.model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "itself only" in tip and "no tag below it" in tip


def test_a_matrix_cell_opens_its_own_article_when_two_share_a_title(qtbot, coded: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    from annotations.models import DocumentMetadata

    supply = next(s for s in gui_library.documents.summaries() if s.title == "Supply Lines")
    memo = next(s for s in gui_library.documents.summaries() if s.title.startswith("Undated"))
    gui_library.documents.update_metadata(memo.id, DocumentMetadata(title="Supply Lines"))
    gui_library.annotations.add_quote(memo.id, "Radars again", tags=["sensors"])
    gui_library.index.flush()
    reports = open_reports(qtbot, coded)
    choose(reports, "Tag × article matrix")
    run(qtbot, reports)
    rows = shown_rows(reports)
    number = next(n for n, row in enumerate(rows) if row[0] == "sensors" and row[1] == str(supply.id))
    click_row(qtbot, reports, number)
    query = coded.search_panel.query_edit.text()
    assert query == f"tag:sensors document_id:{supply.id}"
    assert shown_hits(qtbot, coded, query) == 1


def test_heat_map_and_export_name_say_the_scope(qtbot, coded: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reports = open_reports(qtbot, coded)
    reports.scope_box.setCurrentIndex(reports.scope_box.findData("tag"))
    reports.scope_value.setCurrentIndex(reports.scope_value.findText("region"))
    choose(reports, "Co-occurrence on one highlight")
    run(qtbot, reports)
    titles = [text.get_text() for text in reports.result.picture.figure.texts]
    assert "Tag co-occurrence — Tag region" in titles
    asked: list[str] = []
    reports.ask_path = lambda _parent, _suffix, name: asked.append(name) or ""  # the dialog, cancelled
    qtbot.mouseClick(reports.export_buttons["csv"], Qt.MouseButton.LeftButton)
    assert asked == ["tag-co-occurrence-tag-region"]
