"""Back / Forward and the reading place per article, as a reader uses them: a search hit, Alt+Left back to
where the reading stopped, Alt+Right forward again, the mouse's back button, and the place kept across a
restart of the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app import Library
from tests.ui.long_articles import RARE_WORD, write_articles
from tests.ui.own_settings import own_settings
from tests.ui.test_gui_outline import click_article, heading_index, imported
from ui.main_window import MainWindow

ALT = Qt.KeyboardModifier.AltModifier


def search_and_open_hit(qtbot, window: MainWindow, query: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+K, type, Enter, then double-click the first result."""
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=5000):
        qtbot.keyClicks(window.search_panel.query_edit, query)
        qtbot.keyClick(window.search_panel.query_edit, Qt.Key.Key_Return)
    view = window.search_panel.results_view
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def scroll_down(qtbot, window: MainWindow, pages: int) -> None:  # type: ignore[no-untyped-def]
    window.reader.setFocus()
    for _ in range(pages):
        qtbot.keyClick(window.reader, Qt.Key.Key_PageDown)


def test_a_search_hit_then_back_and_forward_with_the_keys(qtbot, window, gui_library, tmp_path, import_through) -> None:  # type: ignore[no-untyped-def]
    ids = imported(qtbot, window, gui_library, tmp_path, import_through)
    ports, lighthouses = ids["Field Notes on River Ports"], ids["Lighthouses of the North"]
    back, forward = window.reader_controller.go.back_action, window.reader_controller.go.forward_action
    click_article(qtbot, window, ports)
    assert not back.isEnabled() and not forward.isEnabled()  # nowhere to go yet
    scroll_down(qtbot, window, 3)
    reading_at = window.reader.top_position()
    assert reading_at > 0

    search_and_open_hit(qtbot, window, RARE_WORD)
    assert window.reader.document_id == lighthouses
    assert window.reader.textCursor().selectedText() == RARE_WORD
    hit_place = window.reader.top_position()
    assert back.isEnabled() and not forward.isEnabled()

    window.reader.setFocus()  # the reader (a QTextBrowser, with a history of its own) must not eat Alt+Left
    qtbot.keyClick(window.reader, Qt.Key.Key_Left, ALT)
    assert window.reader.document_id == ports
    assert window.reader.top_position() == reading_at
    assert window.library_panel.current_document_id() == ports  # the list follows
    assert forward.isEnabled() and not back.isEnabled()

    qtbot.keyClick(window.reader, Qt.Key.Key_Right, ALT)
    assert window.reader.document_id == lighthouses
    assert window.reader.top_position() == hit_place
    assert window.reader.textCursor().selectedText() == RARE_WORD  # the passage selected again
    assert back.isEnabled() and not forward.isEnabled()


def test_the_mouse_back_and_forward_buttons(qtbot, window, gui_library, tmp_path, import_through) -> None:  # type: ignore[no-untyped-def]
    ids = imported(qtbot, window, gui_library, tmp_path, import_through)
    ports = ids["Field Notes on River Ports"]
    click_article(qtbot, window, ports)
    window.side_tabs.setCurrentWidget(window.outline_panel)
    tree = window.outline_panel.tree
    grain_rect = tree.visualRect(heading_index(window, "Grain"))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=grain_rect.center())
    grain = window.reader.top_position()
    assert grain > 0

    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.BackButton)  # over the reader
    assert window.reader.top_position() == 0
    qtbot.mouseClick(window.library_panel.table.viewport(), Qt.MouseButton.ForwardButton)  # over the library list
    assert window.reader.top_position() == grain


def test_choosing_another_article_is_a_step_back_too(qtbot, window, gui_library, tmp_path, import_through) -> None:  # type: ignore[no-untyped-def]
    ids = imported(qtbot, window, gui_library, tmp_path, import_through)
    ports, note = ids["Field Notes on River Ports"], ids["A Note Without Headings"]
    click_article(qtbot, window, ports)
    scroll_down(qtbot, window, 2)
    reading_at = window.reader.top_position()
    click_article(qtbot, window, note)
    window.reader_controller.go.back_action.trigger()  # Go → Back
    assert (window.reader.document_id, window.reader.top_position()) == (ports, reading_at)


def test_the_actions_say_their_keys() -> None:
    from ui.reader.go import navigation_keys

    assert QKeySequence("Alt+Left") in navigation_keys(QKeySequence.StandardKey.Back, "Alt+Left")
    assert QKeySequence("Backspace") not in navigation_keys(QKeySequence.StandardKey.Back, "Alt+Left")


def test_the_go_menu_sits_between_view_and_help(window) -> None:  # type: ignore[no-untyped-def]
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles.index("&Go") == titles.index("&View") + 1 == titles.index("&Help") - 1
    back = window.reader_controller.go.back_action
    assert "Alt+Left" in back.toolTip() and "back button" in back.toolTip()
    assert back.shortcut() == QKeySequence("Alt+Left")


def test_an_article_opens_where_it_was_left_and_a_passage_at_the_passage(
    qtbot, window, gui_library, tmp_path, import_through, settled
) -> None:  # type: ignore[no-untyped-def]
    ids = imported(qtbot, window, gui_library, tmp_path, import_through)
    ports, lighthouses = ids["Field Notes on River Ports"], ids["Lighthouses of the North"]
    click_article(qtbot, window, lighthouses)
    scroll_down(qtbot, window, 2)
    left_at = window.reader.top_position()
    click_article(qtbot, window, ports)  # leaving stores the place (off the GUI thread)
    settled(window)
    place = gui_library.reading.get(lighthouses)
    assert place is not None and place.position == left_at and 0 < place.progress < 1
    click_article(qtbot, window, lighthouses)
    assert window.reader.top_position() == left_at

    # A search hit opens at the hit, not at the remembered place.
    click_article(qtbot, window, ports)
    search_and_open_hit(qtbot, window, RARE_WORD)
    text = window.reader.toPlainText()
    rare = text.index(RARE_WORD)
    assert window.reader.textCursor().selectionStart() == rare
    assert window.reader.top_position() != left_at


def test_the_place_is_stored_soon_after_scrolling_stops(qtbot, window, gui_library, tmp_path, import_through) -> None:  # type: ignore[no-untyped-def]
    ids = imported(qtbot, window, gui_library, tmp_path, import_through)
    ports = ids["Field Notes on River Ports"]
    click_article(qtbot, window, ports)
    keeper = window.reader_controller.places
    keeper.timer.setInterval(150)  # 2 s in use; shortened so the test stays quick
    scroll_down(qtbot, window, 3)
    assert gui_library.reading.get(ports) is None  # not while scrolling
    qtbot.waitUntil(lambda: gui_library.reading.get(ports) is not None, timeout=3000)
    assert gui_library.reading.get(ports).position == window.reader.top_position()


def test_the_reading_place_survives_a_restart_of_the_window(qtbot, tmp_path: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    with own_settings(tmp_path / "settings"):
        library = Library(tmp_path / "data", background=True)
        try:
            first = MainWindow(library, remember_layout=True)
            qtbot.addWidget(first)
            first.resize(1300, 850)
            first.show()
            qtbot.waitExposed(first)
            import_through(first, write_articles(tmp_path / "articles"))
            ids = {summary.title: summary.id for summary in library.documents.summaries()}
            ports = ids["Field Notes on River Ports"]
            click_article(qtbot, first, ports)
            scroll_down(qtbot, first, 4)
            left_at = first.reader.top_position()
            first.close()  # stores the place and the last article

            second = MainWindow(library, remember_layout=True)
            qtbot.addWidget(second)
            second.show()
            qtbot.waitExposed(second)
            assert second.reader.document_id == ports  # the last article again
            assert _same_line(second, left_at)
            second.close()
        finally:
            library.close()


def _same_line(window: MainWindow, position: int) -> bool:
    """The top of the reader is within a line of ``position`` (another window size may break lines elsewhere)."""
    block = window.reader.document().findBlock(position)
    line = block.layout().lineForTextPosition(position - block.position())
    return abs(window.reader.top_position() - position) <= line.textLength()
