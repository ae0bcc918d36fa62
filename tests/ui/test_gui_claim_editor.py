"""The highlight editor's Claims row: link a highlight to a claim (existing or new), change a stance,
unlink; nothing is written before Save, each change is one undo step, and the Claims tab follows."""

from __future__ import annotations

from pathlib import Path

import pytest
from opening import open_with_highlight
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QToolButton

from app import Library
from ui.claims.editor_links import NO_LINKS, ClaimLinksEditor
from ui.highlights.editor import AnnotationEditor
from ui.main_window import MainWindow
from ui.rich_delegate import HTML_ROLE

PHRASE = "Training is not."
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def opened(qtbot, window: MainWindow, gui_library: Library, article_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window with the test article open, one highlight on PHRASE and two claims."""
    open_with_highlight(qtbot, window, gui_library, article_file, PHRASE)
    for text in ("Russian experts visited Tehran", "Training happens out of sight"):
        window.events.changed.emit(gui_library.claims.add(text).changes)
    qtbot.waitUntil(lambda: window.claims_panel.model.rowCount() == 2, timeout=3000)
    return window


def highlight_id(window: MainWindow) -> int:
    return window.highlight_panel.model.annotation_at(0).id


def open_editor(qtbot, window: MainWindow) -> tuple[AnnotationEditor, ClaimLinksEditor]:  # type: ignore[no-untyped-def]
    window.edit_annotation(highlight_id(window))
    editor = window.editor
    assert editor is not None
    qtbot.waitExposed(editor)
    row = editor.findChild(ClaimLinksEditor, "claimLinks")
    assert row is not None and row.isVisible()
    return editor, row


def save(qtbot, window: MainWindow, editor: AnnotationEditor) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)


def stances(library: Library, annotation_id: int) -> dict[int, str]:
    return {link.claim_id: link.stance for link in library.claims.links_of(annotation_id)}


def evidence_rows(window: MainWindow) -> list[str]:
    model = window.claims_panel.evidence_model
    return [str(model.index(row).data()) for row in range(model.rowCount())]


def press_undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.highlight_panel.list_view.setFocus()
    qtbot.keyClick(window.highlight_panel.list_view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)


def test_link_an_existing_claim_as_contradicts_then_the_claim_page_shows_it(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    opened.claims.open_claim(1)  # the claim's page is open while the editor changes its evidence
    assert evidence_rows(opened) == ["Supports (0)", "Contradicts (0)", "Context (0)"]
    editor, row = open_editor(qtbot, opened)
    assert row.row_texts() == [] and row.empty_label.text() == NO_LINKS and row.empty_label.isVisible()
    qtbot.keyClicks(row.search_edit, "tehran")  # any part of the text, any case
    popup = row.completer.popup()
    assert popup.isVisible()
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == [
        "#1 Russian experts visited Tehran"
    ]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # chosen: linked in the row, the line empty again
    qtbot.waitUntil(lambda: row.row_texts() != [], timeout=2000)
    assert row.row_texts() == ["Supports · Russian experts visited Tehran"] and row.search_edit.text() == ""
    assert editor.isVisible() and not row.empty_label.isVisible()
    stance_box = row.findChild(QComboBox, "claimLinkStance")
    stance_box.setFocus()
    qtbot.keyClick(stance_box, Qt.Key.Key_Down)
    assert row.row_texts() == ["Contradicts · Russian experts visited Tehran"]
    assert stances(gui_library, highlight_id(opened)) == {}  # nothing written before Save
    save(qtbot, opened, editor)
    assert stances(gui_library, highlight_id(opened)) == {1: "contradicts"}
    assert evidence_rows(opened) == ["Supports (0)", "Contradicts (1)", PHRASE, "Context (0)"]
    assert "1 contradicts" in str(opened.claims_panel.model.index(0).data(HTML_ROLE))
    _editor, again = open_editor(qtbot, opened)
    assert again.row_texts() == ["Contradicts · Russian experts visited Tehran"]


def test_change_a_stance_and_unlink_then_ctrl_z_undoes_each(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    annotation_id = highlight_id(opened)
    opened.events.changed.emit(gui_library.claims.link(1, annotation_id, "supports").changes)
    opened.events.changed.emit(gui_library.claims.link(2, annotation_id, "context").changes)
    editor, row = open_editor(qtbot, opened)
    assert row.row_texts() == ["Supports · Russian experts visited Tehran", "Context · Training happens out of sight"]
    first_stance = row.findChildren(QComboBox, "claimLinkStance")[0]
    first_stance.setFocus()
    qtbot.keyClick(first_stance, Qt.Key.Key_Down)
    removes = row.findChildren(QToolButton, "claimLinkRemove")
    qtbot.mouseClick(removes[1], Qt.MouseButton.LeftButton)
    assert row.row_texts() == ["Contradicts · Russian experts visited Tehran"]
    save(qtbot, opened, editor)
    assert stances(gui_library, annotation_id) == {1: "contradicts"}
    item = str(opened.highlight_panel.model.index(0).data(HTML_ROLE))
    assert "contradicts #1" in item and "#2" not in item
    press_undo(qtbot, opened)  # the unlink
    assert stances(gui_library, annotation_id) == {1: "contradicts", 2: "context"}
    press_undo(qtbot, opened)  # the stance
    assert stances(gui_library, annotation_id) == {1: "supports", 2: "context"}
    _editor, again = open_editor(qtbot, opened)
    assert again.row_texts() == ["Supports · Russian experts visited Tehran", "Context · Training happens out of sight"]


def test_a_new_claim_typed_in_the_editor_is_made_and_linked_on_save(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    editor, row = open_editor(qtbot, opened)
    qtbot.keyClicks(row.search_edit, "Drills were moved indoors")
    row.completer.popup().hide()
    row.new_stance.setCurrentIndex(2)
    qtbot.keyClick(row.search_edit, Qt.Key.Key_Return)  # links in the row; does not save the editor
    assert editor.isVisible()
    assert row.row_texts() == ["Context · Drills were moved indoors (new claim)"]
    assert gui_library.claims.count() == 2
    save(qtbot, opened, editor)
    claim = gui_library.claims.all()[-1]
    assert claim.text == "Drills were moved indoors" and claim.context == 1
    assert opened.claims_panel.model.rowCount() == 3
    assert opened.statusBar().currentMessage() == "Highlight saved with its claims. Undo each change with Ctrl+Z."
    press_undo(qtbot, opened)
    assert stances(gui_library, highlight_id(opened)) == {}


def test_cancel_writes_no_link(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    editor, row = open_editor(qtbot, opened)
    row.add("#2", "supports")
    assert row.row_texts() == ["Supports · Training happens out of sight"]
    qtbot.keyClick(row.search_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: opened.operations.idle, timeout=5000)
    assert stances(gui_library, highlight_id(opened)) == {}


def test_a_new_highlight_gets_its_claim_when_its_editor_saves(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    text = opened.reader.toPlainText()
    start = text.index("Radars")
    opened.highlight_controller.annotate(start, start + len("Radars are visible."), "blue")
    qtbot.waitUntil(lambda: opened.editor is not None and opened.editor.isVisible(), timeout=5000)
    editor = opened.editor
    row = editor.findChild(ClaimLinksEditor, "claimLinks")
    assert row is not None and row.isEnabled() and row.row_texts() == []
    qtbot.keyClicks(row.search_edit, "Training happens out of sight")  # typed whole, not yet linked
    save(qtbot, opened, editor)  # Save links what was typed, as Link would have
    assert stances(gui_library, editor.annotation_id) == {2: "supports"}
