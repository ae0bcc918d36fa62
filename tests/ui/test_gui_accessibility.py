"""Keys in tooltips, names a screen reader can read, and keys that move between the panes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QWidget

from ui.accessibility import names_key
from ui.main_window import MainWindow


def menu_actions(menu: QMenu) -> Iterator[QAction]:
    for action in menu.actions():
        if action.menu() is not None:
            yield from menu_actions(action.menu())
        elif not action.isSeparator():
            yield action


def all_menu_actions(window: MainWindow) -> list[QAction]:
    return [action for top in window.menuBar().actions() if top.menu() for action in menu_actions(top.menu())]


def key(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def key_pattern(key: str) -> str:
    """A key as a whole key: "T" not inside "Tag", "F3" not inside "Shift+F3"."""
    return rf"(?<![\w+]){re.escape(key)}(?![\w+])"


def spoken_name(widget: QWidget) -> str:
    """What a screen reader announces for the widget."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_every_menu_action_with_a_key_names_it_in_its_tooltip(window: MainWindow) -> None:
    keyed = [action for action in all_menu_actions(window) if not action.shortcut().isEmpty()]
    assert len(keyed) >= 12  # Import, Quit, Undo, Search, Tag Manager, Go to Library, …
    wrong = [(action.text(), action.toolTip()) for action in keyed if not names_key(action.toolTip(), key(action))]
    assert wrong == []
    said_twice = [action.toolTip() for action in keyed if len(re.findall(key_pattern(key(action)), action.toolTip())) > 1]
    assert said_twice == []  # a tooltip naming its key already ("Alt+Left, or the mouse's back button") gets no copy
    assert window.search_action.toolTip() == "Search Everything (Ctrl+K)"
    assert window.import_action.toolTip() == "Import Files (Ctrl+O)"
    assert window.color_by_tag_action.toolTip() == "Draw each highlight in the colour of its first tag that has one"


def test_a_tooltip_given_by_its_feature_is_kept_with_the_key_once(window: MainWindow) -> None:
    assert window.saved.save_action.toolTip().count("Ctrl+Shift+S") == 1
    assert window.tag_manager.rename_action.toolTip() == "Rename the tag everywhere (F2)"
    assert window.edit_highlight_action.toolTip() == "Tag / Note Highlight (T)"  # "Tag" does not name the key T
    assert not names_key("Previous Mention (Shift+F3)", "F3") and names_key("Back (Alt+Left, or the mouse)", "Alt+Left")


def test_actions_added_or_changed_later_get_their_key_too(window: MainWindow) -> None:
    view_menu = next(top.menu() for top in window.menuBar().actions() if top.text() == "&View")
    late = QAction("Late &Feature…", window)
    late.setShortcut(QKeySequence("Ctrl+Alt+J"))
    view_menu.addAction(late)
    assert late.toolTip() == "Late Feature (Ctrl+Alt+J)"
    late.setText("Renamed Feature")
    assert late.toolTip() == "Renamed Feature (Ctrl+Alt+J)"
    late.setToolTip("Does the late thing")
    assert late.toolTip() == "Does the late thing (Ctrl+Alt+J)"
    late.setShortcut(QKeySequence("Ctrl+Alt+U"))
    assert late.toolTip() == "Does the late thing (Ctrl+Alt+U)"


def test_buttons_and_main_views_have_names_a_screen_reader_reads(
    qtbot, window: MainWindow, article_file: Path, import_through: Callable[..., None]
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    for tab in range(window.side_tabs.count()):  # each tab's buttons, as the user sees them
        window.side_tabs.setCurrentIndex(tab)
        unnamed = [
            f"{type(button).__name__} {button.objectName()!r} {button.text()!r}"
            for button in window.findChildren(QAbstractButton)
            if button.isVisible() and not spoken_name(button).strip()
        ]
        assert unnamed == [], window.side_tabs.tabText(tab)
    assert spoken_name(window.reader) == "Article text"
    assert spoken_name(window.library_panel.table) == "Articles"
    assert spoken_name(window.highlight_panel.list_view) == "Highlights of this article"
    assert spoken_name(window.search_panel.query_edit) == "Search everything"
    assert spoken_name(window.search_panel.help_button) == "How to write a query"
    assert spoken_name(window.reader_pane.color_buttons["yellow"]) == "Highlight yellow (1)"
    window.reader_pane.set_underline_mode(True)
    assert spoken_name(window.reader_pane.color_buttons["pink"]) == "Underline pink (4)"


def test_ctrl_l_and_f6_move_the_keyboard_between_the_panes(
    qtbot, window: MainWindow, article_file: Path, import_through: Callable[..., None]
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.reader.setFocus()
    qtbot.waitUntil(window.reader.hasFocus, timeout=2000)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.library_panel.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.reader
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert window.side_tabs.isAncestorOf(QApplication.focusWidget())  # the current tab's first control
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.library_panel.table  # round again
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.side_tabs.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_panel.query_edit


def test_tab_follows_the_screen_from_the_library_to_the_article(
    qtbot, window: MainWindow, article_file: Path, import_through: Callable[..., None]
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.library_panel.filter_edit.setFocus()
    qtbot.waitUntil(window.library_panel.filter_edit.hasFocus, timeout=2000)
    visited = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [window.library_panel.table, window.saved.panel.save_button, window.reader]


def test_f6_into_the_reader_pane_reaches_the_welcome_page_when_no_article_is_open(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.library_panel.table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.reader_pane.welcome.import_button
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.reader_pane.welcome.search_button  # "Open an Article" is hidden
