"""Zoom and measure in the reader: Ctrl++ / Ctrl+= / Ctrl+- / Ctrl+0 and Ctrl+wheel change the reading text's
size (not the window's), line width and spacing change the column and the lines, and the place is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication

from app import Library
from ui.main_window import MainWindow
from ui.reading_settings import DEFAULT_POINT_SIZE

PARAGRAPH = (
    "Analysts keep returning to one question: how much air defense support can one partner give another "
    "without weakening its own defences? Radars are visible, training is not, and in practice support is a "
    "portfolio of small steps taken over many months by many different people in many places."
)
CTRL = Qt.KeyboardModifier.ControlModifier


def long_article(tmp_path: Path) -> Path:
    sections = [f"## Part {number}\n\nParagraph {number}. {PARAGRAPH}\n\n{PARAGRAPH}\n" for number in range(1, 31)]
    path = tmp_path / "incoming" / "long.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: A Long Read\n---\n" + "\n".join(sections), encoding="utf-8")
    return path


def open_long(qtbot, window: MainWindow, library: Library, tmp_path: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [long_article(tmp_path)])
    document_id = library.documents.summaries()[0].id
    window.open_document(document_id)
    qtbot.waitUntil(lambda: window.reader.document_id == document_id, timeout=5000)


def body_size(window: MainWindow) -> float:
    return window.reader.document().defaultFont().pointSizeF()


def page_height(window: MainWindow) -> float:
    return window.reader.document().documentLayout().documentSize().height()


def test_zoom_keys_change_the_reading_text_and_the_page(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    open_long(qtbot, window, gui_library, tmp_path, import_through)
    reader = window.reader
    reader.setFocus()
    ui_font = QApplication.font().pointSizeF()
    default_size, default_height = body_size(window), page_height(window)
    assert default_size == DEFAULT_POINT_SIZE

    qtbot.keyClick(reader, Qt.Key.Key_Plus, CTRL)
    bigger, bigger_height = body_size(window), page_height(window)
    assert bigger > default_size and bigger_height > default_height
    assert window.statusBar().currentMessage() == f"Text size {bigger:g} pt"

    qtbot.keyClick(reader, Qt.Key.Key_Equal, CTRL)  # Ctrl+= without Shift zooms in too
    assert body_size(window) > bigger and page_height(window) > bigger_height
    assert window.reading_settings.prefs.point_size == body_size(window)  # kept, so it persists
    first = reader.document().begin()
    heading = first.begin().fragment().charFormat().fontPointSize()
    assert first.text() == "Part 1"
    assert heading > body_size(window)  # headings grow with the text

    qtbot.keyClick(reader, Qt.Key.Key_0, CTRL)
    assert body_size(window) == default_size and page_height(window) == default_height

    qtbot.keyClick(reader, Qt.Key.Key_Minus, CTRL)
    assert body_size(window) < default_size and page_height(window) < default_height
    assert QApplication.font().pointSizeF() == ui_font  # the window's own text stays as it was


def test_zoom_shortcuts_are_in_the_view_menu(window: MainWindow) -> None:
    view_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&View")
    texts = [action.text() for action in view_menu.actions()]
    assert {"Zoom &In", "Zoom &Out", "&Actual Size"} <= set(texts)
    shortcuts = {sequence.toString() for sequence in window.zoom.zoom_in_action.shortcuts()}
    assert {"Ctrl++", "Ctrl+="} <= shortcuts


def wheel(widget, delta: int, modifiers=CTRL) -> None:  # type: ignore[no-untyped-def]
    point = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(point, QPointF(widget.mapToGlobal(point.toPoint())), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_ctrl_wheel_over_the_reader_zooms_through_the_settings(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    open_long(qtbot, window, gui_library, tmp_path, import_through)
    viewport = window.reader.viewport()
    wheel(viewport, 120)
    assert body_size(window) > DEFAULT_POINT_SIZE
    assert window.reading_settings.prefs.point_size == body_size(window)
    wheel(viewport, -120)
    wheel(viewport, -120)
    assert body_size(window) < DEFAULT_POINT_SIZE
    scroll = window.reader.verticalScrollBar()
    before = body_size(window)
    wheel(viewport, -120, Qt.KeyboardModifier.NoModifier)  # a plain wheel still scrolls, no zoom
    assert body_size(window) == before and scroll.value() > 0


def test_zoom_keeps_the_reading_place_the_highlights_and_the_selection(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through, settled
) -> None:  # type: ignore[no-untyped-def]
    open_long(qtbot, window, gui_library, tmp_path, import_through)
    reader = window.reader
    text = reader.toPlainText()
    place = text.index("Paragraph 17.")
    reader.scroll_to_position(place)
    top = reader.top_position()
    assert top == place
    start = text.index("Paragraph 18.")
    cursor = reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + 9, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_3)  # a highlight, then the editor; close it and keep the highlight
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    window.editor.close()
    settled(window)
    qtbot.waitUntil(lambda: len(reader.annotations) == 1, timeout=3000)
    reader.setTextCursor(cursor)
    reader.scroll_to_position(place)
    reader.setFocus()

    qtbot.keyClick(reader, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(reader, Qt.Key.Key_Plus, CTRL)
    assert reader.top_position() == place
    assert reader.selected_range() == (start, start + 9)
    assert [(selection.cursor.selectionStart(), selection.cursor.selectionEnd())
            for selection in reader.extraSelections()] == [(start, start + 9)]  # fmt: skip
    window.reading_settings.update(line_width=50)
    assert reader.top_position() == place


def line_lengths(window: MainWindow) -> list[int]:
    """Characters on each full line (all but the last) of the article's paragraphs."""
    reader = window.reader
    reader.document().documentLayout().documentSize()  # lays the whole text out
    lengths = []
    block = reader.document().begin()
    while block.isValid():
        layout = block.layout()
        if block.text().startswith("Paragraph"):
            lengths += [layout.lineAt(number).textLength() for number in range(layout.lineCount() - 1)]
        block = block.next()
    return lengths


def test_line_width_sets_the_characters_per_line_and_follows_the_window(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    open_long(qtbot, window, gui_library, tmp_path, import_through)
    reader = window.reader
    window.resize(2000, 850)
    window.splitter.setSizes([300, 1400, 300])  # room for 90 characters
    for characters in (50, 70, 90):
        window.reading_settings.update(line_width=characters)
        longest = max(line_lengths(window))
        assert abs(longest - characters) <= characters * 0.1, (characters, longest)
        margins = reader.document().rootFrame().frameFormat()
        column = reader.viewport().width() - margins.leftMargin() - margins.rightMargin()
        assert abs(column - reader.reading_width) <= 2  # a centred column of that width
        assert abs(margins.leftMargin() - margins.rightMargin()) < 1
    window.resize(window.width() - 300, window.height())  # a narrower window: the column stays, the margins shrink
    qtbot.waitUntil(lambda: reader.document().rootFrame().frameFormat().leftMargin()
                    != margins.leftMargin(), timeout=2000)  # fmt: skip
    assert abs(max(line_lengths(window)) - 90) <= 9


def line_height(window: MainWindow) -> float:
    block = next(block for block in iterate(window) if block.text().startswith("Paragraph"))
    return block.layout().lineAt(1).y() - block.layout().lineAt(0).y()


def iterate(window: MainWindow):  # type: ignore[no-untyped-def]
    block = window.reader.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def test_line_spacing_and_the_reading_font_change_the_text(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    open_long(qtbot, window, gui_library, tmp_path, import_through)
    window.reading_settings.update(line_spacing=100)
    tight = line_height(window)
    window.reading_settings.update(line_spacing=200)
    loose = line_height(window)
    assert loose > tight * 1.8

    assert window.reader.document().defaultFont().families()[0] == "Literata"  # serif first by default
    window.reading_settings.update(font="sans")
    assert window.reader.document().defaultFont().families()[0] == "Source Sans 3"
    window.reading_settings.update(font="DejaVu Sans Mono")
    families = window.reader.document().defaultFont().families()
    assert families[0] == "DejaVu Sans Mono" and "Literata" in families  # the serif stack behind a chosen one
    assert window.reader.document().defaultFont().exactMatch() or window.reader.fontInfo().family()
