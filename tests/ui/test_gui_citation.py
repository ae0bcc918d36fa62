"""Copy as citation as a user meets it: Ctrl+Shift+C on a selection or in a highlight, the Highlights panel's
menu; the clipboard holds rich text and plain text; the style is the one last chosen in the export dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from own_settings import own_settings
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from app import Library
from ui.exporting.citation import NOTHING_TO_CITE
from ui.exporting.settings import forget_settings
from ui.main_window import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path) -> Iterator[None]:
    """Settings of the test's own: Chicago notes, as on a first start, and test runs side by side never
    share a choice."""
    with own_settings(tmp_path / "settings"):
        forget_settings()
        yield


@pytest.fixture
def opened(qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through) -> MainWindow:  # type: ignore[no-untyped-def]
    """The test article open with two highlights."""
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=3000)
    document_id = window.reader.document_id
    changes = gui_library.annotations.add_quote(document_id, "Radars are visible.", tags=["sensors"]).changes
    changes |= gui_library.annotations.add_quote(document_id, "spare parts", color="green").changes
    window.events.changed.emit(changes)  # as the operation helper announces a write
    qtbot.waitUntil(lambda: window.highlight_panel.model.rowCount() == 2, timeout=3000)
    return window


def press_ctrl_shift_c(qtbot, window: MainWindow, widget) -> str:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.citation.copied, timeout=10000) as copied:
        qtbot.keyClick(widget, Qt.Key.Key_C, CTRL_SHIFT)
    return str(copied.args[0])


def test_ctrl_shift_c_on_a_selection_puts_rich_and_plain_text_on_the_clipboard(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reader = opened.reader
    text = reader.toPlainText()
    start = text.index("Training is not.")
    reader.select_range(start, start + len("Training is not."))
    reader.setFocus()

    copied = press_ctrl_shift_c(qtbot, opened, reader)

    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    assert mime.text() == copied
    assert "Training is not." in mime.text() and "Training is not." in mime.html()
    assert "Test Author" in mime.text()  # the reference: Chicago notes by default
    assert "Notes on Air Defense Cooperation" in mime.text()
    assert "<" not in mime.text()  # plain text is the Markdown form, not HTML
    assert opened.statusBar().currentMessage() == "Copied the citation (Chicago notes)."


def test_ctrl_shift_c_in_a_highlight_cites_that_highlight(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reader = opened.reader
    cursor = reader.textCursor()
    cursor.setPosition(reader.toPlainText().index("spare parts") + 3)
    reader.setTextCursor(cursor)  # the caret in the highlight, nothing selected
    reader.setFocus()
    copied = press_ctrl_shift_c(qtbot, opened, reader)
    assert "spare parts" in copied
    assert "spare parts" in QApplication.clipboard().mimeData().html()


def test_ctrl_shift_c_with_nothing_to_cite_says_so(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reader = opened.reader
    reader.moveCursor(QTextCursor.MoveOperation.Start)
    reader.setFocus()
    QApplication.clipboard().setText("untouched")
    qtbot.keyClick(reader, Qt.Key.Key_C, CTRL_SHIFT)
    assert opened.statusBar().currentMessage() == NOTHING_TO_CITE
    assert QApplication.clipboard().text() == "untouched"


def test_the_highlight_menu_copies_the_chosen_highlights(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = opened.highlight_panel
    view = panel.list_view
    view.selectAll()
    seen: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(action.text() for action in menu.actions() if not action.isSeparator())
        menu.close()
        menu.actions()[0].trigger()

    QTimer.singleShot(50, choose)
    with qtbot.waitSignal(opened.citation.copied, timeout=10000) as copied:
        view.customContextMenuRequested.emit(view.visualRect(panel.model.index(1)).center())
    assert seen[0] == "Copy 2 as Citations"
    text = str(copied.args[0])
    assert text.index("Radars are visible.") < text.index("spare parts")  # in the list's order
    html = QApplication.clipboard().mimeData().html()
    assert "Radars are visible." in html and "spare parts" in html
    assert opened.statusBar().currentMessage() == "Copied 2 citations (Chicago notes)."


def test_the_style_is_the_last_one_chosen_in_the_export_dialog(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reader = opened.reader
    start = reader.toPlainText().index("Radars are visible.")
    reader.select_range(start, start + len("Radars are visible."))
    reader.setFocus()
    chicago = press_ctrl_shift_c(qtbot, opened, reader)

    dialog = opened.exporter.open_dialog()
    dialog.style_box.setCurrentIndex(dialog.style_box.findData("apa"))
    dialog.reject()  # chosen, then closed: remembered all the same
    reader.select_range(start, start + len("Radars are visible."))
    reader.setFocus()
    apa = press_ctrl_shift_c(qtbot, opened, reader)

    assert apa != chicago
    assert "(Author, 2026)" in apa and "Author, T. (2026" in apa  # APA: author and year, in the text and the entry
    assert opened.statusBar().currentMessage() == "Copied the citation (APA)."

    dialog = opened.exporter.open_dialog()
    dialog.style_box.setCurrentIndex(dialog.style_box.findData(""))  # None: Copy as citation keeps APA
    dialog.reject()
    reader.select_range(start, start + len("Radars are visible."))
    reader.setFocus()
    assert press_ctrl_shift_c(qtbot, opened, reader) == apa


def test_edit_menu_copy_as_citation_acts_on_the_highlights_panel_when_it_has_the_keyboard(
    qtbot, opened: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    assert opened.citation.copy_action in opened.menuBar().actions()[1].menu().actions()  # Edit → Copy as Citation
    assert opened.citation.copy_action.shortcut().toString() == "Ctrl+Shift+C"
    view = opened.highlight_panel.list_view
    view.setCurrentIndex(opened.highlight_panel.model.index(1))
    view.setFocus()
    copied = press_ctrl_shift_c(qtbot, opened, view)
    assert "spare parts" in copied and "Radars are visible." not in copied
    assert QApplication.clipboard().mimeData().hasHtml()
