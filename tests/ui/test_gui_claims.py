"""Claims in the window: the Claims tab, linking highlights from their menu or by a drop, a claim's page
with its evidence one click from the passage, unlinking and deleting with undo, the memo export."""

from __future__ import annotations

from pathlib import Path

import pytest
from opening import open_with_highlight
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAction, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu

from app import Library
from ui.claims.evidence import EVIDENCE_ROLE
from ui.claims.panel import EMPTY_TEXT
from ui.main_window import MainWindow
from ui.rich_delegate import HTML_ROLE

PHRASE = "Training is not."
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def opened(qtbot, window: MainWindow, gui_library: Library, article_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window with the test article open and one highlight on PHRASE."""
    open_with_highlight(qtbot, window, gui_library, article_file, PHRASE)
    return window


def claim_rows(window: MainWindow) -> list[str]:
    model = window.claims_panel.model
    return [str(model.index(row).data(HTML_ROLE)) for row in range(model.rowCount())]


def add_claim_by_dialog(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    window.claims_action.trigger()
    assert window.side_tabs.currentWidget() is window.claims_panel
    qtbot.mouseClick(window.claims_panel.new_button, Qt.MouseButton.LeftButton)
    dialog = window.claims.dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # no text, no claim
    qtbot.keyClicks(dialog.text_edit, text)
    qtbot.keyClicks(dialog.tags_edit, "iran, missiles")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.operations.idle and window.claims_panel.model.rowCount() > 0, timeout=5000)


def link_from_highlight_menu(qtbot, window: MainWindow, stance: str) -> QMenu:  # type: ignore[no-untyped-def]
    """Trigger ``stance`` of the newest claim in the menu the Highlights panel builds for its highlight."""
    panel = window.highlight_panel
    panel.list_view.setCurrentIndex(panel.model.index(0))
    menu = panel.context_menu()
    submenu = menu.findChild(QMenu, "linkToClaimMenu")
    assert submenu is not None
    claim_menu = submenu.actions()[0].menu()
    action = next(a for a in claim_menu.actions() if a.text() == stance)
    action.trigger()
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)
    return menu


def press(qtbot, window: MainWindow, widget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # the keyboard is back in the window after a dialog
    widget.setFocus()
    qtbot.keyClick(widget, key, modifiers)
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)


def click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    view.scrollTo(view.model().index(row, 0))
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_empty_tab_says_what_to_do_and_view_menu_shows_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.side_tabs.tabText(window.side_tabs.indexOf(window.claims_panel)) == "Claims"
    assert window.side_tabs.indexOf(window.claims_panel) == window.side_tabs.indexOf(window.outline_panel) + 1
    window.claims_action.trigger()
    hint = window.claims_panel.empty_hint
    assert hint.isVisible() and hint.text() == EMPTY_TEXT
    assert window.claims_action.shortcut().toString() == "Ctrl+Shift+M"


def test_new_claim_dialog_then_link_from_the_highlight_menu(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    assert opened.highlight_panel.context_menu().findChild(QMenu, "linkToClaimMenu") is None  # no claim yet
    add_claim_by_dialog(qtbot, opened, "Training happens out of sight")
    assert len(claim_rows(opened)) == 1 and "Training happens out of sight" in claim_rows(opened)[0]
    assert "#iran" in claim_rows(opened)[0] and "No evidence yet" in claim_rows(opened)[0]
    assert not opened.claims_panel.empty_hint.isVisible()
    link_from_highlight_menu(qtbot, opened, "Supports")
    assert "1 supports" in claim_rows(opened)[0]
    assert opened.statusBar().currentMessage() == "Linked the highlight to claim #1 as supports."
    item = str(opened.highlight_panel.model.index(0).data(HTML_ROLE))
    assert "⚖ supports #1 “Training happens out of sight”" in item  # the Highlights item names its claim
    annotation_id = opened.highlight_panel.model.annotation_at(0).id
    assert [link.stance for link in gui_library.claims.links_of(annotation_id)] == ["supports"]
    # The menu built again shows the link checked; choosing it again unlinks.
    menu = opened.highlight_panel.context_menu()
    claim_menu = menu.findChild(QMenu, "linkToClaimMenu").actions()[0].menu()
    checked = [a.text() for a in claim_menu.actions() if isinstance(a, QAction) and a.isChecked()]
    assert checked == ["Supports"]
    link_from_highlight_menu(qtbot, opened, "Supports")
    assert "No evidence yet" in claim_rows(opened)[0]
    assert "⚖" not in str(opened.highlight_panel.model.index(0).data(HTML_ROLE))


def test_claim_page_evidence_click_opens_the_passage_unlink_and_undo(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    add_claim_by_dialog(qtbot, opened, "Training happens out of sight")
    link_from_highlight_menu(qtbot, opened, "Contradicts")
    panel = opened.claims_panel
    click_row(qtbot, panel.list_view, 0)
    assert panel.stack.currentWidget() is panel.claim_page
    assert panel.claim_text.text() == "Training happens out of sight"
    headings = [panel.evidence_model.index(r).data() for r in range(panel.evidence_model.rowCount())]
    assert headings == ["Supports (0)", "Contradicts (1)", PHRASE, "Context (0)"]
    opened.reader.select_range(0, 3)  # somewhere else, so the click must move the selection
    click_row(qtbot, panel.evidence_view, 2)
    assert opened.reader.textCursor().selectedText() == PHRASE
    # Unlink from the item's menu, then Ctrl+Z brings the link back.
    item = panel.evidence_model.index(2).data(EVIDENCE_ROLE)
    unlink = next(a for a in panel.evidence_menu(item).actions() if a.text() == "Unlink from Claim")
    unlink.trigger()
    qtbot.waitUntil(lambda: opened.operations.idle, timeout=5000)
    assert panel.evidence_model.rowCount() == 3 and panel.evidence_model.index(2).data() == "Context (0)"
    press(qtbot, opened, panel.evidence_view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: panel.evidence_model.rowCount() == 4, timeout=3000)
    assert panel.evidence_model.index(2).data() == PHRASE
    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert panel.stack.currentWidget() is panel.list_page and "1 contradicts" in claim_rows(opened)[0]


def test_stance_changes_on_the_claim_page(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    add_claim_by_dialog(qtbot, opened, "A claim")
    link_from_highlight_menu(qtbot, opened, "Supports")
    opened.claims.open_claim(opened.claims_panel.model.claim_at(0).id)
    panel = opened.claims_panel
    item = panel.evidence_model.index(1).data(EVIDENCE_ROLE)
    next(a for a in panel.evidence_menu(item).actions() if a.text() == "Context").trigger()
    qtbot.waitUntil(lambda: opened.operations.idle, timeout=5000)
    assert [panel.evidence_model.index(r).data() for r in range(4)] == ["Supports (0)", "Contradicts (0)",
                                                                        "Context (1)", PHRASE]  # fmt: skip


def test_delete_key_deletes_the_claim_and_undo_restores_it_with_its_evidence(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    add_claim_by_dialog(qtbot, opened, "Short-lived claim")
    link_from_highlight_menu(qtbot, opened, "Context")
    view = opened.claims_panel.list_view
    view.setCurrentIndex(opened.claims_panel.model.index(0))
    press(qtbot, opened, view, Qt.Key.Key_Delete)
    assert claim_rows(opened) == [] and opened.claims_panel.empty_hint.isVisible()
    press(qtbot, opened, view, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: len(claim_rows(opened)) == 1, timeout=3000)
    assert "Short-lived claim" in claim_rows(opened)[0] and "1 context" in claim_rows(opened)[0]


def drop_on_claim(qtbot, window: MainWindow, row: int) -> QMenu:  # type: ignore[no-untyped-def]
    """Drop the first highlight on claim ``row`` through the list's own drop handling; the stance menu it opens."""
    window.claims_action.trigger()
    highlights = window.highlight_panel.model
    data = highlights.mimeData([highlights.index(0)])
    view = window.claims_panel.list_view
    point = view.visualRect(window.claims_panel.model.index(row)).center()
    for kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
        QApplication.sendEvent(view.viewport(), QDragMoveEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, kind))
    drop = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    qtbot.waitUntil(lambda: window.claims.drop_menu is not None and window.claims.drop_menu.isVisible(), timeout=3000)
    menu = window.claims.drop_menu
    dropped_at = view.viewport().mapToGlobal(point)
    assert menu.y() == dropped_at.y() and menu.x() <= dropped_at.x()  # at the drop point (kept on the screen)
    return menu


def test_a_drop_asks_the_stance_and_links_as_chosen_from_the_keyboard(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    add_claim_by_dialog(qtbot, opened, "Dropped evidence")
    menu = drop_on_claim(qtbot, opened, 0)
    assert [a.text() for a in menu.actions()] == ["Link as:", "Supports", "Contradicts", "Context"]
    assert menu.activeAction().text() == "Supports" and not any(a.isChecked() for a in menu.actions())
    assert "No evidence yet" in claim_rows(opened)[0]  # nothing linked until a stance is chosen
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened.operations.idle and "1 context" in claim_rows(opened)[0], timeout=5000)
    annotation_id = opened.highlight_panel.model.annotation_at(0).id
    assert [link.stance for link in gui_library.claims.links_of(annotation_id)] == ["context"]


def test_escape_on_the_drop_menu_links_nothing(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    add_claim_by_dialog(qtbot, opened, "Dropped evidence")
    menu = drop_on_claim(qtbot, opened, 0)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: opened.operations.idle, timeout=5000)
    assert gui_library.claims.links_of(opened.highlight_panel.model.annotation_at(0).id) == []
    assert "No evidence yet" in claim_rows(opened)[0]


def test_a_drop_on_a_linked_claim_shows_its_stance_and_changes_it(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    add_claim_by_dialog(qtbot, opened, "Dropped evidence")
    link_from_highlight_menu(qtbot, opened, "Supports")
    menu = drop_on_claim(qtbot, opened, 0)
    assert [a.text() for a in menu.actions() if a.isChecked()] == ["Supports"]
    assert menu.activeAction().text() == "Supports"
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened.operations.idle and "1 contradicts" in claim_rows(opened)[0], timeout=5000)
    assert "supports" not in claim_rows(opened)[0]


def test_memo_export_writes_the_file_and_says_so(qtbot, opened: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_claim_by_dialog(qtbot, opened, "Memo claim")
    link_from_highlight_menu(qtbot, opened, "Supports")
    target = tmp_path / "memo.md"
    opened.claims.export_memo(opened.claims_panel.model.claim_at(0).id, target)
    qtbot.waitUntil(lambda: opened.operations.idle, timeout=5000)
    assert "Memo claim" in target.read_text(encoding="utf-8") and PHRASE in target.read_text(encoding="utf-8")
    assert str(target) in opened.statusBar().currentMessage()


def test_claim_models_pass_the_model_tester(qtmodeltester, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    claim = gui_library.claims.add("Checked claim").value
    gui_library.claims.link(claim.id, opened.highlight_panel.model.annotation_at(0).id, "supports")
    opened.claims.refresh()
    opened.claims.open_claim(claim.id)
    qtmodeltester.check(opened.claims_panel.model)
    qtmodeltester.check(opened.claims_panel.evidence_model)
    assert opened.claims_panel.model.rowCount() == 1


def test_an_orphaned_item_says_so_and_does_not_jump(qtbot, opened: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    claim = gui_library.claims.add("Orphan claim").value
    gui_library.claims.link(claim.id, opened.highlight_panel.model.annotation_at(0).id, "supports")
    item = replace(gui_library.claims.evidence(claim.id).items[0], orphaned=True)  # as after a re-import lost it
    opened.reader.select_range(0, 3)
    opened.claims.open_evidence(item)
    assert opened.reader.textCursor().selectedText() == opened.reader.toPlainText()[:3]
    assert "orphaned" in opened.statusBar().currentMessage()


def test_edit_from_the_claim_menu_changes_text_and_tags(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    add_claim_by_dialog(qtbot, opened, "First wording")
    claim_id = opened.claims_panel.model.claim_at(0).id
    next(a for a in opened.claims_panel.list_menu(claim_id).actions() if a.text() == "Edit…").trigger()
    dialog = opened.claims.dialog
    assert dialog is not None and dialog.text_edit.text() == "First wording"
    assert dialog.tags_edit.text() == "iran, missiles"
    dialog.text_edit.clear()
    qtbot.keyClicks(dialog.text_edit, "Second wording")
    dialog.tags_edit.setText("iran")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: opened.operations.idle and "Second wording" in claim_rows(opened)[0], timeout=5000)
    assert "#missiles" not in claim_rows(opened)[0] and "#iran" in claim_rows(opened)[0]
