"""The core loop as a user drives it: import, open, select, highlight and tag, search, jump back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from app import Library
from ui.main_window import MainWindow
from ui.theme import highlight_color

PHRASE = "air defense support"


def select_by_keyboard(qtbot, window: MainWindow, start: int, length: int) -> None:  # type: ignore[no-untyped-def]
    """Put the caret at ``start`` and extend the selection with Shift+Right, as a keyboard user does."""
    reader = window.reader
    cursor = reader.textCursor()
    cursor.setPosition(start)
    reader.setTextCursor(cursor)
    reader.setFocus()
    for _ in range(length):
        qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def open_first_article(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    table = window.library_panel.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=5000)
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)


def test_import_highlight_tag_search_and_jump_back(
    qtbot, window, gui_library: Library, article_file: Path, import_through, settled
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    open_first_article(qtbot, window)
    document = gui_library.documents.get(window.reader.document_id)
    assert window.reader.toPlainText() == document.text
    assert window.reader_pane.title_label.text() == "Notes on Air Defense Cooperation"

    start = document.text.index(PHRASE)
    select_by_keyboard(qtbot, window, start, len(PHRASE))
    assert window.reader.textCursor().selectedText() == PHRASE
    qtbot.keyClick(window.reader, Qt.Key.Key_2)  # 2 = green

    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    editor = window.editor
    qtbot.keyClicks(editor.tags_edit, "air-defense, Russia-Iran")
    editor.note_edit.setFocus()
    qtbot.keyClicks(editor.note_edit, "The paper's central term.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    settled(window)

    annotations = gui_library.annotations.for_document(document.id)
    assert [(a.start, a.end, a.exact, a.color, a.tags, a.note) for a in annotations] == [
        (start, start + len(PHRASE), PHRASE, "green", ("air-defense", "russia-iran"), "The paper's central term.")
    ]
    panel_model = window.highlight_panel.model
    assert panel_model.rowCount() == 1
    assert "#air-defense" in panel_model.data(panel_model.index(0), Qt.ItemDataRole.UserRole + 100)
    drawn = window.reader.extraSelections()
    assert len(drawn) == 1
    assert (drawn[0].cursor.selectionStart(), drawn[0].cursor.selectionEnd()) == (start, start + len(PHRASE))
    assert drawn[0].format.background().color().rgb() == highlight_color("green").rgb()

    # Ctrl+K, type a phrase, Enter: every mention is listed.
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.side_tabs.currentWidget() is window.search_panel
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=5000):
        qtbot.keyClicks(window.search_panel.query_edit, f'"{PHRASE}"')
        qtbot.keyClick(window.search_panel.query_edit, Qt.Key.Key_Return)
    result = window.search_panel.last_result
    occurrences = [index for index in range(len(document.text)) if document.text.startswith(PHRASE, index)]
    article_hits = [hit for hit in result.hits if hit.kind == "article"]
    assert [hit.start for hit in article_hits] == occurrences
    assert [hit.kind for hit in result.hits].count("annotation") == 1

    # Double-click the second mention: the reader selects exactly that passage.
    second = article_hits[1]
    view = window.search_panel.results_view
    row = result.hits.index(second)
    window.reader.moveCursor(QTextCursor.MoveOperation.Start)
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a real double-click
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # is press, then double
    cursor = window.reader.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (second.start, second.end)
    assert cursor.selectedText() == PHRASE


def test_new_highlight_is_found_by_its_tag(
    qtbot, window, gui_library: Library, article_file: Path, import_through, settled
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    open_first_article(qtbot, window)
    document = gui_library.documents.get(window.reader.document_id)
    start = document.text.index("Training is not")
    select_by_keyboard(qtbot, window, start, len("Training is not"))
    window.reader_pane.color_buttons["blue"].click()
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    qtbot.keyClicks(window.editor.tags_edit, "training")
    qtbot.mouseClick(window.editor.save_button, Qt.MouseButton.LeftButton)
    settled(window)

    with qtbot.waitSignal(window.search_panel.search_finished, timeout=5000):
        window.search_panel.set_query("tag:training")
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() == 1, timeout=3000)
    hit = window.search_panel.model.hit_at(0)
    assert (hit.kind, hit.start, hit.tags) == ("annotation", start, ("training",))


def test_malformed_query_shows_a_message_not_a_traceback(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=5000) as finished:
        window.search_panel.set_query('"air defense')
    assert finished.args == [None]
    label = window.search_panel.message_label
    assert "quotation mark" in label.text()
    assert label.property("error") is True
    assert window.search_panel.model.rowCount() == 0


def test_edit_delete_and_undo_a_highlight_from_the_panel(
    qtbot, window, gui_library: Library, article_file: Path, import_through, settled
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    open_first_article(qtbot, window)
    document_id = window.reader.document_id
    added = gui_library.annotations.add_quote(document_id, "Radars are visible.")
    window.events.changed.emit(added.changes)  # as the operation helper announces a write
    annotation = added.value[0]
    panel = window.highlight_panel
    rect = panel.list_view.visualRect(panel.model.index(0))
    qtbot.mouseClick(panel.list_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.textCursor().selectedText() == "Radars are visible."

    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    window.editor.color_box.setCurrentIndex(window.editor.color_box.findData("pink"))
    qtbot.keyClicks(window.editor.tags_edit, "sensors")
    qtbot.mouseClick(window.editor.save_button, Qt.MouseButton.LeftButton)
    settled(window)
    edited = gui_library.annotations.get(annotation.id)
    assert (edited.color, edited.tags) == ("pink", ("sensors",))

    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    settled(window)
    assert gui_library.annotations.for_document(document_id) == []
    assert panel.model.rowCount() == 0
    assert window.reader.extraSelections() == []

    window.undo_action.trigger()
    settled(window)
    restored = gui_library.annotations.for_document(document_id)
    assert [(a.exact, a.color, a.tags) for a in restored] == [("Radars are visible.", "pink", ("sensors",))]
    assert panel.model.rowCount() == 1


def test_highlights_survive_a_restart(qtbot, tmp_path: Path, article_file: Path, make_window, import_through) -> None:  # type: ignore[no-untyped-def]
    first = Library(tmp_path / "data", background=True)
    window = make_window(first)
    import_through(window, [article_file])
    open_first_article(qtbot, window)
    start = window.reader.toPlainText().index("Training is not")
    select_by_keyboard(qtbot, window, start, len("Training is not"))
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    window.editor.reject()
    window.close()
    first.close()

    second = Library(tmp_path / "data", background=True)
    try:
        reopened = make_window(second)
        open_first_article(qtbot, reopened)
        drawn = reopened.reader.extraSelections()
        assert [(s.cursor.selectionStart(), s.cursor.selectedText()) for s in drawn] == [(start, "Training is not")]
        assert reopened.highlight_panel.model.rowCount() == 1
    finally:
        second.close()


def test_bad_files_are_refused_with_a_message_naming_them(
    qtbot, window, gui_library: Library, tmp_path: Path, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "incoming" / "empty-notes.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "incoming" / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    import_through(window, [empty, binary, article_file, article_file], announce=True)

    assert [summary.title for summary in gui_library.documents.summaries()] == ["Notes on Air Defense Cooperation"]
    box = window.findChild(QMessageBox, "importSummary")
    assert box is not None and box.isVisible()
    assert "Imported 1 article" in box.text() and "2 failed" in box.text() and "1 already in the library" in box.text()
    assert "empty-notes.txt" in box.informativeText() and "photo.txt" in box.informativeText()
    box.close()


def test_library_lists_metadata_and_sorts_by_column(qtbot, window, tmp_path: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    for name, title, date in (("b.md", "Beta report", "2024-05-01"), ("a.md", "Alpha brief", "2025-02-01")):
        (folder / name).write_text(f"---\ntitle: {title}\nauthor: A. Writer\ndate: {date}\n---\nBody of {title}.\n")
    import_through(window, [folder])
    table = window.library_panel.table
    model = table.model()

    def column(number: int) -> list[str]:
        return [model.index(row, number).data() for row in range(model.rowCount())]

    assert column(0) == ["Alpha brief", "Beta report"]  # sorted by title
    assert column(1) == ["A. Writer", "A. Writer"]
    header = table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().center().__class__(header.sectionViewportPosition(2) + 5, header.height() // 2),
    )
    assert column(2) in (["2024-05-01", "2025-02-01"], ["2025-02-01", "2024-05-01"])
    first_order = column(2)
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().center().__class__(header.sectionViewportPosition(2) + 5, header.height() // 2),
    )
    assert column(2) == list(reversed(first_order))


def test_first_start_loads_the_sample_library(qtbot, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    from ui.app import open_window

    window = open_window(gui_library)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.import_running, timeout=15000)
    titles = [summary.title for summary in gui_library.documents.summaries()]
    assert len(titles) == 3
    assert any("Air Defense" in title for title in titles)
    assert window.library_panel.table.model().rowCount() == 3
