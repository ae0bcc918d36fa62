"""Overlapping, nested and underlined highlights in the reader: both colours show, clicks offer each one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QImage
from PySide6.QtWidgets import QApplication

from annotations.models import Annotation
from app import Library
from ui.main_window import MainWindow
from ui.reader.marks import ANNOTATION_ID_PROPERTY, BACKGROUND_ALPHA, STYLE_PROPERTY, underline_color, underline_rects
from ui.reader.view import ReaderView
from ui.theme import highlight_color

# In the conftest article: "Radars are visible. Training is not. In practice, air defense support is ..."
FIRST = "Radars are visible. Training"  # yellow
SECOND = "Training is not."  # blue; overlaps FIRST on "Training"
UNDER = "visible. Training is"  # green underline across both


def open_article(qtbot, window: MainWindow, import_through, article_file: Path) -> str:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    return window.reader.toPlainText()


def annotate(library: Library, window: MainWindow, quote: str, **options: object) -> Annotation:
    added = library.annotations.add_quote(window.reader.document_id, quote, **options)  # type: ignore[arg-type]
    window.events.changed.emit(added.changes)  # as the operation helper announces a write
    return added.value[0]


def selections_at(reader: ReaderView, position: int) -> list[tuple[int, str, QBrush, QColor]]:
    """(annotation id, style, background brush, underline colour) of each extra selection covering ``position``."""
    return [
        (
            selection.format.property(ANNOTATION_ID_PROPERTY),
            selection.format.property(STYLE_PROPERTY),
            selection.format.background(),
            selection.format.underlineColor(),
        )
        for selection in reader.extraSelections()
        if selection.cursor.selectionStart() <= position < selection.cursor.selectionEnd()
    ]


def backgrounds_at(reader: ReaderView, position: int) -> list[tuple[int, int]]:
    """(annotation id, RGBA) of each background drawn at ``position``, bottom to top."""
    return [(s[0], s[2].color().rgba()) for s in selections_at(reader, position) if s[1] == "highlight"]


def char_point(reader: ReaderView, position: int) -> QPoint:
    """The viewport point in the middle of the character at ``position``."""
    cursor = reader.textCursor()
    cursor.setPosition(position)
    left = reader.cursorRect(cursor)
    cursor.setPosition(position + 1)
    right = reader.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2, left.center().y())


def viewport_image(reader: ReaderView) -> QImage:
    QApplication.processEvents()
    return reader.viewport().grab().toImage()


def test_overlapping_highlights_carry_both_colours_and_blend(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    yellow = annotate(gui_library, window, FIRST)
    blue = annotate(gui_library, window, SECOND, color="blue")
    reader = window.reader
    only_yellow = text.index("are")
    both = text.index("Training") + 2
    only_blue = text.index("is not")
    yellow_rgba, blue_rgba = highlight_color("yellow", BACKGROUND_ALPHA), highlight_color("blue", BACKGROUND_ALPHA)

    assert backgrounds_at(reader, only_yellow) == [(yellow.id, yellow_rgba.rgba())]
    assert backgrounds_at(reader, only_blue) == [(blue.id, blue_rgba.rgba())]
    assert sorted(backgrounds_at(reader, both)) == sorted(
        [(yellow.id, yellow_rgba.rgba()), (blue.id, blue_rgba.rgba())]
    )
    assert max(yellow_rgba.alpha(), blue_rgba.alpha()) < 255  # translucent: the lower one shows through the upper

    # On screen, the overlap is a third colour: neither highlight alone, nor the page.
    reader.select_range(0, 0)
    image = viewport_image(reader)
    space_yellow = text.index(" ", text.index("Radars"))  # a space: no glyph, only background
    space_both = text.index("Training") + len("Training") - 1  # last letter of the overlap; sample above the glyph
    space_blue = text.index(" ", text.index("is not"))

    def background(position: int) -> int:
        point = char_point(reader, position)
        cursor = reader.textCursor()
        cursor.setPosition(position)
        top = reader.cursorRect(cursor).top() + 1
        return image.pixel(point.x(), top)

    assert len({background(space_yellow), background(space_both), background(space_blue)}) == 3
    page = reader.viewport().palette().base().color().rgb()
    assert page not in {background(space_yellow), background(space_both), background(space_blue)}


def test_nested_highlight_is_drawn_on_top_of_the_outer_one(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    outer = annotate(gui_library, window, "Radars are visible. Training is not.", color="orange")
    inner = annotate(gui_library, window, "visible", color="pink")
    order = [selection.format.property(ANNOTATION_ID_PROPERTY) for selection in window.reader.extraSelections()]
    assert order == [outer.id, inner.id]  # the shorter one last, so it is not buried
    assert [s[0] for s in selections_at(window.reader, text.index("visible"))] == [outer.id, inner.id]


def test_underline_over_a_highlight_shows_both(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    yellow = annotate(gui_library, window, FIRST)
    green = annotate(gui_library, window, UNDER, color="green", style="underline")
    reader = window.reader
    inside = text.index("visible")
    found = {s[0]: s for s in selections_at(reader, inside)}
    assert set(found) == {yellow.id, green.id}
    assert found[green.id][1] == "underline" and found[green.id][3] == underline_color("green")
    assert found[green.id][2].style() == Qt.BrushStyle.NoBrush  # an underline has no background ...
    assert backgrounds_at(reader, inside) == [(yellow.id, highlight_color("yellow", BACKGROUND_ALPHA).rgba())]

    # The underline is painted as a bar in its ink under each line it spans, over the highlight's background.
    reader.select_range(0, 0)
    image = viewport_image(reader)
    bars = underline_rects(reader.document(), green.start, green.end)
    assert bars
    offset = QPoint(-reader.horizontalScrollBar().value(), -reader.verticalScrollBar().value())
    for bar in bars:
        centre = bar.center().toPoint() + offset
        assert QColor(image.pixel(centre)) == underline_color("green")
    assert QColor(image.pixel(char_point(reader, text.index("Radars")))).rgb() != underline_color("green").rgb()


def test_shift_number_underlines_the_selection_in_that_colour(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    reader = window.reader
    document_id = reader.document_id
    start = text.index("Training is not")
    reader.select_range(start, start + len("Training is not"))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_2, Qt.KeyboardModifier.ShiftModifier)  # Shift+2 = green underline
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    window.editor.reject()
    [made] = gui_library.annotations.for_document(document_id)
    assert (made.exact, made.color, made.style) == ("Training is not", "green", "underline")
    assert [s[1] for s in selections_at(reader, start)] == ["underline"]

    # Shift+digit arrives as the shifted symbol on a US layout: Shift+1 ("!") is a yellow underline.
    second = text.index("Radars are visible")
    reader.select_range(second, second + len("Radars"))
    qtbot.keyClick(reader, Qt.Key.Key_Exclam, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(gui_library.annotations.for_document(document_id)) == 2, timeout=3000)
    window.editor.reject()
    assert {(a.exact, a.color, a.style) for a in gui_library.annotations.for_document(document_id)} == {
        ("Training is not", "green", "underline"),
        ("Radars", "yellow", "underline"),
    }


def test_underline_toggle_makes_the_colour_buttons_and_keys_underline(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    pane, reader = window.reader_pane, window.reader
    document_id = reader.document_id
    qtbot.mouseClick(pane.underline_button, Qt.MouseButton.LeftButton)
    assert pane.underline_button.isChecked() and reader.underline_mode
    assert pane.mode_label.text() == "Underline:"
    start = text.index("spare parts")
    reader.select_range(start, start + len("spare parts"))
    qtbot.mouseClick(pane.color_buttons["blue"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    window.editor.reject()
    start = text.index("software updates")
    reader.select_range(start, start + len("software updates"))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_4)  # pink, as an underline while the toggle is on
    qtbot.waitUntil(lambda: len(gui_library.annotations.for_document(document_id)) == 2, timeout=3000)
    window.editor.reject()

    qtbot.mouseClick(pane.underline_button, Qt.MouseButton.LeftButton)  # off again: keys highlight
    assert not reader.underline_mode and pane.mode_label.text() == "Highlight:"
    start = text.index("Radars")
    reader.select_range(start, start + len("Radars"))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: len(gui_library.annotations.for_document(document_id)) == 3, timeout=3000)
    window.editor.reject()
    assert {(a.exact, a.color, a.style) for a in gui_library.annotations.for_document(document_id)} == {
        ("spare parts", "blue", "underline"),
        ("software updates", "pink", "underline"),
        ("Radars", "orange", "highlight"),
    }


def test_click_inside_overlapping_highlights_offers_each(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    yellow = annotate(gui_library, window, FIRST, tags=["sensors"])
    blue = annotate(gui_library, window, SECOND, color="blue", tags=["training", "doctrine"], note="Key claim")
    reader = window.reader
    window.side_tabs.setCurrentWidget(window.search_panel)

    # One highlight under the click: it is selected in the panel straight away.
    with qtbot.waitSignal(reader.annotation_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=char_point(reader, text.index("Radars")))
    assert clicked.args == [yellow.id]
    assert reader.overlap_menu is None
    assert window.side_tabs.currentWidget() is window.highlight_panel
    assert window.highlight_panel.selected_annotation_id() == yellow.id

    # Both under the click: a menu lists each (swatch, quote start, tags); choosing the second selects it.
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=char_point(reader, text.index("Training") + 3))
    menu = reader.overlap_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    entries = [action for action in menu.actions() if action.data() is not None]
    assert [action.data() for action in entries] == [yellow.id, blue.id]
    assert entries[0].text().startswith("“Radars are visible. Training”") and "#sensors" in entries[0].text()
    assert "#doctrine #training" in entries[1].text() and not entries[1].icon().isNull()
    with qtbot.waitSignal(reader.annotation_clicked, timeout=2000) as clicked:
        entries[1].trigger()
    assert clicked.args == [blue.id]
    assert window.highlight_panel.selected_annotation_id() == blue.id
    menu.close()


def test_a_click_on_the_last_letter_counts_as_inside(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    annotation = annotate(gui_library, window, "Radars")
    reader = window.reader
    last = text.index("Radars") + len("Radars") - 1
    point = char_point(reader, last) + QPoint(2, 0)  # right half of the "s": the nearest gap is after it
    assert reader.char_position_at(point) == last
    with qtbot.waitSignal(reader.annotation_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [annotation.id]


def test_orphans_are_never_drawn(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    kept = gui_library.annotations.add_quote(window.reader.document_id, "Radars").value[0]
    lost = dataclasses.replace(gui_library.annotations.add_quote(window.reader.document_id, "Training").value[0], orphaned=True)
    window.reader.set_annotations([kept, lost])
    assert [s.format.property(ANNOTATION_ID_PROPERTY) for s in window.reader.extraSelections()] == [kept.id]
    assert window.reader.highlight_at(text.index("Training")) == []
    assert window.reader.annotations == [kept]


def test_a_narrow_window_keeps_the_highlight_buttons_as_icons_and_they_still_work(
    qtbot, window: MainWindow, gui_library: Library, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_article(qtbot, window, import_through, article_file)
    pane = window.reader_pane
    assert window.minimumSizeHint().width() <= 960  # fits half of a 1920-pixel screen
    window.resize(1440, 850)
    qtbot.waitUntil(lambda: not pane.toolbar.compact, timeout=3000)
    assert [button.text() for button in pane.color_buttons.values()] == ["Yellow", "Green", "Blue", "Pink", "Orange"]
    assert all(button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
               for button in pane.color_buttons.values())  # fmt: skip

    window.resize(960, 800)
    qtbot.waitUntil(lambda: pane.toolbar.compact, timeout=3000)
    assert all(button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
               for button in (*pane.color_buttons.values(), pane.underline_button))  # fmt: skip
    assert pane.color_buttons["green"].toolTip().startswith("Highlight the selection in green")
    assert pane.toolbar.geometry().right() <= pane.width()  # nothing cut off at the right edge
    start = text.index("spare parts")
    window.reader.select_range(start, start + len("spare parts"))
    qtbot.mouseClick(pane.color_buttons["green"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    window.editor.accept()
    qtbot.waitUntil(lambda: any(a.color == "green" for a in gui_library.annotations.for_document(window.reader.document_id)))

    window.resize(1440, 850)
    qtbot.waitUntil(lambda: not pane.toolbar.compact, timeout=3000)
    assert pane.color_buttons["green"].text() == "Green"
    assert pane.color_buttons["green"].toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
