"""Every empty panel says what to do next, and the advice goes once there is something to show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from ui.main_window import MainWindow


def test_an_empty_library_says_how_to_import(window: MainWindow) -> None:
    hint = window.library_panel.empty_hint
    assert hint.isVisible()
    assert hint.text().startswith("No articles yet.") and "Ctrl+O" in hint.text() and "drag files" in hint.text()
    assert window.library_panel.table.accessibleDescription() == hint.text()


def test_a_filter_that_leaves_no_article_says_so(
    qtbot, window: MainWindow, article_file: Path, import_through: Callable[..., None]
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    hint = window.library_panel.empty_hint
    assert not hint.isVisible()
    qtbot.keyClicks(window.library_panel.filter_edit, "zebra")
    assert hint.isVisible()
    assert hint.text() == "No article matches “zebra”.\nClear the filter to see the one article."
    window.library_panel.filter_edit.clear()
    assert not hint.isVisible()


def test_highlights_panel_advises_opening_then_highlighting(
    qtbot, window: MainWindow, article_file: Path, import_through: Callable[..., None], settled
) -> None:  # type: ignore[no-untyped-def]
    hint = window.highlight_panel.empty_hint
    assert hint.isVisible() and hint.text() == "Open an article to see its highlights here."
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    assert hint.isVisible() and hint.text().startswith("Select text and press 1–5 to highlight it")

    cursor = window.reader.textCursor()
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    settled(window)
    qtbot.waitUntil(lambda: window.highlight_panel.model.rowCount() == 1, timeout=5000)
    assert not hint.isVisible()


def test_search_panel_before_a_search_and_with_no_match(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.focus_search()
    panel = window.search_panel
    hint = panel.empty_hints[0]
    assert hint.isVisible() and hint.text().startswith("Type words above and press Enter")
    with qtbot.waitSignal(panel.search_finished, timeout=10000):
        panel.set_query("xylophonequartz")
    qtbot.waitUntil(lambda: hint.text().startswith("Nothing found."), timeout=5000)
    assert hint.isVisible() and "sanction*" in hint.text()
    with qtbot.waitSignal(panel.search_finished, timeout=10000):
        panel.concordance_button.click()
    lines_hint = panel.empty_hints[1]
    qtbot.waitUntil(lambda: lines_hint.isVisible(), timeout=5000)
    assert lines_hint.text().startswith("Nothing found.")
    panel.set_query("")
    assert lines_hint.isVisible() and lines_hint.text().startswith("Type words above")


def test_tags_and_orphans_tabs_say_what_fills_them(window: MainWindow) -> None:
    window.show_tag_manager()
    hint = window.tag_manager.empty_hint
    assert hint.isVisible() and hint.text().startswith("No tags yet.") and "press T" in hint.text()
    window.orphans.show_panel()
    hint = window.orphans_panel.empty_hint
    assert hint.isVisible() and hint.text().startswith("Nothing to re-attach.")


def test_saved_searches_say_how_to_keep_one(window: MainWindow) -> None:
    hint = window.saved.panel.hint
    assert hint.isVisible() and "Ctrl+Shift+S" in hint.text()
    assert not window.saved.panel.table.isVisible()
