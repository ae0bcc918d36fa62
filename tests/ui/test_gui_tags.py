"""The tag manager, tag completion and Markdown notes as a user meets them in the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox, QTreeView

from app import Library
from ui.highlights.completion import suggest_tags
from ui.main_window import MainWindow
from ui.rich_delegate import HTML_ROLE
from ui.tags.dialogs import TOP_LEVEL, TagChoiceDialog, TagDetailsDialog
from ui.tags.model import OWN_COLUMN, STORED_ROLE, TAG_MIME_TYPE, TAG_NAME_ROLE, TOTAL_COLUMN, TagTreeModel
from ui.tags.tree import build_tag_tree
from ui.theme import highlight_color

# quote -> tags: region/iran 3 uses, region 1, region/russia 1, sensors 1, logistics 1; 4 highlights under region
TAGGED = {
    "Radars are visible.": ["region/iran", "sensors"],
    "Training is not.": ["region/iran"],
    "spare parts": ["region/russia", "logistics"],
    "software updates": ["region", "region/iran"],
}


@pytest.fixture
def tagged(qtbot, window: MainWindow, gui_library: Library, article_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window with the test article open, four tagged highlights, and the Tags panel showing."""
    imported = gui_library.documents.import_file(article_file)
    document = imported.value.document
    assert document is not None
    changes = imported.changes
    for quote, tags in TAGGED.items():
        changes |= gui_library.annotations.add_quote(document.id, quote, tags=tags).changes
    window.events.changed.emit(changes)  # as the operation helper announces a write
    window.library_panel.select_document(document.id)
    qtbot.waitUntil(lambda: window.reader.document_id == document.id, timeout=3000)
    window.tag_manager_action.trigger()
    qtbot.waitUntil(lambda: window.tag_manager.model.rowCount() > 0, timeout=3000)
    return window


def tree_rows(tree: QTreeView, parent: QModelIndex | None = None) -> dict[str, tuple[str, str]]:
    """What the tree shows: full tag name -> (own count, branch count) texts, depth first."""
    model = tree.model()
    parent = parent or QModelIndex()
    shown: dict[str, tuple[str, str]] = {}
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        own = model.index(row, OWN_COLUMN, parent).data()
        total = model.index(row, TOTAL_COLUMN, parent).data()
        shown[index.data(TAG_NAME_ROLE)] = (own, total)
        shown.update(tree_rows(tree, index))
    return shown


def click_tag(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    manager = window.tag_manager
    index = manager.proxy.mapFromSource(manager.model.index_of(name))
    assert index.isValid(), name
    manager.tree.scrollTo(index)
    rect = manager.tree.visualRect(index)
    qtbot.mouseClick(manager.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert manager.selected_tag() == name


def settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Wait until the write just asked for has run (off the GUI thread) and been announced."""
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)


def answer(qtbot, dialog: TagChoiceDialog, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` into a tag dialog's field (replacing what is there), press OK, and wait for the write."""
    window = dialog.parent().window()  # the dialog closes (and goes) once the answer is applied
    dialog.text_edit.selectAll()
    qtbot.keyClicks(dialog.text_edit, text)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def panel_html(window: MainWindow) -> str:
    model = window.highlight_panel.model
    return "\n".join(model.index(row).data(HTML_ROLE) for row in range(model.rowCount()))


def search(qtbot, window: MainWindow, query: str) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=5000):
        window.search_panel.set_query(query)
    result = window.search_panel.last_result
    assert result is not None
    return [hit.tags for hit in result.hits]


def test_tag_manager_shows_the_tree_with_counts(qtbot, tagged: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    manager = tagged.tag_manager
    assert tagged.side_tabs.currentWidget() is manager
    assert tree_rows(manager.tree) == {
        "logistics": ("1", ""),
        "region": ("1", "4"),  # its own use, and 4 distinct highlights in the branch (not 1+3+1)
        "region/iran": ("3", ""),
        "region/russia": ("1", ""),
        "sensors": ("1", ""),
    }
    assert manager.summary_label.text() == "5 tags · 7 uses"

    detailed = gui_library.tags.set_details("method/interviews", description="Who said what")  # a child, no parent
    tagged.events.changed.emit(detailed.changes)
    qtbot.waitUntil(lambda: "method/interviews" in tree_rows(manager.tree), timeout=3000)
    method = manager.proxy.mapFromSource(manager.model.index_of("method"))
    assert method.data(STORED_ROLE) is False and method.data(Qt.ItemDataRole.FontRole).italic()
    click_tag(qtbot, tagged, "method/interviews")
    assert "Who said what" in manager.details_label.text()


def test_tag_tree_model_passes_the_item_model_tester(qtmodeltester, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    from annotations.models import TagCount

    model = TagTreeModel()
    model.set_tree(build_tag_tree([TagCount("a/b/c", 2), TagCount("a", 1, "blue", "d"), TagCount("z", 0)]))
    qtmodeltester.check(model)
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == ["a", "z"]


def test_rename_in_the_manager_renames_everywhere(qtbot, tagged: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    click_tag(qtbot, tagged, "region")
    qtbot.keyClick(tagged.tag_manager.tree, Qt.Key.Key_F2)
    dialog = tagged.tag_controller.dialog
    assert isinstance(dialog, TagChoiceDialog) and dialog.isVisible()
    assert dialog.text_edit.text() == "region" and dialog.field is None  # a plain line, no drop-down
    answer(qtbot, dialog, "Area")

    rows = tree_rows(tagged.tag_manager.tree)
    assert "region" not in rows and rows["area"] == ("1", "4") and rows["area/iran"] == ("3", "")
    assert tagged.tag_manager.selected_tag() == "area"
    assert "#area/iran" in panel_html(tagged) and "#region" not in panel_html(tagged)
    assert "Renamed “region” to “area” on 4 highlights" in tagged.statusBar().currentMessage()
    assert sorted(search(qtbot, tagged, "tag:area/iran")) == [
        ("area", "area/iran"),
        ("area/iran",),
        ("area/iran", "sensors"),
    ]
    assert search(qtbot, tagged, "tag:region") == []


def test_a_clash_is_explained_in_the_dialog_which_stays_open(qtbot, tagged: MainWindow) -> None:  # type: ignore[no-untyped-def]
    click_tag(qtbot, tagged, "sensors")
    tagged.tag_manager.rename_action.trigger()
    dialog = tagged.tag_controller.dialog
    answer(qtbot, dialog, "logistics")
    assert dialog.isVisible()
    assert "already exists" in dialog.error_label.text() and dialog.error_label.isVisible()
    assert "sensors" in tree_rows(tagged.tag_manager.tree)


def test_merge_folds_one_tag_into_another(qtbot, tagged: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    click_tag(qtbot, tagged, "sensors")
    qtbot.mouseClick(tagged.tag_manager.findChild(object, "tagButton_merge"), Qt.MouseButton.LeftButton)
    dialog = tagged.tag_controller.dialog
    assert dialog.choices() == ["region/iran", "logistics", "region", "region/russia"]  # most used first, not itself
    dialog.choose("logistics")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tagged)

    rows = tree_rows(tagged.tag_manager.tree)
    assert "sensors" not in rows and rows["logistics"] == ("2", "")
    radars = next(a for a in gui_library.annotations.for_document(tagged.reader.document_id) if a.exact.startswith("Radars"))
    assert set(radars.tags) == {"region/iran", "logistics"}
    assert "#sensors" not in panel_html(tagged)


def test_move_under_a_parent_and_back_to_the_top(qtbot, tagged: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    click_tag(qtbot, tagged, "logistics")
    tagged.tag_manager.move_action.trigger()
    dialog = tagged.tag_controller.dialog
    assert TOP_LEVEL not in dialog.choices()  # it is at the top already
    answer(qtbot, dialog, "region")
    assert "region/logistics" in tree_rows(tagged.tag_manager.tree)
    assert "#region/logistics" in panel_html(tagged)

    click_tag(qtbot, tagged, "region/russia")
    tagged.tag_manager.move_action.trigger()
    dialog = tagged.tag_controller.dialog
    assert dialog.choices()[0] == TOP_LEVEL and "region" not in dialog.choices()  # its parent now
    dialog.choose(TOP_LEVEL)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tagged)
    rows = tree_rows(tagged.tag_manager.tree)
    assert "russia" in rows and "region/russia" not in rows
    assert rows["region"] == ("1", "4")


def test_dragging_a_tag_onto_another_moves_it_there(qtbot, tagged: MainWindow) -> None:  # type: ignore[no-untyped-def]
    manager = tagged.tag_manager
    data = QMimeData()
    data.setData(TAG_MIME_TYPE, b"sensors")
    region = manager.proxy.mapFromSource(manager.model.index_of("region"))
    assert manager.proxy.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, region)
    assert not manager.proxy.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())  # already there
    assert manager.proxy.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, region)
    qtbot.waitUntil(lambda: "region/sensors" in tree_rows(manager.tree), timeout=3000)
    assert "#region/sensors" in panel_html(tagged)


def test_delete_names_the_highlights_and_ctrl_z_restores_the_tag(
    qtbot, tagged: MainWindow, gui_library: Library
) -> None:  # type: ignore[no-untyped-def]
    manager = tagged.tag_manager
    click_tag(qtbot, tagged, "region/iran")
    qtbot.keyClick(manager.tree, Qt.Key.Key_Delete)
    box = manager.findChild(QMessageBox, "deleteTagConfirm")
    assert box is not None and box.isVisible()
    assert "Remove the tag “region/iran” from 3 highlights?" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "region/iran" not in tree_rows(manager.tree), timeout=3000)
    assert "#region/iran" not in panel_html(tagged)
    assert tagged.undo_action.text().replace("&", "") == "Undo Delete Tag"

    manager.tree.setFocus()
    qtbot.keyClick(manager.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "region/iran" in tree_rows(manager.tree), timeout=3000)
    assert tree_rows(manager.tree)["region/iran"] == ("3", "")
    assert panel_html(tagged).count("#region/iran") == 3
    assert sorted(search(qtbot, tagged, "tag:region/iran")) == [
        ("region", "region/iran"),
        ("region/iran",),
        ("region/iran", "sensors"),
    ]


def test_deleting_a_branch_counts_each_highlight_once(qtbot, tagged: MainWindow) -> None:  # type: ignore[no-untyped-def]
    click_tag(qtbot, tagged, "region")
    tagged.tag_manager.delete_action.trigger()
    box = tagged.tag_manager.findChild(QMessageBox, "deleteTagConfirm")
    assert "“region” and the 2 tags below it from 4 highlights" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert "region" in tree_rows(tagged.tag_manager.tree)


def test_colour_and_description_of_a_tag(qtbot, tagged: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    click_tag(qtbot, tagged, "region")
    tagged.tag_manager.details_action.trigger()
    dialog = tagged.tag_controller.dialog
    assert isinstance(dialog, TagDetailsDialog)
    dialog.color_box.setCurrentIndex(dialog.color_box.findData("blue"))
    dialog.description_edit.setFocus()
    qtbot.keyClicks(dialog.description_edit, "Where it happens")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tagged)

    region = next(tag for tag in gui_library.tags.counts() if tag.name == "region")
    assert (region.color, region.description) == ("blue", "Where it happens")
    qtbot.waitUntil(lambda: "Where it happens" in tagged.tag_manager.details_label.text(), timeout=3000)
    index = tagged.tag_manager.proxy.mapFromSource(tagged.tag_manager.model.index_of("region"))
    assert "Where it happens" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()


def test_colour_highlights_by_tag(qtbot, tagged: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    changes = gui_library.tags.set_details("region", color="blue").changes
    changes |= gui_library.tags.set_details("logistics", color="green").changes
    tagged.events.changed.emit(changes)

    def colours() -> list[tuple[str, int]]:
        text = tagged.reader.toPlainText()
        drawn = tagged.reader.extraSelections()
        return sorted(
            (text[s.cursor.selectionStart() : s.cursor.selectionEnd()], s.format.background().color().rgb())
            for s in drawn
        )

    yellow = highlight_color("yellow").rgb()
    assert {colour for _quote, colour in colours()} == {yellow}
    tagged.color_by_tag_action.trigger()
    blue, green = highlight_color("blue").rgb(), highlight_color("green").rgb()
    # The first tag (as stored: by name) with a colour wins, its own or an ancestor's (region/iran: region's).
    assert colours() == [
        ("Radars are visible.", blue),
        ("Training is not.", blue),
        ("software updates", blue),
        ("spare parts", green),  # logistics, region/russia
    ]
    assert [a.color for a in gui_library.annotations.for_document(tagged.reader.document_id)] == ["yellow"] * 4  # display only
    tagged.color_by_tag_action.trigger()
    assert {colour for _quote, colour in colours()} == {yellow}


def test_enter_on_a_tag_searches_for_it(qtbot, tagged: MainWindow) -> None:  # type: ignore[no-untyped-def]
    click_tag(qtbot, tagged, "region/russia")
    with qtbot.waitSignal(tagged.search_panel.search_finished, timeout=5000):
        qtbot.keyClick(tagged.tag_manager.tree, Qt.Key.Key_Return)
    assert tagged.side_tabs.currentWidget() is tagged.search_panel
    assert tagged.search_panel.query_edit.text() == "tag:region/russia"
    assert [hit.tags for hit in tagged.search_panel.last_result.hits] == [("logistics", "region/russia")]


def test_filter_keeps_the_parents_of_matching_tags(qtbot, tagged: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(tagged.tag_manager.filter_edit, "russ")
    assert list(tree_rows(tagged.tag_manager.tree)) == ["region", "region/russia"]


def test_tag_completion_offers_most_used_first_and_matches_any_segment(qtbot, tagged: MainWindow) -> None:  # type: ignore[no-untyped-def]
    gui_library = tagged.library
    document_id = tagged.reader.document_id
    gui_library.annotations.add_quote(document_id, "Analysts", tags=["iraq"])  # 1 use; region/iran has 3
    start = tagged.reader.toPlainText().index("small steps")
    tagged.reader.select_range(start, start + len("small steps"))
    tagged.reader.setFocus()
    qtbot.keyClick(tagged.reader, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: tagged.editor is not None and tagged.editor.isVisible(), timeout=3000)
    tags_edit = tagged.editor.tags_edit

    qtbot.keyClicks(tags_edit, "ir")
    assert tags_edit.suggestions() == ["region/iran", "iraq"]  # by use, not alphabetically
    assert tags_edit.tag_completer.popup().isVisible()
    tags_edit.tag_completer.activated[str].emit("region/iran")
    assert tags_edit.text() == "region/iran, "
    qtbot.keyClicks(tags_edit, "ir")
    assert tags_edit.suggestions() == ["iraq"]  # a tag already entered is not offered again
    qtbot.keyClicks(tags_edit, "x")
    assert tags_edit.suggestions() == [] and not tags_edit.tag_completer.popup().isVisible()
    tagged.editor.reject()


def test_suggestions_match_words_and_paths() -> None:
    known = ["region/iran", "air-defense", "iraq", "region/iran/north", "regional"]
    assert suggest_tags(known, "iran") == ["region/iran", "region/iran/north"]
    assert suggest_tags(known, "def") == ["air-defense"]
    assert suggest_tags(known, "Region/I") == ["region/iran", "region/iran/north"]
    assert suggest_tags(known, "air def") == ["air-defense"]
    assert suggest_tags(known, "ran") == []
    assert suggest_tags(known, "") == []


def test_markdown_notes_render_safely_in_the_highlights_panel(qtbot, tagged: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    document_id = tagged.reader.document_id
    note = "**Key** point, *see* [source](https://example.org)\n\n- one\n- two\n\n<script>alert(1)</script>![x](http://example.org/x.png)"
    added = gui_library.annotations.add_quote(document_id, "In practice", note=note)
    tagged.events.changed.emit(added.changes)
    annotation = added.value[0]
    model = tagged.highlight_panel.model
    shown = model.index(model.row_of(annotation.id)).data(HTML_ROLE)
    assert "<strong>Key</strong>" in shown and "<em>see</em>" in shown
    assert "<li>one</li>" in shown and '<a href="https://example.org">source</a>' in shown
    assert "<script" not in shown and "alert" not in shown and "<img" not in shown and "x.png" not in shown

    tagged.highlight_panel.select_annotation(annotation.id)
    tagged.highlight_panel.edit_button.click()
    qtbot.waitUntil(lambda: tagged.editor is not None and tagged.editor.isVisible(), timeout=3000)
    assert tagged.editor.note_edit.toPlainText() == note  # the editor keeps the Markdown source
    tagged.editor.reject()
