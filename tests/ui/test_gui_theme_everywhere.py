"""The rest of the window in every theme: saved searches, facets, the tag tree and the report dialogs turn dark
with View → Theme → Dark, without a restart, and no ui/ module hard-codes a colour of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pristine_look import pristine_look  # noqa: F401 - autouse
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from app import Library
from app.annotation_import.incoming import ImportProblem
from app.annotation_import.placing import AnnotationImportReport
from ui.library.annotation_import import AnnotationImportSummaryDialog
from ui.main_window import MainWindow
from ui.reader.marks import painted_highlight
from ui.reimport.report import ArticleReport, HighlightFate
from ui.reimport.summary_dialog import ReanchorSummaryDialog
from ui.saved.model import COUNT_COLUMN, NAME_COLUMN, WATCH_COLUMN
from ui.search.facets import COUNT_COLUMN as FACET_COUNT
from ui.search.facets import LABEL_COLUMN
from ui.tags.model import NAME_COLUMN as TAG_NAME
from ui.theme import DARK, LIGHT, contrast_ratio, current_theme

UI = Path(__file__).resolve().parents[2] / "ui"
# The themes themselves: every colour lives there (the charts' Qt-free copy is held to ui/theme.py by
# tests/ui/test_chart_style.py).
THEME_MODULES = {"theme.py", "themes.py", "charts/style.py"}
COLOUR_LITERAL = re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
NAMED_COLOUR = re.compile(r"GlobalColor\.(?!transparent\b)\w+|QColor\(\s*\d|rgba?\(")
TEXT_CONTRAST = 4.5


@pytest.fixture
def filled(qtbot, window: MainWindow, gui_library: Library, article_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window in Light with a tagged, coloured highlight, a parent-only tag, a saved search and facets shown."""
    imported = gui_library.documents.import_file(article_file)
    document = imported.value.document
    assert document is not None
    changes = imported.changes
    changes |= gui_library.annotations.add_quote(document.id, "air defense support", color="green",
                                                 tags=["logistics", "region/iran"]).changes  # fmt: skip
    changes |= gui_library.tags.set_details("logistics", color="green").changes
    changes |= gui_library.searches.save("AD support", '"air defense support"').changes
    window.events.changed.emit(changes)  # as the operation helper announces a write
    panel = window.search_panel
    window.side_tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.search_finished, timeout=5000):
        panel.set_query("air defense")
    qtbot.waitUntil(lambda: panel.facets_view.section_count() > 0, timeout=5000)
    model = window.saved.panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.count_of(model.searches()[0].id) is not None, timeout=5000)
    window.tag_manager_action.trigger()
    qtbot.waitUntil(lambda: window.tag_manager.model.rowCount() > 0, timeout=3000)
    return window


def choose_dark(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """View → Theme → Dark, as a user picks it."""
    window.themes.actions["dark"].trigger()
    qtbot.waitUntil(lambda: current_theme() is DARK, timeout=3000)
    QApplication.processEvents()


def painted(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


def is_dark(color: QColor) -> bool:
    return color.lightnessF() < 0.25


def brightest(image: QImage, left: int, top: int, width: int, height: int) -> QColor:
    """The lightest pixel of a rectangle: in a dark theme, the text's ink."""
    pixels = (QColor(image.pixel(x, y)) for x in range(left, left + width) for y in range(top, top + height))
    return max(pixels, key=lambda color: color.lightnessF())


def text_on_background(view: QAbstractItemView, index: QModelIndex) -> tuple[QColor, QColor]:
    """The background at the left edge of a cell and the lightest pixel of its text, as painted."""
    rect = view.visualRect(index)
    image = painted(view.viewport())
    background = QColor(image.pixel(QPoint(rect.left() + 1, rect.top() + 1)))
    ink = brightest(image, rect.left(), rect.top(), min(rect.width(), 160), rect.height())
    return background, ink


def icon_centre(icon: object) -> QColor:
    assert isinstance(icon, QIcon)
    image = icon.pixmap(12, 12).toImage()
    return QColor(image.pixel(image.width() // 2, image.height() // 2))


def assert_dark_with_light_text(view: QAbstractItemView, index: QModelIndex) -> None:
    background, ink = text_on_background(view, index)
    assert is_dark(background), background.name()
    assert contrast_ratio(ink, background) >= TEXT_CONTRAST, (ink.name(), background.name())


def test_saved_searches_turn_dark_with_the_theme(qtbot, filled: MainWindow) -> None:  # type: ignore[no-untyped-def]
    table, model = filled.saved.panel.table, filled.saved.panel.model
    assert model.index(0, WATCH_COLUMN).data(Qt.ItemDataRole.DecorationRole) is not None  # drawn once in Light
    choose_dark(qtbot, filled)
    assert_dark_with_light_text(table, model.index(0, NAME_COLUMN))
    count_ink = model.index(0, COUNT_COLUMN).data(Qt.ItemDataRole.ForegroundRole)
    assert contrast_ratio(count_ink, DARK.color("page")) >= TEXT_CONTRAST
    eye = model.index(0, WATCH_COLUMN).data(Qt.ItemDataRole.DecorationRole)  # not watched: a faint eye
    assert isinstance(eye, QIcon)
    image = eye.pixmap(36, 36).toImage()
    strokes = {QColor(image.pixel(x, y)).rgb() for x in range(image.width()) for y in range(image.height())
               if QColor(image.pixel(x, y)).alpha() > 200}  # fmt: skip
    assert DARK.color("faint").rgb() in strokes and LIGHT.color("faint").rgb() not in strokes


def test_facets_turn_dark_and_their_swatches_follow(qtbot, filled: MainWindow) -> None:  # type: ignore[no-untyped-def]
    view = filled.search_panel.facets_view
    model = view.facets_model
    green = model.index_of("color:green")
    assert green.isValid()
    assert icon_centre(green.data(Qt.ItemDataRole.DecorationRole)).rgb() == painted_highlight("green").rgb()
    choose_dark(qtbot, filled)
    assert icon_centre(green.data(Qt.ItemDataRole.DecorationRole)).rgb() == painted_highlight("green").rgb()
    assert painted_highlight("green").rgb() != QColor(LIGHT.highlights["green"]).rgb()  # a different swatch now
    caption = model.index(0, LABEL_COLUMN)
    for index in (caption, model.index(0, FACET_COUNT, caption)):
        ink = index.data(Qt.ItemDataRole.ForegroundRole)
        assert contrast_ratio(ink, DARK.color("page")) >= TEXT_CONTRAST
    tag_row = model.index_of("tag:logistics")
    view.setFocus()
    assert_dark_with_light_text(view, tag_row)


def test_tag_tree_and_its_details_turn_dark(qtbot, filled: MainWindow) -> None:  # type: ignore[no-untyped-def]
    manager = filled.tag_manager
    logistics = manager.proxy.mapFromSource(manager.model.index_of("logistics"))
    qtbot.mouseClick(manager.tree.viewport(), Qt.MouseButton.LeftButton, pos=manager.tree.visualRect(logistics).center())
    assert LIGHT.muted in manager.details_label.text()
    choose_dark(qtbot, filled)
    assert DARK.muted in manager.details_label.text() and LIGHT.muted not in manager.details_label.text()
    region = manager.proxy.mapFromSource(manager.model.index_of("region"))  # a parent only: the muted italic
    assert contrast_ratio(region.data(Qt.ItemDataRole.ForegroundRole).color(), DARK.color("page")) >= TEXT_CONTRAST
    iran = manager.proxy.mapFromSource(manager.model.index_of("region/iran"))
    assert_dark_with_light_text(manager.tree, iran)
    swatch = icon_centre(logistics.siblingAtColumn(TAG_NAME).data(Qt.ItemDataRole.DecorationRole))
    assert swatch.rgb() == painted_highlight("green").rgb()


def report_dialogs(parent: QWidget) -> list[tuple[QWidget, QWidget]]:
    """The re-import summary and the annotation-import report, each with the browser showing its report."""
    fates = (
        HighlightFate(1, "orphaned", "a passage that is gone now", "", "pink", "highlight", ("iran",)),
        HighlightFate(2, "fuzzy", "support is a portfolio of small steps", "help is a portfolio of small steps",
                      "yellow", "highlight"),  # fmt: skip
    )
    reanchor = ReanchorSummaryDialog([ArticleReport(Path("a.md"), 1, "Notes", fates)], parent)
    report = AnnotationImportReport(path="x.jsonld", format="jsonld", placed=2, orphaned=1,
                                    problems=(ImportProblem("orphaned", "passage not found", "gone words"),))  # fmt: skip
    imported = AnnotationImportSummaryDialog(Path("x.jsonld"), report, parent)
    return [(reanchor, reanchor.browser), (imported, imported.details)]


def test_report_dialogs_are_written_again_in_the_new_theme(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialogs = report_dialogs(window)
    for dialog, browser in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert LIGHT.ink in browser.document().defaultStyleSheet()
    choose_dark(qtbot, window)  # with the dialogs open: the system may turn dark at any time
    for _dialog, browser in dialogs:
        sheet = browser.document().defaultStyleSheet()
        assert DARK.ink in sheet and LIGHT.ink not in sheet
        viewport = browser.viewport()
        image = painted(viewport)
        background = QColor(image.pixel(viewport.width() - 3, viewport.height() - 3))
        ink = brightest(image, 0, 0, min(viewport.width(), 400), min(viewport.height(), 60))
        assert is_dark(background), background.name()
        assert contrast_ratio(ink, background) >= TEXT_CONTRAST, (ink.name(), background.name())


def test_query_help_card_is_written_in_the_theme_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.help_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert panel.help_popup is not None and LIGHT.muted in panel.help_popup.label.text()
    panel.help_popup.close()
    choose_dark(qtbot, window)
    qtbot.mouseClick(panel.help_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # the same card, shown again
    text = panel.help_popup.label.text()
    assert DARK.muted in text and LIGHT.muted not in text
    panel.help_popup.close()


def test_no_ui_module_hard_codes_a_colour() -> None:
    """Every colour comes from ui/theme.py (the highlight colours from annotations/models.py)."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.relative_to(UI).as_posix() in THEME_MODULES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if COLOUR_LITERAL.search(line) or NAMED_COLOUR.search(line):
                found.append(f"{path.relative_to(UI.parent)}:{number}: {line.strip()}")
    assert not found, "colours outside the themes:\n" + "\n".join(found)


def test_the_colour_check_sees_the_ways_a_colour_is_written() -> None:
    for line in ('QColor("#a3261c")', "color: #fff;", "background: #1d1b16cc", "Qt.GlobalColor.white",
                 "QColor(255, 0, 0)", "rgba(0, 0, 0, 0.5)"):  # fmt: skip
        assert COLOUR_LITERAL.search(line) or NAMED_COLOUR.search(line), line
    for line in ("# a comment", "&#8212;", "Qt.GlobalColor.transparent", "tags=['#region']", "f'#{name}'"):
        assert not (COLOUR_LITERAL.search(line) or NAMED_COLOUR.search(line)), line
