"""The window's layout: distraction-free reading (F11) and back, and pane sizes, window geometry and the
maximised state kept across a restart of the window."""

from __future__ import annotations

from pathlib import Path

from own_settings import own_settings
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMainWindow

from app import Library
from ui.main_window import MainWindow


def shown(qtbot, library: Library, *, remember: bool) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(library, remember_layout=remember)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def press_f11(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F11)


def test_f11_shows_the_article_alone_and_f11_again_puts_the_panes_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.splitter.setSizes([300, 650, 330])
    before = window.splitter.sizes()
    press_f11(qtbot, window)
    assert window.distraction_free.action.isChecked()
    assert window.isFullScreen()
    assert not window.library_panel.isVisible() and not window.side_tabs.isVisible()
    assert window.reader_pane.isVisible() and window.menuBar().isVisible()  # every command still in reach
    press_f11(qtbot, window)
    assert not window.isFullScreen()
    qtbot.waitUntil(lambda: window.library_panel.isVisible() and window.side_tabs.isVisible(), timeout=1000)
    assert window.splitter.sizes() == before


def test_escape_in_the_reader_leaves_and_a_maximised_window_stays_maximised(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through
) -> None:
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None and window.reader.isVisible(), timeout=3000)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized, timeout=2000)
    window.splitter.setSizes([320, 700, 340])
    before = window.splitter.sizes()
    press_f11(qtbot, window)
    assert window.isFullScreen()
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    assert not window.distraction_free.action.isChecked()
    assert window.isMaximized() and not window.isFullScreen()
    qtbot.waitUntil(window.side_tabs.isVisible, timeout=1000)
    assert window.splitter.sizes() == before
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)  # Escape outside the mode changes nothing
    assert window.isMaximized() and window.side_tabs.isVisible()


def test_the_menu_item_is_checkable_and_shows_its_key(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    action = window.distraction_free.action
    assert action.isCheckable() and action.shortcut().toString() == "F11"
    assert action in window.menuBar().actions()[2].menu().actions()  # View
    action.trigger()
    assert not window.side_tabs.isVisible()
    action.trigger()
    qtbot.waitUntil(window.side_tabs.isVisible, timeout=1000)


def test_pane_sizes_and_the_window_geometry_survive_a_restart(qtbot, gui_library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with own_settings(tmp_path / "settings"):
        first = shown(qtbot, gui_library, remember=True)
        first.showNormal()
        narrowest = first.minimumSizeHint().width()  # the offscreen screen is 800 × 800
        first.setGeometry(QRect(0, 90, narrowest, 620))
        qtbot.waitUntil(lambda: first.height() == 620, timeout=2000)
        first.splitter.setSizes([230, 300, 280])
        sizes, geometry = first.splitter.sizes(), first.geometry()
        first.close()
        second = shown(qtbot, gui_library, remember=True)
        assert second.geometry() == geometry
        assert second.splitter.sizes() == sizes
        second.close()


def test_a_maximised_window_opens_maximised_with_its_pane_sizes(qtbot, gui_library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with own_settings(tmp_path / "settings"):
        first = shown(qtbot, gui_library, remember=True)
        first.showMaximized()
        qtbot.waitUntil(first.isMaximized, timeout=2000)
        first.splitter.setSizes([360, 700, 300])
        library_width, side_width = first.splitter.sizes()[0], first.splitter.sizes()[2]
        first.close()
        second = shown(qtbot, gui_library, remember=True)
        assert second.isMaximized()
        assert (second.splitter.sizes()[0], second.splitter.sizes()[2]) == (library_width, side_width)
        second.close()


def test_closing_in_distraction_free_reading_remembers_the_panes(qtbot, gui_library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with own_settings(tmp_path / "settings"):
        first = shown(qtbot, gui_library, remember=True)
        first.splitter.setSizes([300, 600, 300])
        sizes = first.splitter.sizes()
        first.distraction_free.action.trigger()
        first.close()
        saved = QMainWindow()  # what a window restoring the stored geometry becomes
        qtbot.addWidget(saved)
        assert saved.restoreGeometry(QSettings().value("main_window/geometry"))
        saved.show()
        assert not saved.isFullScreen()
        second = shown(qtbot, gui_library, remember=True)
        assert not second.isFullScreen()
        assert second.library_panel.isVisible() and second.side_tabs.isVisible()
        assert second.splitter.sizes() == sizes
        second.close()


def test_distraction_free_reading_keeps_the_place_in_the_article(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path, import_through
) -> None:
    path = tmp_path / "long.md"
    path.write_text(
        "---\ntitle: A long read\n---\n"
        + "\n\n".join(f"Paragraph {n}: support arrives in small steps, one partner at a time." for n in range(150)),
        encoding="utf-8",
    )
    import_through(window, [path])
    qtbot.waitUntil(lambda: window.reader.document_id is not None and window.reader.isVisible(), timeout=3000)
    bar = window.reader.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    place = window.reader.top_position()
    press_f11(qtbot, window)
    qtbot.wait(50)  # the full-screen resize, and the page centred after it
    assert on_the_top_line(window, place)
    press_f11(qtbot, window)
    qtbot.waitUntil(window.side_tabs.isVisible, timeout=1000)
    qtbot.wait(50)
    assert on_the_top_line(window, place)


def on_the_top_line(window: MainWindow, position: int) -> bool:
    """Whether the character at ``position`` is on the first line in view (lines break anew at each width)."""
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(position)
    caret = window.reader.cursorRect(cursor)
    return 0 <= caret.top() < caret.height()
