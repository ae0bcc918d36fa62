"""Edit → Preferences (Ctrl+,): reading settings applied live to the reader, the data folder shown and
opened, automatic-backup settings kept in the library and obeyed; everything survives a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from own_settings import own_settings
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QComboBox

from annotations.store_settings import BackupPolicy
from app import Library
from app.backups import automatic_backup, list_backups
from ui.main_window import MainWindow
from ui.preferences.dialog import PreferencesDialog
from ui.reading_settings import DEFAULT_POINT_SIZE, ReadingPrefs

CTRL = Qt.KeyboardModifier.ControlModifier


def open_preferences(qtbot, window: MainWindow) -> PreferencesDialog:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Comma, CTRL)
    qtbot.waitUntil(lambda: window.preferences.dialog is not None and window.preferences.dialog.isVisible(),
                    timeout=3000)  # fmt: skip
    assert window.preferences.dialog is not None
    return window.preferences.dialog


def choose(qtbot, combo: QComboBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry by keyboard, as a user tabbing through the form would: Home, then Down to it."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert combo.findText(text) >= 0, text
    for _ in range(combo.count()):
        if combo.currentText() == text:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # Down steps over the separator
    assert combo.currentText() == text


def test_ctrl_comma_opens_preferences_from_the_edit_menu(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    edit_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Edit")
    assert window.preferences.action in edit_menu.actions()
    assert "Ctrl+," in [sequence.toString() for sequence in window.preferences.action.shortcuts()]
    dialog = open_preferences(qtbot, window)
    assert dialog.windowTitle() == "Preferences"
    assert [dialog.tabs.tabText(index) for index in range(dialog.tabs.count())] == ["Reading", "Library", "Backups"]


def test_reading_settings_apply_to_the_reader_as_they_change(
    qtbot, window: MainWindow, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=3000)
    dialog = open_preferences(qtbot, window)
    page = dialog.reading_page
    document = window.reader.document()

    choose(qtbot, page.theme_combo, "Dark")
    assert window.reading_settings.prefs.theme == "dark"  # the theme itself is drawn by ui/theme (helper A)

    choose(qtbot, page.font_combo, "Sans Serif")
    assert document.defaultFont().families()[0] == "Source Sans 3"
    family = page.font_combo.itemText(3)  # the first family the system has, after Serif, Sans Serif and a line
    assert family and family not in ("Serif", "Sans Serif")
    choose(qtbot, page.font_combo, family)
    assert window.reading_settings.prefs.font == family
    assert document.defaultFont().families()[0] == family
    assert page.preview.document().defaultFont().families()[0] == family

    page.size_spin.setFocus()
    for _ in range(3):
        qtbot.keyClick(page.size_spin, Qt.Key.Key_Up)
    assert document.defaultFont().pointSizeF() == DEFAULT_POINT_SIZE + 1.5
    assert page.preview.document().defaultFont().pointSizeF() == DEFAULT_POINT_SIZE + 1.5

    width = window.reader.reading_width
    page.width_spin.setFocus()
    qtbot.keyClick(page.width_spin, Qt.Key.Key_Down)  # 70 -> 65 characters
    assert window.reading_settings.prefs.line_width == 65 and window.reader.reading_width < width

    page.spacing_spin.setFocus()
    qtbot.keyClick(page.spacing_spin, Qt.Key.Key_Up)  # 150 -> 160 %
    paragraph = document.findBlock(window.reader.toPlainText().index("Analysts"))
    assert paragraph.blockFormat().lineHeight() == 160

    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Plus, CTRL)  # a zoom while the dialog is open shows there too
    assert page.size_spin.value() == window.reading_settings.prefs.point_size > DEFAULT_POINT_SIZE + 1.5

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert window.reading_settings.prefs == ReadingPrefs()
    assert (page.theme_combo.currentText(), page.font_combo.currentText(), page.size_spin.value(),
            page.width_spin.value(), page.spacing_spin.value()) == ("Follow System", "Serif", DEFAULT_POINT_SIZE,
                                                                    70, 150)  # fmt: skip
    assert document.defaultFont().families()[0] == "Literata"


def test_the_library_page_shows_the_data_folder_and_opens_it(
    qtbot, window: MainWindow, gui_library: Library
) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    window.preferences.open_url = opened.append  # the file manager, as a test sees it
    dialog = open_preferences(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.library_page)
    row = dialog.library_page.folder_row
    assert row.label.text() == str(gui_library.data_dir)
    assert row.label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert "database" in dialog.library_page.size_label.text()
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(gui_library.data_dir))]


def test_backup_settings_are_stored_in_the_library_and_obeyed(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through, settled
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    opened: list[QUrl] = []
    window.preferences.open_url = opened.append
    dialog = open_preferences(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.backups_page)
    page = dialog.backups_page
    assert page.automatic_check.isChecked() and page.daily_spin.value() == 7

    page.daily_spin.setFocus()
    qtbot.keyClick(page.daily_spin, Qt.Key.Key_Down)
    qtbot.mouseClick(page.automatic_check, Qt.MouseButton.LeftButton, pos=QPoint(8, page.automatic_check.height() // 2))
    settled(window)
    assert gui_library.backups.policy() == BackupPolicy(automatic=False, daily=6, weekly=4, monthly=12)
    assert not page.daily_spin.isEnabled()  # counts matter only while backups are made

    window.backup.back_up_daily()  # the window's daily backup, as its timer runs it
    qtbot.waitUntil(lambda: not window.backup.running, timeout=5000)
    assert automatic_backup(gui_library.data_dir, "quit") is None  # and the one on quit
    assert list_backups(gui_library.data_dir) == []

    qtbot.mouseClick(page.automatic_check, Qt.MouseButton.LeftButton, pos=QPoint(8, page.automatic_check.height() // 2))
    settled(window)
    window.backup.back_up_daily()
    qtbot.waitUntil(lambda: not window.backup.running, timeout=5000)
    assert len(list_backups(gui_library.data_dir)) == 1

    qtbot.mouseClick(page.folder_row.button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(gui_library.data_dir / "backups"))]

    dialog.close()
    gui_library.backups.set_policy(BackupPolicy(automatic=True, daily=9, weekly=2, monthly=3))  # e.g. another process
    open_preferences(qtbot, window)
    assert (page.daily_spin.value(), page.weekly_spin.value(), page.monthly_spin.value()) == (9, 2, 3)


@pytest.fixture
def settings_folder(tmp_path: Path) -> Iterator[Path]:
    with own_settings(tmp_path / "settings"):
        yield tmp_path / "settings"


def test_reading_settings_survive_a_restart_of_the_window(
    qtbot, settings_folder: Path, tmp_path: Path, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    library = Library(tmp_path / "data", background=True)
    try:
        first = MainWindow(library, remember_layout=True)
        qtbot.addWidget(first)
        first.show()
        qtbot.waitExposed(first)
        import_through(first, [article_file])
        dialog = open_preferences(qtbot, first)
        choose(qtbot, dialog.reading_page.font_combo, "Sans Serif")
        dialog.reading_page.width_spin.setFocus()
        qtbot.keyClick(dialog.reading_page.width_spin, Qt.Key.Key_Up)
        first.reader.setFocus()
        qtbot.keyClick(first.reader, Qt.Key.Key_Plus, CTRL)
        chosen = first.reading_settings.prefs
        assert (chosen.font, chosen.line_width, chosen.point_size) == ("sans", 75, 13.5)
        first.close()

        second = MainWindow(library, remember_layout=True)
        qtbot.addWidget(second)
        second.show()
        qtbot.waitExposed(second)
        assert second.reading_settings.prefs == chosen
        qtbot.waitUntil(lambda: second.reader.document_id is not None, timeout=3000)
        assert second.reader.document().defaultFont().pointSizeF() == 13.5
        assert second.reader.document().defaultFont().families()[0] == "Source Sans 3"
        second.close()
    finally:
        library.close()
