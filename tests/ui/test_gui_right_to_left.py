"""Right-to-left articles as a reader sees them: paragraph direction, highlights, every-mention lines, the
results list, and the article's language in Article Details."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTextCursor
from PySide6.QtWidgets import QStyleOptionViewItem

from annotations.paths import DATABASE_NAME
from app import Library
from ui.library.details_dialog import DocumentDetailsDialog
from ui.main_window import MainWindow
from ui.theme import SEARCH_MATCH_RGB

ARABIC = """<html><head><title>اعتراض صواريخ فوق المدينة</title></head><body><article>
<h1>اعتراض صواريخ فوق المدينة</h1>
<p>قالت وزارة الدفاع إن منظومة الدفاع الجوي اعترضت عدة صواريخ فوق المدينة الليلة الماضية، وأضافت أن الأضرار محدودة.</p>
<p>NATO قال مسؤولون في الحلف إن الدفاع الجوي في المنطقة يحتاج إلى رادارات جديدة خلال العام المقبل.</p>
<blockquote><p>نحن مستعدون للدفاع عن سمائنا، قال المتحدث باسم الوزارة في مؤتمر صحفي.</p></blockquote>
<p>The ministry's English summary says the network intercepted several missiles over the city.</p>
</article></body></html>
"""
ENGLISH = """---
title: Air defence in the region
date: 2024-09-22
---
Officials said the network intercepted missiles; the ministry called it الدفاع الجوي in its statement.
"""
STATEMENT = """---
title: Ministry statement
---
BBC: أعلنت الوزارة أن منظومة الرادار الجديدة دخلت الخدمة هذا الأسبوع بعد اختبارات طويلة.
"""
WORD = "منظومة"


def import_articles(qtbot, window: MainWindow, tmp_path: Path, import_through) -> dict[str, int]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    (folder / "arabic.html").write_text(ARABIC, encoding="utf-8")
    (folder / "english.md").write_text(ENGLISH, encoding="utf-8")
    (folder / "statement.md").write_text(STATEMENT, encoding="utf-8")
    import_through(window, [folder])
    return {summary.title: summary.id for summary in window.library.documents.summaries()}


def blocks(window: MainWindow) -> list[tuple[str, Qt.LayoutDirection, int]]:
    """Each block of the reader: its text, direction, and the x where its first character sits on screen."""
    found = []
    block = window.reader.document().begin()
    while block.isValid():
        caret = window.reader.cursorRect(QTextCursor(block))
        found.append((block.text(), block.textDirection(), caret.x()))
        block = block.next()
    return found


def test_an_arabic_article_reads_right_to_left_and_its_english_paragraph_left_to_right(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    ids = import_articles(qtbot, window, tmp_path, import_through)
    window.open_document(ids["اعتراض صواريخ فوق المدينة"])
    qtbot.waitUntil(lambda: window.reader.document_id == ids["اعتراض صواريخ فوق المدينة"], timeout=5000)
    assert window.reader.toPlainText() == gui_library.documents.get(window.reader.document_id).text
    shown = blocks(window)
    assert [text[:4] for text, _direction, _x in shown] == ["اعتر", "قالت", "NATO", "نحن ", "The "]
    middle = window.reader.viewport().width() // 2
    right_to_left = Qt.LayoutDirection.RightToLeft
    for text, direction, x in shown[:4]:  # the heading, paragraphs (one opening on "NATO") and the quote
        assert direction == right_to_left, text
        assert x > middle, text  # the first character sits at the right edge of the text column
    heading_x, paragraph_x, quote_x = shown[0][2], shown[1][2], shown[3][2]
    assert abs(heading_x - paragraph_x) <= 2  # right-aligned to one edge
    assert paragraph_x - quote_x >= 20  # a quote is indented from the right, where its lines start
    text, direction, x = shown[4]
    assert direction == Qt.LayoutDirection.LeftToRight and x < middle

    window.open_document(ids["Air defence in the region"])  # mostly English, with an Arabic phrase: left to right
    qtbot.waitUntil(lambda: window.reader.document_id == ids["Air defence in the region"], timeout=5000)
    [(_text, direction, x)] = blocks(window)
    assert direction == Qt.LayoutDirection.LeftToRight and x < middle


def test_selecting_an_arabic_word_with_the_mouse_highlights_exactly_that_word(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through, settled
) -> None:  # type: ignore[no-untyped-def]
    ids = import_articles(qtbot, window, tmp_path, import_through)
    document = gui_library.documents.get(ids["اعتراض صواريخ فوق المدينة"])
    window.open_document(document.id)
    qtbot.waitUntil(lambda: window.reader.document_id == document.id, timeout=5000)
    reader = window.reader
    start = document.text.index(WORD)
    end = start + len(WORD)
    at_start, at_end = QTextCursor(reader.document()), QTextCursor(reader.document())
    at_start.setPosition(start)
    at_end.setPosition(end)
    begin_point, end_point = reader.cursorRect(at_start).center(), reader.cursorRect(at_end).center()
    assert begin_point.x() > end_point.x()  # right to left: the word starts on its right
    begin_point, end_point = point_of(reader, start, begin_point), point_of(reader, end, end_point)
    qtbot.mousePress(reader.viewport(), Qt.MouseButton.LeftButton, pos=begin_point)
    qtbot.mouseMove(reader.viewport(), pos=QPoint((begin_point.x() + end_point.x()) // 2, begin_point.y()))
    qtbot.mouseMove(reader.viewport(), pos=end_point)
    qtbot.mouseRelease(reader.viewport(), Qt.MouseButton.LeftButton, pos=end_point)
    assert reader.textCursor().selectedText() == WORD
    qtbot.keyClick(reader, Qt.Key.Key_1)
    settled(window)

    [annotation] = gui_library.annotations.for_document(document.id)
    assert (annotation.start, annotation.end, annotation.exact) == (start, end, WORD)
    [drawn] = reader.extraSelections()
    assert (drawn.cursor.selectionStart(), drawn.cursor.selectionEnd()) == (start, end)

    # Each letter under the mouse is found (a right-to-left letter lies right of the gap before it): a click
    # on the word's first letter, on its right, opens the highlight; one on the space before it does not.
    middles = {}
    for position in range(start - 1, end + 1):
        at_start.setPosition(position)
        at_end.setPosition(position + 1)
        left, right = reader.cursorRect(at_end).x(), reader.cursorRect(at_start).x()
        middles[position] = QPoint((left + right) // 2, reader.cursorRect(at_start).center().y())
        assert reader.char_position_at(middles[position]) == position
    reader.setTextCursor(QTextCursor(reader.document()))  # no selection: a click is a click
    with qtbot.waitSignal(reader.annotation_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=middles[start])
    assert clicked.args == [annotation.id]
    with qtbot.assertNotEmitted(reader.annotation_clicked):
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=middles[start - 1])


def point_of(reader, position: int, near: QPoint) -> QPoint:  # type: ignore[no-untyped-def]
    """The point nearest ``near`` on its line that a click resolves to ``position``: where a user aims."""
    for distance in range(0, 12):
        for x in (near.x() - distance, near.x() + distance):
            if reader.cursorForPosition(QPoint(x, near.y())).position() == position:
                return QPoint(x, near.y())
    raise AssertionError(f"no point on the line resolves to {position}")


def ink_columns(image: QImage, rect: QRect, match: QColor) -> tuple[list[int], list[int]]:
    """The x positions in ``rect`` with the match's mark, and those with dark (text) ink."""
    marked, inked = [], []
    for x in range(rect.left(), rect.right() + 1):
        column = [image.pixelColor(x, y) for y in range(rect.top() + 1, rect.bottom())]
        if any(abs(pixel.red() - match.red()) + abs(pixel.green() - match.green()) + abs(pixel.blue() - match.blue()) < 12
               for pixel in column):  # fmt: skip
            marked.append(x)
        if any(pixel.lightness() < 110 for pixel in column):
            inked.append(x)
    return marked, inked


def paint_row(window: MainWindow, row: int, width: int = 700) -> tuple[QImage, QRect]:
    panel = window.search_panel
    view = panel.concordance_view
    rect = QRect(0, 0, width, view.sizeHintForRow(row) or 24)
    image = QImage(rect.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = rect
    option.font = view.font()
    painter = QPainter(image)
    panel.concordance_delegate.paint(painter, option, panel.concordance_model.index(row))
    painter.end()
    return image, rect


def test_every_mention_lines_of_arabic_text_are_laid_out_right_to_left(
    qtbot, window: MainWindow, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_articles(qtbot, window, tmp_path, import_through)
    panel = window.search_panel
    window.side_tabs.setCurrentWidget(panel)
    panel.set_concordance_mode(True)
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        panel.set_query("الجوي")
    rows = panel.concordance_model.rows
    lines = [number for number, row in enumerate(rows) if not row.is_header]
    arabic = next(number for number in lines if "NATO" in rows[number].left)
    english = next(number for number in lines if "ministry called it" in rows[number].left)
    match_color = QColor(SEARCH_MATCH_RGB)
    delegate = panel.concordance_delegate

    image, rect = paint_row(window, arabic)
    marked, inked = ink_columns(image, rect, match_color)
    column = delegate.match_x(rect, right_to_left=True)
    assert abs(max(marked) - (column + 2)) <= 1  # the match ends at the column, measured from the right
    before = [x for x in inked if x > max(marked)]  # "NATO قال … إن" precedes the match: on its right
    after = [x for x in inked if x < min(marked)]  # "في المنطقة …" follows it: on its left
    assert before and after
    assert max(before) <= rect.right() - 9 and min(after) >= rect.left() + 9  # nothing painted past the padding
    assert any(min(marked) < x < max(marked) for x in inked)  # the match itself is drawn inside its mark

    image, rect = paint_row(window, english)  # the English article's line keeps the left-to-right column
    marked, inked = ink_columns(image, rect, match_color)
    assert abs(min(marked) - (delegate.match_x(rect) - 2)) <= 1
    assert [x for x in inked if x < min(marked)] and [x for x in inked if x > max(marked)]
    image.save(str(tmp_path / "kwic.png"))


def test_a_result_item_lays_out_each_line_by_its_own_script(
    qtbot, window: MainWindow, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_articles(qtbot, window, tmp_path, import_through)
    panel = window.search_panel
    window.side_tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        panel.set_query("منظومة")
    view = panel.results_view
    [row] = [number for number, hit in enumerate(panel.model.hits) if hit.title == "Ministry statement"]
    index: QModelIndex = panel.model.index(row)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    document = view.itemDelegate()._document(option, index)
    lines = []
    block = document.begin()
    while block.isValid():
        lines.append((block.text()[:4], block.textDirection()))
        block = block.next()
    # The English title stays left to right; the snippet (opening on "BBC") reads right to left.
    assert lines[0] == ("Mini", Qt.LayoutDirection.LeftToRight)
    assert [direction for _text, direction in lines[1:]] == [Qt.LayoutDirection.RightToLeft]
    assert "".join(text for text, _direction in lines[1:]).startswith("BBC")
    view.grab().save(str(tmp_path / "results.png"))


def test_article_details_changes_the_language_and_shows_the_syndicated_original(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    ids = import_articles(qtbot, window, tmp_path, import_through)
    arabic, english = ids["اعتراض صواريخ فوق المدينة"], ids["Air defence in the region"]
    assert gui_library.documents.get(arabic).language == "ar"
    with sqlite3.connect(gui_library.data_dir / DATABASE_NAME) as connection:  # a copy, as import marks one
        connection.execute("UPDATE documents SET site = 'Reuters', published = '2024-09-20' WHERE id = ?", (arabic,))
        connection.execute("UPDATE documents SET copy_of = ?, copy_similarity = 0.962 WHERE id = ?", (arabic, english))

    window.open_document(english)
    qtbot.waitUntil(lambda: window.reader.document_id == english, timeout=5000)
    window.details_action.trigger()
    dialog = window.findChild(DocumentDetailsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.language_edit.currentText() == "English (en)"
    assert dialog.copy_label.text() == f"96 % the same as #{arabic} (Reuters, 2024-09-20)"
    assert dialog.copy_label.toolTip() == "اعتراض صواريخ فوق المدينة"

    dialog.language_edit.setCurrentText("Klingon language")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "ISO code" in dialog.error_label.text()

    dialog.language_edit.lineEdit().selectAll()
    qtbot.keyClicks(dialog.language_edit.lineEdit(), "Persian")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert gui_library.documents.get(english).language == "fa"
    assert next(s for s in gui_library.documents.summaries() if s.id == english).language == "fa"
    assert gui_library.documents.get(english).title == "Air defence in the region"  # nothing else changed
