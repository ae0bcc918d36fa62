"""Saved searches as a user drives them: save the current query, see its count, watch it, run it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from app import Library
from ui.main_window import MainWindow
from ui.saved.model import COUNT_COLUMN, NAME_COLUMN, WATCH_COLUMN

PHRASE = '"air defense support"'
SECOND = """---
title: Gulf Air Defense
source: https://example.org/gulf
---
Air defense support arrived in spring. Officials said more air defense support would follow.
"""


def save_current_query(qtbot, window: MainWindow, query: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+K, type the query, Enter; then Ctrl+Shift+S and a name in the dialog."""
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=5000):
        qtbot.keyClicks(window.search_panel.query_edit, query)
        qtbot.keyClick(window.search_panel.query_edit, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.saved.dialog
    assert isinstance(dialog, QInputDialog) and dialog.isVisible()
    assert dialog.textValue() == "air defense support"  # proposed: the phrase without its quotation marks
    dialog.setTextValue(name)
    dialog.accept()
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)  # saved off the GUI thread


def wait_counts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    model = window.saved.panel.model
    qtbot.waitUntil(
        lambda: window.saved.pending == 0 and all(model.count_of(s.id) is not None for s in model.searches()),
        timeout=10000,
    )


def test_save_watch_import_notice_and_run(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    save_current_query(qtbot, window, PHRASE, "AD support")

    (saved,) = gui_library.searches.all()
    assert (saved.name, saved.query, saved.watch) == ("AD support", PHRASE, False)
    panel = window.saved.panel
    model = panel.model
    wait_counts(qtbot, window)
    assert model.index(0, NAME_COLUMN).data() == "AD support"
    assert model.index(0, COUNT_COLUMN).data() == "2"
    assert panel.table.isVisible() and not panel.hint.isVisible()

    # Watch it with a click on the eye.
    eye = panel.table.visualRect(model.index(0, WATCH_COLUMN)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=eye)
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)
    assert gui_library.searches.all()[0].watch
    assert window.side_tabs.currentWidget() is window.search_panel  # the click on the eye did not run it

    # Import an article that mentions the phrase twice: one notice, with the right text.
    second = tmp_path / "incoming" / "gulf.md"
    second.write_text(SECOND, encoding="utf-8")
    with qtbot.waitSignal(window.saved.watch_checked, timeout=15000) as checked:
        import_through(window, [second])
    (report,) = checked.args[0]
    assert (len(report.new_hits), report.articles) == (2, 1)
    (notice,) = panel.notice_widgets()
    assert notice.label.text() == "2 new mentions of “air defense support” in 1 article."
    assert "2 new mentions" in window.statusBar().currentMessage()
    assert notice.highlight_button is not None  # Highlight all… (library.annotations.autocode)
    wait_counts(qtbot, window)
    qtbot.waitUntil(lambda: model.index(0, COUNT_COLUMN).data() == "4", timeout=10000)

    # Nothing new on the next import; the notice goes when dismissed.
    qtbot.mouseClick(notice.dismiss_button, Qt.MouseButton.LeftButton)
    assert panel.notice_widgets() == []

    # Show runs the query in the Search tab (here through a click on the saved search itself).
    window.side_tabs.setCurrentWidget(window.highlight_panel)
    window.search_panel.query_edit.clear()
    name = panel.table.visualRect(model.index(0, NAME_COLUMN)).center()
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=5000) as finished:
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=name)
    assert window.side_tabs.currentWidget() is window.search_panel
    assert window.search_panel.query_edit.text() == PHRASE
    assert finished.args[0].total == 4
    wait_counts(qtbot, window)


def test_rename_delete_and_an_invalid_query(qtbot, window: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    gui_library.store.saved_searches.add("Broken", '"unclosed')
    window.saved.reload()
    wait_counts(qtbot, window)
    model = window.saved.panel.model
    assert model.index(0, COUNT_COLUMN).data() == "!"
    assert "quotation mark" in model.index(0, NAME_COLUMN).data(Qt.ItemDataRole.ToolTipRole)

    saved = gui_library.searches.all()[0]
    window.saved.ask_rename(saved.id)
    dialog = window.saved.dialog
    assert isinstance(dialog, QInputDialog)
    dialog.setTextValue("Still broken")
    dialog.accept()
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)
    assert model.index(0, NAME_COLUMN).data() == "Still broken"
    window.saved.ask_delete(saved.id)
    window.saved.dialog.accept()
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)
    assert gui_library.searches.all() == [] and model.rowCount() == 0
    assert window.saved.panel.hint.isVisible()


def test_saving_an_empty_query_says_what_to_do(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search_panel.query_edit.clear()
    window.saved.save_action.trigger()
    assert "Type a query" in window.statusBar().currentMessage()
    assert window.saved.dialog is None
