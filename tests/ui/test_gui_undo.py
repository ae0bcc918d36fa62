"""Edit → Undo / Redo across the app: highlights, tag edits and deletions, from wherever the focus is."""

from __future__ import annotations

from pathlib import Path

import pytest
from opening import import_and_open
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app import Library
from ui.main_window import MainWindow
from ui.rich_delegate import HTML_ROLE

PHRASE = "Training is not."
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def opened(qtbot, window: MainWindow, gui_library: Library, article_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window with the test article open in the reader (no highlights yet)."""
    imported = gui_library.documents.import_file(article_file)
    document = imported.value.document
    assert document is not None
    window.events.changed.emit(imported.changes)  # as the operation helper announces a write
    window.library_panel.select_document(document.id)
    qtbot.waitUntil(lambda: window.reader.document_id == document.id, timeout=3000)
    return window


def drawn(window: MainWindow) -> list[str]:
    """The passages the reader draws as highlights."""
    text = window.reader.toPlainText()
    return [text[s.cursor.selectionStart() : s.cursor.selectionEnd()] for s in window.reader.extraSelections()]


def listed(window: MainWindow) -> list[str]:
    """The HTML of each item of the Highlights panel."""
    model = window.highlight_panel.model
    return [model.index(row).data(HTML_ROLE) for row in range(model.rowCount())]


def action_text(window: MainWindow, action: str) -> str:
    return getattr(window, action).text().replace("&", "")


def press(qtbot, widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = CTRL) -> None:  # type: ignore[no-untyped-def]
    """Press a key in ``widget``, then wait for the write it asked for (undo runs off the GUI thread)."""
    widget.setFocus()
    qtbot.keyClick(widget, key, modifiers)
    window = widget.window()
    assert isinstance(window, MainWindow)
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)


def highlight_by_keyboard(qtbot, window: MainWindow, phrase: str, key: Qt.Key = Qt.Key.Key_2) -> None:  # type: ignore[no-untyped-def]
    """Select ``phrase`` in the reader, press a colour key, and close the editor that opens."""
    start = window.reader.toPlainText().index(phrase)
    window.reader.select_range(start, start + len(phrase))
    window.reader.setFocus()
    qtbot.keyClick(window.reader, key)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    window.editor.reject()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # the keyboard is back in the window


def test_actions_start_disabled_and_name_the_step(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not opened.undo_action.isEnabled() and not opened.redo_action.isEnabled()
    assert action_text(opened, "undo_action") == "Undo"
    assert {key.toString() for key in opened.redo_action.shortcuts()} >= {"Ctrl+Shift+Z", "Ctrl+Y"}
    highlight_by_keyboard(qtbot, opened, PHRASE)
    assert opened.undo_action.isEnabled()
    assert action_text(opened, "undo_action") == "Undo Highlight"
    edit_menu = next(a.menu() for a in opened.menuBar().actions() if a.text() == "&Edit")
    assert opened.undo_action in edit_menu.actions() and opened.redo_action in edit_menu.actions()


def test_ctrl_z_removes_a_new_highlight_and_ctrl_shift_z_brings_it_back(
    qtbot, opened: MainWindow, gui_library: Library
) -> None:  # type: ignore[no-untyped-def]
    highlight_by_keyboard(qtbot, opened, PHRASE)
    document_id = opened.reader.document_id
    assert drawn(opened) == [PHRASE] and len(listed(opened)) == 1
    created = gui_library.annotations.for_document(document_id)[0]

    press(qtbot, opened.reader, Qt.Key.Key_Z)
    assert drawn(opened) == [] and listed(opened) == []
    assert gui_library.annotations.for_document(document_id) == []
    assert action_text(opened, "redo_action") == "Redo Highlight"
    assert "Undid Highlight" in opened.statusBar().currentMessage()
    qtbot.waitUntil(lambda: opened.library_panel.model.index(0, 3).data() == 0, timeout=5000)  # the count follows

    press(qtbot, opened.reader, Qt.Key.Key_Z, CTRL_SHIFT)
    assert drawn(opened) == [PHRASE] and len(listed(opened)) == 1
    assert gui_library.annotations.for_document(document_id) == [created]  # the same highlight: id, uuid, colour
    assert not opened.redo_action.isEnabled()


def test_undo_a_tag_edit_made_in_the_editor(qtbot, opened: MainWindow, gui_library: Library, settled) -> None:  # type: ignore[no-untyped-def]
    highlight_by_keyboard(qtbot, opened, PHRASE)
    annotation = gui_library.annotations.for_document(opened.reader.document_id)[0]
    opened.highlight_panel.select_annotation(annotation.id)
    opened.highlight_panel.edit_button.click()
    qtbot.waitUntil(lambda: opened.editor is not None and opened.editor.isVisible(), timeout=3000)
    qtbot.keyClicks(opened.editor.tags_edit, "training, doctrine")
    qtbot.mouseClick(opened.editor.save_button, Qt.MouseButton.LeftButton)
    settled(opened)
    opened.activateWindow()
    assert gui_library.annotations.get(annotation.id).tags == ("doctrine", "training")
    assert "#training" in listed(opened)[0]
    assert action_text(opened, "undo_action") == "Undo Edit Highlight"

    press(qtbot, opened.highlight_panel.list_view, Qt.Key.Key_Z)
    assert gui_library.annotations.get(annotation.id).tags == ()
    assert "#training" not in listed(opened)[0]
    assert [tag.name for tag in gui_library.tags.counts()] == []

    press(qtbot, opened.highlight_panel.list_view, Qt.Key.Key_Y)  # Ctrl+Y redoes too
    assert gui_library.annotations.get(annotation.id).tags == ("doctrine", "training")
    assert "#training" in listed(opened)[0]


def test_delete_from_the_panel_then_undo(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    document_id = opened.reader.document_id
    added = gui_library.annotations.add_quote(document_id, PHRASE, color="pink", tags=["training"], note="*why*")
    opened.events.changed.emit(added.changes)
    panel = opened.highlight_panel
    rect = panel.list_view.visualRect(panel.model.index(0))
    qtbot.mouseClick(panel.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    press(qtbot, panel.list_view, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)  # the click focused the reader
    assert listed(opened) == [] and drawn(opened) == []
    assert action_text(opened, "undo_action") == "Undo Delete Highlight"

    press(qtbot, panel.list_view, Qt.Key.Key_Z)
    restored = gui_library.annotations.for_document(document_id)
    assert [(a.exact, a.color, a.tags, a.note) for a in restored] == [(PHRASE, "pink", ("training",), "*why*")]
    assert drawn(opened) == [PHRASE] and "<em>why</em>" in listed(opened)[0]


def test_undo_still_works_after_switching_tabs_and_panels(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    highlight_by_keyboard(qtbot, opened, PHRASE)
    highlight_by_keyboard(qtbot, opened, "Radars are visible.", Qt.Key.Key_3)
    assert sorted(drawn(opened)) == ["Radars are visible.", PHRASE]

    opened.side_tabs.setCurrentWidget(opened.search_panel)
    opened.show_tag_manager()  # View → Tag Manager: the Tags tab, focus in its tree
    assert opened.side_tabs.currentWidget() is opened.tag_manager
    press(qtbot, opened.tag_manager.tree, Qt.Key.Key_Z)
    assert drawn(opened) == [PHRASE]

    opened.side_tabs.setCurrentWidget(opened.highlight_panel)
    press(qtbot, opened.library_panel.table, Qt.Key.Key_Z)  # focus in the library list
    assert drawn(opened) == []
    assert not opened.undo_action.isEnabled()

    press(qtbot, opened.reader, Qt.Key.Key_Z, CTRL_SHIFT)
    press(qtbot, opened.reader, Qt.Key.Key_Z, CTRL_SHIFT)
    assert sorted(drawn(opened)) == ["Radars are visible.", PHRASE]


def test_a_text_field_keeps_ctrl_z_for_its_own_text(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    highlight_by_keyboard(qtbot, opened, PHRASE)
    query = opened.search_panel.query_edit
    opened.focus_search()
    qtbot.keyClicks(query, "radar")
    press(qtbot, query, Qt.Key.Key_Z)
    assert query.text() == ""  # the field's own undo
    assert drawn(opened) == [PHRASE]  # the highlight stays
    assert len(gui_library.annotations.for_document(opened.reader.document_id)) == 1


def test_undo_reaches_an_article_that_is_not_open(
    qtbot, opened: MainWindow, gui_library: Library, tmp_path: Path, settled
) -> None:  # type: ignore[no-untyped-def]
    first = opened.reader.document_id
    added = gui_library.annotations.add_quote(first, PHRASE)
    opened.events.changed.emit(added.changes)
    opened.delete_annotation(added.value[0].id)
    settled(opened)
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: Another article\n---\nSomething else entirely.\n", encoding="utf-8")
    import_and_open(qtbot, opened, gui_library, other)

    press(qtbot, opened.reader, Qt.Key.Key_Z)
    assert [a.exact for a in gui_library.annotations.for_document(first)] == [PHRASE]
    assert drawn(opened) == []  # the open article is not touched
    counts = {opened.library_panel.model.index(row, 0).data(): opened.library_panel.model.index(row, 3).data()
              for row in range(opened.library_panel.model.rowCount())}  # fmt: skip
    assert counts["Notes on Air Defense Cooperation"] == 1
