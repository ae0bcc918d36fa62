"""The operation helper (``ui.operations``): every write runs off the GUI thread, then its Changes are
announced on the GUI thread and the caller hears back; a failure is a message in the user's words."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_thread_sql import trace_gui_thread_statements
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotations.errors import NotFound
from app import Applied, Changes, Library
from ui.events import AppEvents
from ui.main_window import MainWindow
from ui.operations import Operations


def on_gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_an_operation_runs_off_the_gui_thread_then_announces_its_changes(qtbot) -> None:  # type: ignore[no-untyped-def]
    events = AppEvents()
    operations = Operations(events)
    changes = Changes(annotations=frozenset({7}), annotated_documents=frozenset({3}), history=True)
    seen: list[tuple[object, ...]] = []
    events.changed.connect(lambda announced: seen.append(("changed", announced, on_gui_thread())))

    def operation() -> Applied[str]:
        seen.append(("ran", on_gui_thread()))
        return Applied("the value", changes)

    operations.run(operation, success=lambda value: seen.append(("success", value, on_gui_thread())))
    assert not operations.idle
    qtbot.waitUntil(lambda: operations.idle, timeout=5000)
    assert seen == [("ran", False), ("changed", changes, True), ("success", "the value", True)]


def test_bare_changes_are_announced_and_nothing_is_announced_for_no_change(qtbot) -> None:  # type: ignore[no-untyped-def]
    events = AppEvents()
    operations = Operations(events)
    announced: list[Changes] = []
    values: list[object] = []
    events.changed.connect(announced.append)
    deleted = Changes(documents=frozenset({4}))
    operations.run(lambda: deleted, success=values.append)
    operations.run(lambda: Applied(None), success=values.append)  # e.g. Undo with nothing to undo
    qtbot.waitUntil(lambda: operations.idle, timeout=5000)
    assert announced == [deleted]
    assert values == [None, None]


def test_writes_run_one_after_another_in_the_order_asked_for(qtbot) -> None:  # type: ignore[no-untyped-def]
    operations = Operations(AppEvents())
    order: list[str] = []

    def slow() -> Changes:
        time.sleep(0.05)
        order.append("highlight")
        return Changes(history=True)

    operations.run(slow)
    operations.run(lambda: order.append("undo") or Changes(history=True))  # type: ignore[func-returns-value]
    qtbot.waitUntil(lambda: operations.idle, timeout=5000)
    assert order == ["highlight", "undo"]


def test_a_failing_operation_shows_its_message_not_a_traceback(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    events = AppEvents()
    operations = Operations(events, parent)
    messages: list[str] = []
    announced: list[Changes] = []
    succeeded: list[object] = []
    events.status_message.connect(messages.append)
    events.changed.connect(announced.append)

    def missing() -> Changes:
        raise NotFound("no highlight #42")

    def broken() -> Changes:
        raise OSError("disk full")

    operations.run(missing, success=succeeded.append, what="Saving the highlight")
    qtbot.waitUntil(lambda: operations.idle, timeout=5000)
    assert messages == ["no highlight #42"]  # a LecternError's message is shown as it is
    assert parent.findChild(QMessageBox, "operationError") is None

    operations.run(broken, success=succeeded.append, what="Saving the highlight")
    qtbot.waitUntil(lambda: operations.idle, timeout=5000)
    assert messages[-1] == "Saving the highlight failed: disk full"
    box = parent.findChild(QMessageBox, "operationError")  # an unexpected error also gets a dialog
    assert box is not None and box.isVisible() and box.text() == "Saving the highlight failed: disk full"
    assert not any("Traceback" in message for message in messages)
    assert announced == [] and succeeded == []

    heard: list[tuple[str, type]] = []
    operations.run(missing, failure=lambda message, error: heard.append((message, type(error))))
    qtbot.waitUntil(lambda: operations.idle, timeout=5000)
    assert heard == [("no highlight #42", NotFound)]  # the caller shows it where it belongs (a dialog's line)
    assert len(messages) == 2
    box.close()


@pytest.fixture
def opened(qtbot, window: MainWindow, gui_library: Library, article_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    imported = gui_library.documents.import_file(article_file)
    assert imported.value.document is not None
    window.events.changed.emit(imported.changes)
    window.library_panel.select_document(imported.value.document.id)
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=3000)
    return window


def test_a_colour_key_writes_off_the_gui_thread_and_the_reader_draws_it_at_once(
    qtbot, opened: MainWindow, gui_library: Library, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    threads: list[bool] = []
    add = gui_library.annotations.add

    def spying_add(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(on_gui_thread())
        return add(*args, **kwargs)

    monkeypatch.setattr(gui_library.annotations, "add", spying_add)
    announced: list[Changes] = []
    opened.events.changed.connect(announced.append)
    reader = opened.reader
    start = reader.toPlainText().index("Training is not")
    reader.select_range(start, start + len("Training is not"))
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: opened.editor is not None and opened.editor.isVisible(), timeout=3000)

    assert threads == [False]  # the SQLite write ran on a worker thread
    [made] = gui_library.annotations.for_document(reader.document_id)
    [changes] = announced
    assert made.id in changes.annotations and changes.touches_document(reader.document_id)
    # By the time the editor opens, the reader and the panel already show the new highlight.
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in reader.extraSelections()] == [
        (start, start + len("Training is not"))
    ]
    assert opened.highlight_panel.selected_annotation_id() == made.id
    opened.editor.reject()


def test_a_write_that_fails_says_why_in_the_status_bar(
    qtbot, opened: MainWindow, gui_library: Library, settled
) -> None:  # type: ignore[no-untyped-def]
    annotation = gui_library.annotations.add_quote(opened.reader.document_id, "Radars are visible.").value[0]
    opened.edit_annotation(annotation.id)
    qtbot.waitUntil(lambda: opened.editor is not None and opened.editor.isVisible(), timeout=3000)
    gui_library.annotations.delete(annotation.id)  # gone behind the editor's back (another window, the CLI)
    with pytest.raises(NotFound) as expected:
        gui_library.annotations.update(annotation.id, tags=["sensors"])
    announced: list[Changes] = []
    opened.events.changed.connect(announced.append)

    qtbot.keyClicks(opened.editor.tags_edit, "sensors")
    qtbot.mouseClick(opened.editor.save_button, Qt.MouseButton.LeftButton)
    settled(opened)
    assert opened.statusBar().currentMessage() == str(expected.value)
    assert announced == []


# -- no SQLite write on the GUI thread, through a whole session -------------------------------------
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN IMMEDIATE")


@pytest.fixture
def traced(tmp_path: Path, monkeypatch) -> Iterator[tuple[Library, list[str]]]:  # type: ignore[no-untyped-def]
    """A library whose every SQLite connection reports the writes it runs on the GUI thread."""
    traced = trace_gui_thread_statements(monkeypatch, lambda statement: statement.lstrip().upper().startswith(WRITES))
    on_gui, recording = traced.seen, traced.recording
    library = Library(tmp_path / "data", background=True)
    library.recording = recording  # type: ignore[attr-defined]
    yield library, on_gui
    library.close()


def test_no_sqlite_write_runs_on_the_gui_thread(qtbot, traced, make_window, article_file: Path, settled) -> None:  # type: ignore[no-untyped-def]
    library, on_gui = traced
    window = make_window(library)
    library.recording.set()
    window.import_paths([article_file], announce=False)
    qtbot.waitUntil(lambda: not window.import_running and window.reader.document_id is not None, timeout=15000)
    document_id = window.reader.document_id
    start = window.reader.toPlainText().index("Training is not")
    window.reader.select_range(start, start + len("Training is not"))
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_3)  # highlight
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    qtbot.keyClicks(window.editor.tags_edit, "training")
    qtbot.mouseClick(window.editor.save_button, Qt.MouseButton.LeftButton)  # tag it
    settled(window)
    window.tag_controller.rename_tag("training", "drills")
    window.undo.undo()
    window.undo.redo()
    [annotation] = library.annotations.for_document(document_id)
    window.delete_annotation(annotation.id)
    window.saved.save("Training", "training")
    settled(window)
    assert [a.tags for a in library.annotations.for_document(document_id)] == []
    assert [saved.name for saved in library.searches.all()] == ["Training"]
    assert on_gui == []
