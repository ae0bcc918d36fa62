"""The Outline tab as a reader uses it: the headings as a tree, a click (or Enter) to jump, the section
being read marked as the reader scrolls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from app import Library
from tests.ui.long_articles import write_articles
from ui.main_window import MainWindow
from ui.reader.outline import NO_HEADINGS


def click_article(qtbot, window: MainWindow, document_id: int) -> None:  # type: ignore[no-untyped-def]
    """Click the article's row in the library list, as a reader chooses an article."""
    panel = window.library_panel
    qtbot.waitUntil(lambda: panel.model.row_of(document_id) >= 0, timeout=5000)
    index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(document_id), 0))
    panel.table.scrollTo(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=panel.table.visualRect(index).center())
    qtbot.waitUntil(lambda: window.reader.document_id == document_id, timeout=5000)


def imported(qtbot, window: MainWindow, library: Library, tmp_path: Path, import_through) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Import the long articles through the window; their ids by title."""
    import_through(window, write_articles(tmp_path / "articles"))
    return {summary.title: summary.id for summary in library.documents.summaries()}


def tree_of(model, parent: QModelIndex | None = None) -> list[object]:  # type: ignore[no-untyped-def]
    """The outline as nested lists: a title, or (title, [children])."""
    parent = parent or QModelIndex()
    rows = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        children = tree_of(model, index)
        rows.append((index.data(), children) if children else index.data())
    return rows


def heading_index(window: MainWindow, title: str) -> QModelIndex:
    items = window.outline_panel.model.findItems(title, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert len(items) == 1
    return items[0].index()


def current_title(window: MainWindow) -> str | None:
    selected = window.outline_panel.tree.selectionModel().selectedIndexes()
    return selected[0].data() if selected else None


def test_the_outline_lists_the_headings_as_a_tree(qtbot, window, gui_library, tmp_path, import_through) -> None:  # type: ignore[no-untyped-def]
    ids = imported(qtbot, window, gui_library, tmp_path, import_through)
    click_article(qtbot, window, ids["Field Notes on River Ports"])
    QAbstractItemModelTester(window.outline_panel.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert tree_of(window.outline_panel.model) == [
        ("Harbours", [("Upstream", ["Locks", "Bridges"]), "Downstream"]),
        ("Trade", [("Grain", ["Storage"]), "Timber"]),
    ]
    assert window.side_tabs.tabText(window.side_tabs.indexOf(window.outline_panel)) == "Outline"
    assert window.side_tabs.indexOf(window.outline_panel) == window.side_tabs.indexOf(window.highlight_panel) + 1

    # View → Outline (Ctrl+Shift+L) shows the tab with the tree focused.
    window.reader.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.side_tabs.currentWidget() is window.outline_panel
    qtbot.waitUntil(lambda: window.outline_panel.tree.hasFocus(), timeout=2000)

    click_article(qtbot, window, ids["A Note Without Headings"])
    assert window.outline_panel.model.rowCount() == 0
    assert window.outline_panel.message.isVisible()
    assert window.outline_panel.message.text() == NO_HEADINGS


def test_clicking_a_heading_puts_it_at_the_top_of_the_reader(
    qtbot, window, gui_library, tmp_path, import_through
) -> None:  # type: ignore[no-untyped-def]
    ids = imported(qtbot, window, gui_library, tmp_path, import_through)
    click_article(qtbot, window, ids["Field Notes on River Ports"])
    window.side_tabs.setCurrentWidget(window.outline_panel)
    text = window.reader.toPlainText()
    tree = window.outline_panel.tree
    for title in ("Bridges", "Grain"):
        rect = tree.visualRect(heading_index(window, title))
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        position = text.index(f"\n{title}\n") + 1
        reader = window.reader
        assert reader.top_position() == position
        block = reader.document().findBlock(position)
        block_top = reader.document().documentLayout().blockBoundingRect(block).top()
        top_on_screen = block_top - reader.verticalScrollBar().value()
        assert 0 <= top_on_screen <= 10  # the heading's line is the first on screen
        assert reader.textCursor().block().text() == title  # the caret is in the heading
        assert reader.hasFocus()
        assert current_title(window) == title

    # Enter on a heading does the same, from the keyboard.
    tree.setFocus()
    tree.setCurrentIndex(heading_index(window, "Locks"))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.reader.top_position() == text.index("\nLocks\n") + 1


def test_the_current_heading_follows_the_scrolling(qtbot, window, gui_library, tmp_path, import_through) -> None:  # type: ignore[no-untyped-def]
    ids = imported(qtbot, window, gui_library, tmp_path, import_through)
    click_article(qtbot, window, ids["Field Notes on River Ports"])
    reader = window.reader
    reader.setFocus()
    assert current_title(window) is None  # the opening paragraph comes before any heading
    seen = []
    for _ in range(60):
        qtbot.keyClick(reader, Qt.Key.Key_PageDown)
        if current_title(window) not in seen:
            seen.append(current_title(window))
        if reader.verticalScrollBar().value() == reader.verticalScrollBar().maximum():
            break
    # Every heading passes the top on the way down, in reading order (PageDown may skip a short section).
    order = ["Harbours", "Upstream", "Locks", "Bridges", "Downstream", "Trade", "Grain", "Storage", "Timber"]
    assert seen[-1] == "Timber"
    assert seen == [title for title in order if title in seen] and len(seen) >= 6
    assert reader.hasFocus()  # marking the heading took no focus

    # Scrolling back up marks the section at the top again.
    position = reader.toPlainText().index("\nUpstream\n") + 1
    reader.scroll_to_position(position + 40)  # a little into the section
    assert current_title(window) == "Upstream"
