"""Find in the article (Ctrl+F) as a user drives it: the bar, the count, stepping, options, marks, Escape."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import Library
from ui.main_window import MainWindow
from ui.reader.find_controller import MARK_LIMIT
from ui.reader.find_marks import FIND_MARK_PROPERTY
from ui.reader.marks import ANNOTATION_ID_PROPERTY

BODY = (
    "Radar first. A radar, then the RADAR again; radars everywhere.\n\n"
    "کتابی در کتابخانه: كتابي ديگر.\n\n"
    "The last radar line.\n"
)
OTHER_BODY = "Nothing here but one radar.\n"
SHIFT = Qt.KeyboardModifier.ShiftModifier


def write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / "incoming" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\n---\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def opened(window: MainWindow, gui_library: Library, tmp_path: Path, import_through) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window with "Finding things" open in the reader (and "Another article" in the library)."""
    import_through(window, [write(tmp_path, "find.md", "Finding things", BODY),
                            write(tmp_path, "other.md", "Another article", OTHER_BODY)])  # fmt: skip
    found = next(s.id for s in gui_library.documents.summaries() if s.title == "Finding things")
    window.open_document(found)
    window.reader.setFocus()
    return window


def spans_of(window: MainWindow, pattern: str, flags: re.RegexFlag = re.IGNORECASE) -> list[tuple[int, int]]:
    """The true matches, found independently in the text the reader shows."""
    return [match.span() for match in re.finditer(pattern, window.reader.toPlainText(), flags)]


def selection(window: MainWindow) -> tuple[int, int]:
    cursor = window.reader.textCursor()
    return cursor.selectionStart(), cursor.selectionEnd()


def find_marks(window: MainWindow) -> list[tuple[int, int, str]]:
    """The reader's find marks: every match ("match"), and the current one once more on top ("current")."""
    return [(s.cursor.selectionStart(), s.cursor.selectionEnd(), s.format.property(FIND_MARK_PROPERTY))
            for s in window.reader.extraSelections() if s.format.property(FIND_MARK_PROPERTY)]  # fmt: skip


def marked(window: MainWindow, kind: str = "match") -> list[tuple[int, int]]:
    return sorted(mark[:2] for mark in find_marks(window) if mark[2] == kind)


def press_find(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget() or window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)


def type_query(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    field = window.reader_pane.find_bar.field
    if text.isascii():
        qtbot.keyClicks(field, text)
    else:
        field.insert(text)  # as a keyboard layout's input method commits it (QTest types Latin keys only)
    assert field.text() == text


def count_text(window: MainWindow) -> str:
    return window.reader_pane.find_bar.count_label.text()


def test_ctrl_f_opens_the_bar_with_the_caret_in_it_and_typing_finds(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = opened.reader_pane.find_bar
    assert bar.isHidden()
    press_find(qtbot, opened)
    assert bar.isVisible()
    assert QApplication.focusWidget() is bar.field
    assert opened.finder.find_action in opened.menuBar().actions()[1].menu().actions()  # Edit → Find in Article…
    assert opened.finder.find_action.shortcut().toString() == "Ctrl+F"

    type_query(qtbot, opened, "radar")
    truth = spans_of(opened, "radar")
    assert len(truth) == 5
    assert count_text(opened) == f"1 of {len(truth)}"
    assert selection(opened) == truth[0]  # the first match from the top, selected
    assert QApplication.focusWidget() is bar.field  # typing goes on in the field
    assert marked(opened) == truth  # every match marked
    assert marked(opened, "current") == [truth[0]]

    qtbot.keyClick(bar.field, Qt.Key.Key_Backspace)  # "rada": still five, no jump
    assert count_text(opened) == "1 of 5"


def test_enter_shift_enter_f3_and_shift_f3_step_and_wrap(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    field = opened.reader_pane.find_bar.field
    truth = spans_of(opened, "radar")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert selection(opened) == truth[1]
    assert count_text(opened) == "2 of 5"
    qtbot.keyClick(field, Qt.Key.Key_Enter, SHIFT)  # keypad Enter too
    assert selection(opened) == truth[0]
    qtbot.keyClick(field, Qt.Key.Key_Return, SHIFT)  # before the first: the last, and the status bar says so
    assert selection(opened) == truth[-1]
    assert count_text(opened) == "5 of 5"
    assert "Wrapped around to the last match" in opened.statusBar().currentMessage()
    qtbot.keyClick(field, Qt.Key.Key_F3)  # past the last: the first
    assert selection(opened) == truth[0]
    assert "first match" in opened.statusBar().currentMessage()
    qtbot.keyClick(field, Qt.Key.Key_F3)
    qtbot.keyClick(field, Qt.Key.Key_F3)
    assert selection(opened) == truth[2]
    qtbot.keyClick(field, Qt.Key.Key_F3, SHIFT)
    assert selection(opened) == truth[1]

    opened.reader.setFocus()  # F3 from the text itself steps the find while the bar is open
    qtbot.keyClick(opened.reader, Qt.Key.Key_F3)
    assert selection(opened) == truth[2]
    assert count_text(opened) == "3 of 5"
    assert marked(opened, "current") == [truth[2]]

    qtbot.mouseClick(opened.reader_pane.find_bar.next_button, Qt.MouseButton.LeftButton)
    assert selection(opened) == truth[3]
    qtbot.mouseClick(opened.reader_pane.find_bar.previous_button, Qt.MouseButton.LeftButton)
    assert selection(opened) == truth[2]


def test_stepping_goes_on_from_a_place_chosen_in_the_text(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    truth = spans_of(opened, "radar")
    persian = opened.reader.toPlainText().index("کتابخانه")
    opened.reader.select_range(persian, persian + 3)  # a passage chosen by hand, between the 4th and 5th match
    qtbot.keyClick(opened.reader, Qt.Key.Key_F3)
    assert selection(opened) == truth[4]
    opened.reader.select_range(persian, persian + 3)
    qtbot.keyClick(opened.reader, Qt.Key.Key_F3, SHIFT)
    assert selection(opened) == truth[3]


def test_match_case_and_whole_words_change_the_count(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = opened.reader_pane.find_bar
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    assert count_text(opened) == "1 of 5"
    qtbot.mouseClick(bar.case_box, Qt.MouseButton.LeftButton)
    assert bar.case_box.isChecked()
    case_truth = spans_of(opened, "radar", re.RegexFlag(0))
    assert count_text(opened) == f"1 of {len(case_truth)}" == "1 of 3"
    assert marked(opened) == case_truth
    whole_word = r"\bradar\b"
    qtbot.mouseClick(bar.words_box, Qt.MouseButton.LeftButton)
    assert count_text(opened) == f"1 of {len(spans_of(opened, whole_word, re.RegexFlag(0)))}" == "1 of 2"
    qtbot.mouseClick(bar.case_box, Qt.MouseButton.LeftButton)  # the current match stays the current one
    words_truth = spans_of(opened, whole_word)
    assert count_text(opened) == f"2 of {len(words_truth)}" == "2 of 4"
    assert selection(opened) == words_truth[1] == case_truth[0]
    assert QApplication.focusWidget() is bar.field  # clicking an option leaves the caret where it was

    bar.field.selectAll()
    type_query(qtbot, opened, "zzz")
    assert count_text(opened) == "No matches"
    assert find_marks(opened) == []
    assert not bar.next_button.isEnabled()


def test_a_persian_or_arabic_spelling_finds_both(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press_find(qtbot, opened)
    text = opened.reader.toPlainText()
    type_query(qtbot, opened, "كتابي")  # Arabic kaf and yeh
    persian, arabic = text.index("کتابی"), text.index("كتابي")  # Persian kaf and yeh, then the Arabic spelling
    assert count_text(opened) == "1 of 2"
    assert marked(opened) == [(persian, persian + 5), (arabic, arabic + 5)]
    assert selection(opened) == (persian, persian + 5)


def test_escape_closes_the_bar_clears_the_marks_and_keeps_the_match_selected(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = opened.reader_pane.find_bar
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    current = selection(opened)
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert bar.isHidden()
    assert find_marks(opened) == []
    assert QApplication.focusWidget() is opened.reader
    assert selection(opened) == current == spans_of(opened, "radar")[1]

    press_find(qtbot, opened)  # open again: the last query, selected, and its matches back
    assert bar.field.text() == "radar" and bar.field.selectedText() == "radar"
    assert len(marked(opened)) == 5 and marked(opened, "current") == [current]
    opened.reader.setFocus()
    qtbot.keyClick(opened.reader, Qt.Key.Key_Escape)  # Escape in the text closes the bar too
    assert bar.isHidden()
    assert find_marks(opened) == []


def test_find_marks_sit_beside_the_highlights(qtbot, opened: MainWindow, settled) -> None:  # type: ignore[no-untyped-def]
    start = opened.reader.toPlainText().index("everywhere")
    opened.reader.select_range(start, start + len("everywhere"))
    qtbot.keyClick(opened.reader, Qt.Key.Key_1)  # a yellow highlight
    settled(opened)
    qtbot.waitUntil(lambda: len(opened.reader.annotations) == 1)

    def highlight_marks() -> list[tuple[int, int]]:
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in opened.reader.extraSelections()
                if s.format.property(ANNOTATION_ID_PROPERTY) is not None]  # fmt: skip

    assert highlight_marks() == [(start, start + 10)]
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    assert highlight_marks() == [(start, start + 10)] and len(marked(opened)) == 5
    assert len(opened.reader.extraSelections()) == 1 + 5 + 1  # the highlight, the matches, the current one

    qtbot.keyClick(opened.reader_pane.find_bar.field, Qt.Key.Key_Escape)
    assert highlight_marks() == [(start, start + 10)] and find_marks(opened) == []


def test_ctrl_f_with_words_selected_in_the_text_finds_them(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = opened.reader_pane.find_bar
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    start = opened.reader.toPlainText().index("everywhere")
    opened.reader.select_range(start, start + len("everywhere"))
    opened.reader.setFocus()
    press_find(qtbot, opened)  # again, from the text with a selection: the selection becomes the query
    assert bar.field.text() == "everywhere"
    assert count_text(opened) == "1 of 1"
    assert selection(opened) == (start, start + len("everywhere"))
    assert QApplication.focusWidget() is bar.field and bar.field.selectedText() == "everywhere"


def test_the_match_left_selected_is_not_taken_for_a_new_query(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    bar = opened.reader_pane.find_bar
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert opened.reader.textCursor().selectedText() == "RADAR"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    press_find(qtbot, opened)  # from the text, where "RADAR" is still selected
    assert bar.field.text() == "radar"
    assert count_text(opened) == "3 of 5"


def test_another_article_is_searched_again(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    other = next(s.id for s in gui_library.documents.summaries() if s.title == "Another article")
    opened.open_document(other)
    truth = spans_of(opened, "radar")
    assert len(truth) == 1
    assert count_text(opened) == "1 match"  # counted, none chosen yet: the reader stays where it opened
    assert marked(opened) == truth and marked(opened, "current") == []
    qtbot.keyClick(opened.reader_pane.find_bar.field, Qt.Key.Key_Return)
    assert selection(opened) == truth[0]
    assert count_text(opened) == "1 of 1"


def test_f3_steps_the_search_mentions_when_the_bar_is_closed_or_empty(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(opened.search_panel.search_finished, timeout=8000):
        opened.search_panel.set_query("everywhere")
    press_find(qtbot, opened)  # open but empty: F3 is still the search's
    qtbot.keyClick(opened.reader_pane.find_bar.field, Qt.Key.Key_F3)
    assert "Mention 1 of 1" in opened.statusBar().currentMessage()
    type_query(qtbot, opened, "radar")
    qtbot.keyClick(opened.reader_pane.find_bar.field, Qt.Key.Key_F3)
    assert opened.reader.textCursor().selectedText().lower() == "radar"
    qtbot.keyClick(opened.reader_pane.find_bar.field, Qt.Key.Key_Escape)
    qtbot.keyClick(opened.reader, Qt.Key.Key_F3)  # closed: the search's mentions again
    assert opened.reader.textCursor().selectedText() == "everywhere"


def test_ctrl_f_without_an_article_says_what_to_do(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.finder.find_action.trigger()
    assert window.reader_pane.find_bar.isHidden()
    assert "Open an article first" in window.statusBar().currentMessage()


def test_a_long_article_counts_every_match_and_marks_those_in_view(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through: Callable[..., None]
) -> None:  # type: ignore[no-untyped-def]
    paragraphs = [f"Paragraph {n} mentions the radar once and then says nothing more of interest here." for n in range(1500)]
    import_through(window, [write(tmp_path, "long.md", "Long", "\n\n".join(paragraphs))])
    window.open_document(next(s.id for s in gui_library.documents.summaries() if s.title == "Long"))
    assert len(window.reader.toPlainText()) > 100_000  # long enough to wait for a pause in the typing
    press_find(qtbot, window)
    type_query(qtbot, window, "radar")
    qtbot.waitUntil(lambda: count_text(window) == "1 of 1,500", timeout=2000)
    truth = spans_of(window, "radar")
    assert len(truth) == 1500 > MARK_LIMIT
    shown = marked(window)
    assert truth[0] in shown and truth[-1] not in shown and len(shown) < 1500

    field = window.reader_pane.find_bar.field
    qtbot.keyClick(field, Qt.Key.Key_Return, SHIFT)  # the last one: marks follow the view
    assert selection(window) == truth[-1]
    assert count_text(window) == "1,500 of 1,500"
    shown = marked(window)
    assert truth[-1] in shown and truth[0] not in shown
    window.reader.verticalScrollBar().setValue(0)  # scrolled back by hand: the first ones marked again
    assert truth[0] in marked(window)

    qtbot.keyClicks(field, "s")  # "radars": nothing; Enter right after typing finds at once
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert count_text(window) == "No matches"


def test_the_marks_stay_on_their_words_when_the_text_is_set_anew(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    press_find(qtbot, opened)
    type_query(qtbot, opened, "radar")
    truth = spans_of(opened, "radar")
    before = opened.reader.document().size().height()
    qtbot.keyClick(opened.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # zoom: laid out anew
    qtbot.waitUntil(lambda: opened.reader.document().size().height() > before)
    assert marked(opened) == truth
    assert marked(opened, "current") == [truth[0]]
