"""Selecting with the mouse in the reader: drags snap to whole words (Alt keeps characters), double-click
takes a word and triple-click a paragraph, with the words search uses; the keyboard stays precise."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow

MIXED = """---
title: Mixed scripts
---
中国空军加强防空能力。今天的演习很成功。

قالت وزارة الدفاع إن منظومة الدفاع الجوي اعترضت عدة صواريخ فوق المدينة.

The air-defense network held, officials said.
"""
LEFT = Qt.MouseButton.LeftButton


def opened(qtbot, window: MainWindow, path: Path, import_through) -> str:  # type: ignore[no-untyped-def]
    import_through(window, [path])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    window.reader.setFocus()
    return window.reader.toPlainText()


def inside(window: MainWindow, offset: int, part: float = 0.5) -> QPoint:
    """A viewport point ``part`` of the way through the character at ``offset``, from the caret before it
    to the caret after it (in either reading direction)."""
    reader = window.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(offset)
    before = reader.cursorRect(cursor)
    cursor.setPosition(offset + 1)
    after = reader.cursorRect(cursor)
    x = before.center().x() + (after.center().x() - before.center().x()) * part
    return QPoint(round(x), before.center().y())


def drag(qtbot, window: MainWindow, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier, part=0.5) -> str:  # type: ignore[no-untyped-def]
    """Press on the character at ``start``, move through the text, release on ``end``'s (at ``part`` of each)."""
    viewport = window.reader.viewport()
    window.reader.moveCursor(QTextCursor.MoveOperation.Start)  # no selection: a press in one would drag it away
    first, last = inside(window, start, part), inside(window, end, part)
    qtbot.mousePress(viewport, LEFT, modifier, first)
    for step in range(1, 5):
        qtbot.mouseMove(viewport, first + (last - first) * step / 4)
    qtbot.mouseRelease(viewport, LEFT, modifier, last)
    return window.reader.textCursor().selectedText()


def test_a_drag_from_mid_word_to_mid_word_selects_the_whole_words(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through
) -> None:
    text = opened(qtbot, window, article_file, import_through)
    at = text.index("defense support can")
    assert drag(qtbot, window, at + 3, at + len("defense supp")) == "defense support"
    assert window.reader.selected_range() == (at, at + len("defense support"))
    # backwards, from "suppo|rt" to "de|fense": the same words, caret where the mouse let go
    assert drag(qtbot, window, at + len("defense suppo"), at + 2) == "defense support"
    assert window.reader.textCursor().position() == at


def test_live_snapping_shows_the_words_while_the_mouse_moves(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through
) -> None:
    text = opened(qtbot, window, article_file, import_through)
    at = text.index("partner give")
    viewport = window.reader.viewport()
    qtbot.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, inside(window, at + 2))
    qtbot.mouseMove(viewport, inside(window, at + len("partner gi")))
    assert window.reader.textCursor().selectedText() == "partner give"  # before the release
    qtbot.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, inside(window, at + len("partner gi")))


def test_punctuation_after_a_word_and_the_space_after_it_are_not_taken(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through
) -> None:
    text = opened(qtbot, window, article_file, import_through)
    at = text.index("Radars are visible.")
    assert drag(qtbot, window, at + 2, at + len("Radars are vis")) == "Radars are visible"
    # from "Ra|dars" to the far side of the space after it: no trailing space
    assert drag(qtbot, window, at + 2, at + len("Radars"), part=0.9) == "Radars"


def test_alt_drag_keeps_the_characters(qtbot, window: MainWindow, article_file: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    text = opened(qtbot, window, article_file, import_through)
    at = text.index("defense support can")
    selected = drag(qtbot, window, at + 3, at + len("defense supp"), Qt.KeyboardModifier.AltModifier)
    assert selected in {"ense supp", "ense sup", "ense suppo"}  # the characters under the mouse, no snapping
    assert not selected.startswith("defense")


def test_shift_arrows_stay_character_precise(qtbot, window: MainWindow, article_file: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    text = opened(qtbot, window, article_file, import_through)
    at = text.index("defense support")
    cursor = window.reader.textCursor()
    cursor.setPosition(at + 3)
    window.reader.setTextCursor(cursor)
    for _ in range(6):
        qtbot.keyClick(window.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.textCursor().selectedText() == "ense s"


def test_a_snapped_selection_is_what_a_key_highlights(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through, settled
) -> None:
    text = opened(qtbot, window, article_file, import_through)
    at = text.index("defense support can")
    drag(qtbot, window, at + 3, at + len("defense supp"))
    qtbot.keyClick(window.reader, Qt.Key.Key_2)
    settled(window)
    [highlight] = window.library.annotations.for_document(window.reader.document_id)
    assert highlight.exact == "defense support"


def test_double_click_selects_a_word_as_search_defines_it(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path, import_through
) -> None:
    path = tmp_path / "mixed.md"
    path.write_text(MIXED, encoding="utf-8")
    text = opened(qtbot, window, path, import_through)
    viewport = window.reader.viewport()
    at = text.index("air-defense")
    qtbot.mouseDClick(viewport, LEFT, Qt.KeyboardModifier.NoModifier, inside(window, at + len("air-de")))
    assert window.reader.textCursor().selectedText() == "defense"  # a hyphen parts words, as in search
    at = text.index("officials said.")
    qtbot.mouseDClick(viewport, LEFT, Qt.KeyboardModifier.NoModifier, inside(window, at + len("officials sa")))
    assert window.reader.textCursor().selectedText() == "said"  # not the full stop
    at = text.index("空军")
    qtbot.mouseDClick(viewport, LEFT, Qt.KeyboardModifier.NoModifier, inside(window, at + 1))
    assert window.reader.textCursor().selectedText() == "军"  # one Chinese character, as search counts words


def test_triple_click_selects_the_paragraph_without_its_break(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through
) -> None:
    text = opened(qtbot, window, article_file, import_through)
    paragraph = "Radars are visible. Training is not. In practice, air defense support is a portfolio of small steps."
    at = text.index("Training")
    point = inside(window, at + 2)
    viewport = window.reader.viewport()
    qtbot.mouseDClick(viewport, LEFT, Qt.KeyboardModifier.NoModifier, point)
    assert window.reader.textCursor().selectedText() == "Training"
    qtbot.mouseClick(viewport, LEFT, Qt.KeyboardModifier.NoModifier, point)
    assert window.reader.textCursor().selectedText() == paragraph
    assert window.reader.selected_range() == (text.index(paragraph), text.index(paragraph) + len(paragraph))
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    qtbot.mouseClick(viewport, LEFT, Qt.KeyboardModifier.NoModifier, point)  # later: a click again
    assert not window.reader.textCursor().hasSelection()


def test_chinese_snaps_to_characters_and_arabic_to_words(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path, import_through
) -> None:
    path = tmp_path / "mixed.md"
    path.write_text(MIXED, encoding="utf-8")
    text = opened(qtbot, window, path, import_through)
    at = text.index("空军加强")
    # from just inside 空 to just inside 防 (the caret before it): each character is a word, the run is kept
    assert drag(qtbot, window, at, at + 4, part=0.2) == "空军加强"
    assert drag(qtbot, window, at + 1, at + 3, part=0.2) == "军加"
    at = text.index("منظومة الدفاع")
    # from the middle of "منظومة" to the middle of "الدفاع" (right to left on screen): both whole words
    assert drag(qtbot, window, at + 2, at + len("منظومة الد")) == "منظومة الدفاع"
    assert drag(qtbot, window, at + len("منظومة الد"), at + 2) == "منظومة الدفاع"  # and backwards


def test_a_click_on_a_highlight_still_opens_it(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through, settled
) -> None:
    text = opened(qtbot, window, article_file, import_through)
    at = text.index("Training is not")
    window.reader.select_range(at, at + len("Training is not"))
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    settled(window)
    [highlight] = window.library.annotations.for_document(window.reader.document_id)
    if window.editor is not None:
        window.editor.close()
    clicked: list[int] = []
    window.reader.annotation_clicked.connect(clicked.append)
    qtbot.mouseClick(window.reader.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, inside(window, at + 3))
    assert clicked == [highlight.id]

