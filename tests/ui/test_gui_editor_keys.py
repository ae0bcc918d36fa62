"""The highlight editor from the keyboard: Ctrl+Enter saves (even from the note), Escape cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotations.models import Annotation
from ui.highlights.editor import AnnotationEditor

HIGHLIGHT = Annotation(7, "u-7", 1, 0, 19, "air defense support", "", "", "yellow", "", "2026-01-01", "2026-01-01")


def test_ctrl_enter_saves_from_the_note_without_adding_a_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = AnnotationEditor(HIGHLIGHT, ["air-defense"])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.note_edit.setFocus()
    qtbot.keyClicks(editor.note_edit, "Central framing")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(editor.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == [7, "yellow", [], "Central framing"]
    assert editor.result() == AnnotationEditor.DialogCode.Accepted and not editor.isVisible()


def test_ctrl_enter_on_the_keypad_saves_the_tags(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = AnnotationEditor(HIGHLIGHT, ["air-defense"])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.keyClicks(editor.tags_edit, "iran")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(
            editor.tags_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier
        )
    assert saved.args[2] == ["iran"]


def test_escape_cancels_without_saving(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = AnnotationEditor(HIGHLIGHT, [])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.note_edit.setFocus()
    qtbot.keyClicks(editor.note_edit, "never mind")
    with qtbot.assertNotEmitted(editor.saved):
        qtbot.keyClick(editor.note_edit, Qt.Key.Key_Escape)
    assert editor.result() == AnnotationEditor.DialogCode.Rejected and not editor.isVisible()
