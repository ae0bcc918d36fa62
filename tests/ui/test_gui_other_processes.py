"""The window beside other processes on the same library: a CLI ``annotate``, ``import``, ``annotation
delete`` or ``tags set`` run in a shell shows in the open window within a couple of seconds, exactly as
the window's own writes do; the window's own writes are not announced twice; and a search index that
cannot be written is said once in the status bar, then cleared when it catches up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from unwritable import index_unwritable

from app import Changes, Library
from app.external_changes import ForeignChanges
from ui.main_window import MainWindow

REPO_ROOT = Path(__file__).resolve().parents[2]
SHOWN_WITHIN_MS = 2500  # the watcher looks every 0.4 s; the writer indexes; views refresh
QUOTE = "Training is not"
SAVE_SEARCH = """\
import pathlib, sys
from app import Library
library = Library(pathlib.Path(sys.argv[1]), background=False)
library.searches.save("Drills", "tag:drills")
library.close()
"""  # another process saving a search: no CLI command does that


def lectern(data: Path, *args: str) -> str:
    """``python main.py --data-dir DATA ...`` in a process of its own, as a user runs it in a shell; its stdout."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run([sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data), *args],
                         cwd=REPO_ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)  # fmt: skip
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return run.stdout


@pytest.fixture
def opened(gui_library: Library, article_file: Path, make_window: Callable[[Library], MainWindow], qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window reading the one article of its library."""
    assert gui_library.documents.import_file(article_file).value.imported
    gui_library.index.flush()
    window = make_window(gui_library)
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    return window


def searched(qtbot, window: MainWindow, query: str) -> int:  # type: ignore[no-untyped-def]
    """Run ``query`` in the Search tab as the user would; the number of hits it shows."""
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=5000):
        window.search_panel.set_query(query)
    return window.search_panel.model.rowCount()


def test_a_highlight_made_in_a_shell_shows_in_the_open_window_and_its_search(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    data, document_id = opened.library.data_dir, opened.reader.document_id
    assert opened.highlight_panel.model.rowCount() == 0
    [made] = json.loads(lectern(data, "annotate", str(document_id), "--quote", QUOTE, "--tag", "drills", "--json"))
    qtbot.waitUntil(lambda: opened.highlight_panel.model.rowCount() == 1, timeout=SHOWN_WITHIN_MS)
    assert [annotation.id for annotation in opened.reader.annotations] == [made["id"]]  # the reader's marks
    opened.show_tag_manager()  # a hidden tag tree refreshes when shown
    qtbot.waitUntil(lambda: opened.tag_manager.node("drills") is not None, timeout=3000)
    assert opened.tag_manager.node("drills").own == 1  # type: ignore[union-attr]
    assert searched(qtbot, opened, "tag:drills") == 1
    assert opened.search_panel.model.hit_at(0).annotation_id == made["id"]


def test_an_article_imported_in_a_shell_shows_in_the_library_table_and_search(qtbot, opened: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "incoming" / "patriots.md"
    path.write_text("# Second notes\n\nPatriot batteries moved north in March.\n", encoding="utf-8")
    assert opened.library_panel.model.rowCount() == 1
    lectern(opened.library.data_dir, "import", str(path))
    qtbot.waitUntil(lambda: opened.library_panel.model.rowCount() == 2, timeout=SHOWN_WITHIN_MS)
    assert searched(qtbot, opened, "Patriot") == 1


def test_a_highlight_deleted_in_a_shell_disappears_from_the_reader(qtbot, opened: MainWindow, settled) -> None:  # type: ignore[no-untyped-def]
    library, document_id = opened.library, opened.reader.document_id
    text = opened.reader.toPlainText()
    start = text.index(QUOTE)
    opened.reader.select_range(start, start + len(QUOTE))
    opened.highlight_controller.annotate(start, start + len(QUOTE), "yellow")
    settled(opened)
    [own] = library.annotations.for_document(document_id)
    qtbot.waitUntil(lambda: len(opened.reader.annotations) == 1, timeout=3000)
    lectern(library.data_dir, "annotation", "delete", str(own.id))
    qtbot.waitUntil(lambda: opened.reader.annotations == [], timeout=SHOWN_WITHIN_MS)
    assert opened.highlight_panel.model.rowCount() == 0


def test_tag_details_and_saved_searches_made_elsewhere_show_too(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    data, document_id = opened.library.data_dir, opened.reader.document_id
    opened.show_tag_manager()
    lectern(data, "annotate", str(document_id), "--quote", QUOTE, "--tag", "drills")
    qtbot.waitUntil(lambda: opened.tag_manager.node("drills") is not None, timeout=SHOWN_WITHIN_MS)
    lectern(data, "tags", "set", "drills", "--color", "green")  # leaves no outbox row
    qtbot.waitUntil(lambda: opened.tag_manager.node("drills").color == "green", timeout=SHOWN_WITHIN_MS)  # type: ignore[union-attr]
    subprocess.run([sys.executable, "-c", SAVE_SEARCH, str(data)], cwd=REPO_ROOT, check=True, timeout=60)
    names = lambda: [saved.name for saved in opened.saved.panel.model.searches()]  # noqa: E731
    qtbot.waitUntil(lambda: names() == ["Drills"], timeout=SHOWN_WITHIN_MS)


def test_a_claim_made_and_edited_in_a_shell_shows_in_the_claims_tab(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    data = opened.library.data_dir
    opened.show_claims()
    model = opened.claims_panel.model
    texts = lambda: [model.claim_at(row).text for row in range(model.rowCount())]  # noqa: E731
    lectern(data, "claim", "add", "Experts visited Tehran in April")  # touches no highlight, no outbox row
    qtbot.waitUntil(lambda: texts() == ["Experts visited Tehran in April"], timeout=SHOWN_WITHIN_MS)
    lectern(data, "claim", "edit", "1", "--text", "Experts visited Tehran twice")
    qtbot.waitUntil(lambda: texts() == ["Experts visited Tehran twice"], timeout=SHOWN_WITHIN_MS)


def test_the_windows_own_highlight_is_announced_once(qtbot, opened: MainWindow, settled) -> None:  # type: ignore[no-untyped-def]
    announced: list[Changes] = []
    opened.events.changed.connect(announced.append)
    start = opened.reader.toPlainText().index(QUOTE)
    opened.highlight_controller.annotate(start, start + len(QUOTE), "yellow")
    settled(opened)
    qtbot.wait(1500)  # several looks of the watcher, and the index commit
    assert len(announced) == 1 and announced[0].history


def test_pressing_a_colour_twice_on_one_selection_keeps_one_highlight(qtbot, opened: MainWindow, settled) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    start = opened.reader.toPlainText().index(QUOTE)
    for _ in range(2):
        opened.reader.select_range(start, start + len(QUOTE))
        opened.reader.setFocus()
        qtbot.keyClick(opened.reader, Qt.Key.Key_1)
        settled(opened)
        qtbot.waitUntil(lambda: opened.editor is not None and opened.editor.isVisible(), timeout=3000)
        opened.editor.close()  # type: ignore[union-attr]
    assert len(opened.library.annotations.for_document(opened.reader.document_id)) == 1
    assert opened.highlight_panel.model.rowCount() == 1


def test_a_burst_of_reports_from_other_threads_becomes_one_refresh(qtbot, opened: MainWindow) -> None:  # type: ignore[no-untyped-def]
    announced: list[Changes] = []
    opened.events.changed.connect(announced.append)
    reports = [
        ForeignChanges(Changes(documents=frozenset({7}))),
        ForeignChanges(Changes(annotations=frozenset({8}), annotated_documents=frozenset({7}), tags=True)),
        ForeignChanges(Changes(annotations=frozenset({9}), tags=True), deleted_annotations=frozenset({9})),
    ]
    sender = threading.Thread(target=lambda: [opened.external_changes.report(report) for report in reports])
    sender.start()
    sender.join()
    qtbot.waitUntil(lambda: len(announced) == 1, timeout=2000)
    qtbot.wait(400)
    shown = opened.reader.document_id  # a deleted highlight's article is unknown: the open one is redrawn
    assert announced == [
        Changes(documents=frozenset({7}), annotations=frozenset({8, 9}), annotated_documents=frozenset({7, shown}),
                tags=True)  # fmt: skip
    ]


def test_the_watcher_stops_with_the_window(opened: MainWindow) -> None:
    watcher = opened.external_changes.watcher
    assert watcher.running
    opened.close()
    assert not watcher.running


def test_an_index_that_cannot_be_written_is_said_once_and_cleared_when_it_catches_up(qtbot, opened: MainWindow, settled) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    opened.index_status.problem_shown.connect(shown.append)
    start = opened.reader.toPlainText().index(QUOTE)
    with index_unwritable(opened.library.data_dir):
        opened.highlight_controller.annotate(start, start + len(QUOTE), "yellow")
        settled(opened)
        qtbot.waitUntil(lambda: opened.index_status.label.isVisible(), timeout=5000)
        qtbot.wait(1500)  # the writer retries every half second
    assert len(shown) == 1
    assert "search index could not be updated" in shown[0] and "saved" in shown[0]
    assert opened.highlight_panel.model.rowCount() == 1  # the highlight itself is saved and shown
    qtbot.waitUntil(lambda: not opened.index_status.label.isVisible(), timeout=5000)
    assert opened.index_status.problem == ""
    assert searched(qtbot, opened, f'"{QUOTE}"') >= 1
