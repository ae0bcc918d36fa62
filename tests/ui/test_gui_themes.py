"""Themes: View → Theme switches the whole window; text over every highlight stays readable in each theme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from own_settings import own_settings
from pristine_look import pristine_look  # noqa: F401 - autouse
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from annotations.models import HIGHLIGHT_COLORS
from app import Library
from ui.main_window import MainWindow
from ui.reader.marks import STYLE_PROPERTY
from ui.reader.view import ReaderView
from ui.rich_delegate import item_css
from ui.theme import (
    DARK,
    LIGHT,
    SEPIA,
    THEMES_BY_NAME,
    Theme,
    composite,
    contrast_ratio,
    current_theme,
)
from ui.themes import apply_theme, resolve, system_theme

TEXT_CONTRAST = 4.5  # WCAG AA for body text
MARK_CONTRAST = 3.0  # WCAG for graphics: an underline bar against the page

# Plain text, a link and a quote: every kind of text the reader colours, each to be highlighted.
ARTICLE = """---
title: Reading in Every Light
author: Test Author
---
Plain words come first in this paragraph, then more plain words follow them here.

A [linked phrase sits here](https://example.org/linked) in the middle of a sentence.

> A quoted remark stands apart from the rest of the text.

The last paragraph carries underlines in every colour across these words now.
"""
SPANS = ("Plain words come first", "linked phrase sits", "quoted remark stands", "then more plain words")




@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "every-light.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def open_with_highlights(qtbot, window: MainWindow, library: Library, article: Path, import_through) -> str:  # type: ignore[no-untyped-def]
    """Import the article and highlight each kind of text in every colour, overlapping, plus underlines."""
    import_through(window, [article])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    document_id = window.reader.document_id
    text = window.reader.toPlainText()
    quotes = [(span, color) for span in SPANS[:3] for color in HIGHLIGHT_COLORS]  # every colour over every kind
    quotes += [(SPANS[3], "yellow")]
    for quote, color in quotes:
        start = text.index(quote)
        # each colour over a slightly different stretch, so every pair overlaps on some characters
        shift = HIGHLIGHT_COLORS.index(color)
        library.annotations.add(document_id, start + shift, start + len(quote) - 4 + shift, color=color)
    last = text.index("underlines in every colour")
    for number, color in enumerate(HIGHLIGHT_COLORS):
        library.annotations.add(document_id, last + number * 3, last + number * 3 + 12, color=color, style="underline")
    window.reader_controller.redraw()
    return text


def view_menu_action(window: MainWindow, text: str) -> None:
    """Choose View → Theme → ``text`` from the menu bar, as a user does."""
    view_menu = next(
        action.menu() for action in window.menuBar().actions() if action.text().replace("&", "") == "View"
    )
    theme_menu = next(
        action.menu() for action in view_menu.actions() if action.menu() and action.text().replace("&", "") == "Theme"
    )
    assert isinstance(theme_menu, QMenu)
    chosen = next(action for action in theme_menu.actions() if action.text().replace("&", "") == text)
    chosen.trigger()


def page_pixel(reader: ReaderView) -> QColor:
    """The reader's page as painted: a pixel in the margin beside the text column."""
    QApplication.processEvents()
    image = reader.viewport().grab().toImage()
    return QColor(image.pixel(QPoint(4, reader.viewport().height() - 4)))


def char_point(reader: ReaderView, position: int) -> QPoint:
    cursor = reader.textCursor()
    cursor.setPosition(position)
    left = reader.cursorRect(cursor)
    cursor.setPosition(position + 1)
    right = reader.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2, left.center().y())


def painted_under(reader: ReaderView, position: int, base: QColor) -> QColor:
    """The background at ``position``: each highlight's translucent brush, bottom to top, over the page."""
    color = base
    for selection in reader.extraSelections():
        if selection.cursor.selectionStart() <= position < selection.cursor.selectionEnd():
            if selection.format.property(STYLE_PROPERTY) == "highlight":
                color = composite(selection.format.background().color(), color)
    return color


def ink_at(reader: ReaderView, position: int) -> QColor:
    """The colour the character at ``position`` is drawn in: its own (link, quote) or the reader's text colour."""
    cursor = reader.textCursor()
    cursor.setPosition(position + 1)
    foreground = cursor.charFormat().foreground()
    if foreground.style() != Qt.BrushStyle.NoBrush:
        return foreground.color()
    return reader.palette().color(QPalette.ColorRole.Text)


def test_view_theme_switches_palette_page_and_highlights(
    qtbot, window: MainWindow, gui_library: Library, article: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    text = open_with_highlights(qtbot, window, gui_library, article, import_through)
    reader = window.reader
    assert window.themes.actions["system"].isChecked()  # Follow System is the default
    light_brushes = [s.format.background().color().rgba() for s in reader.extraSelections()]
    selected = text.index("linked phrase")
    cursor = reader.textCursor()
    cursor.setPosition(selected)
    cursor.setPosition(selected + 6, cursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)

    view_menu_action(window, "Dark")
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    assert window.reading_settings.prefs.theme == "dark"
    assert window.themes.actions["dark"].isChecked()
    assert application.palette().color(QPalette.ColorRole.Window) == QColor(DARK.paper)
    assert application.palette().color(QPalette.ColorRole.Text) == QColor(DARK.ink)
    assert page_pixel(reader) == QColor(DARK.page)
    assert reader.palette().color(QPalette.ColorRole.Text) == QColor(DARK.ink)
    dark_brushes = [s.format.background().color().rgba() for s in reader.extraSelections()]
    assert dark_brushes != light_brushes
    yellow = next(s for s in reader.extraSelections() if s.format.background().color().rgb() == QColor(DARK.highlights["yellow"]).rgb())
    assert yellow.format.background().color().alpha() == DARK.highlight_alpha
    assert reader.textCursor().selectedText() == "linked"  # the article was laid out again, the selection kept
    link = text.index("linked phrase") + 1
    assert ink_at(reader, link) == QColor(DARK.link)

    view_menu_action(window, "Sepia")
    assert window.themes.actions["sepia"].isChecked()
    assert application.palette().color(QPalette.ColorRole.Base) == QColor(SEPIA.page)
    assert page_pixel(reader) == QColor(SEPIA.page)
    assert ink_at(reader, link) == QColor(SEPIA.link)

    view_menu_action(window, "Light")
    assert page_pixel(reader) == QColor(LIGHT.page)
    assert [s.format.background().color().rgba() for s in reader.extraSelections()] == light_brushes


@pytest.mark.parametrize("name", ["light", "sepia", "dark"])
def test_text_over_every_highlight_keeps_its_contrast(
    qtbot, window: MainWindow, gui_library: Library, article: Path, import_through, name: str
) -> None:  # type: ignore[no-untyped-def]
    text = open_with_highlights(qtbot, window, gui_library, article, import_through)
    window.reading_settings.update(theme=name)  # as Preferences does
    reader = window.reader
    base = page_pixel(reader)
    assert base == QColor(THEMES_BY_NAME[name].page)
    checked, overlaps = 0, 0
    for position, character in enumerate(text):
        if character.isspace():
            continue
        under = [s for s in reader.extraSelections() if s.cursor.selectionStart() <= position < s.cursor.selectionEnd()]
        if not under:
            continue
        backgrounds = sum(1 for s in under if s.format.property(STYLE_PROPERTY) == "highlight")
        overlaps += backgrounds >= 2
        ratio = contrast_ratio(ink_at(reader, position), painted_under(reader, position, base))
        assert ratio >= TEXT_CONTRAST, f"{name}: {text[position]!r} at {position}: {ratio:.2f}"
        checked += 1
    assert checked > 60 and overlaps > 20  # every kind of text, under one highlight and under several

    # What the page really shows between two highlighted words is that composited colour.
    space = text.index("come first") - 1
    pixel = QColor(reader.viewport().grab().toImage().pixel(char_point(reader, space)))
    expected = painted_under(reader, space, base)
    assert max(abs(pixel.red() - expected.red()), abs(pixel.green() - expected.green()),
               abs(pixel.blue() - expected.blue())) <= 3  # fmt: skip

    underlines = [s.format.underlineColor() for s in reader.extraSelections() if s.format.property(STYLE_PROPERTY) == "underline"]
    assert len(underlines) == len(HIGHLIGHT_COLORS)
    for ink in underlines:
        assert contrast_ratio(ink, base) >= MARK_CONTRAST, (name, ink.name())


@pytest.mark.parametrize("name", ["light", "sepia", "dark"])
def test_selection_and_search_marks_keep_their_contrast(window: MainWindow, name: str) -> None:
    window.reading_settings.update(theme=name)
    theme: Theme = current_theme()
    assert theme.name == name
    palette = window.reader.palette()
    selected = contrast_ratio(palette.color(QPalette.ColorRole.HighlightedText), palette.color(QPalette.ColorRole.Highlight))
    assert selected >= TEXT_CONTRAST
    rows = window.library_panel.palette()
    assert contrast_ratio(rows.color(QPalette.ColorRole.HighlightedText), rows.color(QPalette.ColorRole.Highlight)) >= TEXT_CONTRAST
    mark = re.search(r"mark \{ background-color: (#\w+); color: (#\w+); \}", item_css())
    assert mark is not None
    assert contrast_ratio(QColor(mark.group(2)), QColor(mark.group(1))) >= TEXT_CONTRAST  # a result's marked words
    assert contrast_ratio(theme.color("search_match_ink"), theme.color("search_match")) >= TEXT_CONTRAST  # mentions
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        assert contrast_ratio(QApplication.palette().color(role), QApplication.palette().color(QPalette.ColorRole.Base)) >= 7


def test_follow_system_maps_the_platform_scheme() -> None:
    assert system_theme(Qt.ColorScheme.Dark) is DARK
    assert system_theme(Qt.ColorScheme.Light) is LIGHT
    assert system_theme(Qt.ColorScheme.Unknown) is LIGHT
    assert resolve("system", Qt.ColorScheme.Dark) is DARK
    assert resolve("sepia", Qt.ColorScheme.Dark) is SEPIA  # a chosen theme ignores the platform


def test_the_theme_survives_a_restart_of_the_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    library = Library(tmp_path / "data", background=True)
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    try:
        with own_settings(tmp_path / "settings"):
            first = MainWindow(library, remember_layout=True)
            qtbot.addWidget(first)
            assert first.reading_settings.prefs.theme == "system"
            view_menu_action(first, "Dark")
            first.close()
            apply_theme(application, LIGHT)  # what the next start would show without the setting

            second = MainWindow(library, remember_layout=True)
            qtbot.addWidget(second)
            assert second.themes.actions["dark"].isChecked()
            assert application.palette().color(QPalette.ColorRole.Window) == QColor(DARK.paper)
            assert current_theme() is DARK
            second.close()
    finally:
        library.close()
