"""Syndicated copies in the library table, as a user meets them: a copy is listed under its story's earliest
article with "96 % the same as #12 (Reuters, 2024-09-20)", View → Hide Syndicated Copies leaves copies out
(and is remembered), an earlier article imported later takes its copies over on screen, and the window marks
the copies of a library from before copies."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from copy_texts import OTHER_STORY, markdown, original, syndicated
from own_settings import own_settings
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QAbstractItemModelTester

from annotations.models import DocumentMetadata
from app import Library
from ui.library.copies import HIDE_COPIES_KEY
from ui.library.model import COPY_COLUMN, COPY_MARK, DOCUMENT_ID_ROLE
from ui.main_window import MainWindow

SCREENSHOT = os.environ.get("LECTERN_COPIES_SCREENSHOT")  # a path: save the library panel there (to look at it)


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path) -> Iterator[None]:
    """Settings of the test's own, so "Hide Syndicated Copies" starts off and never leaks into other tests."""
    with own_settings(tmp_path / "settings"):
        QSettings().remove(HIDE_COPIES_KEY)
        yield


def write(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def import_one(library: Library, path: Path) -> int:
    outcome = library.documents.import_file(path).value
    assert outcome.document is not None, outcome.error
    return outcome.document.id


def shown(window: MainWindow) -> list[tuple[int, str, str]]:
    """(id, title, copy column) of each row, in the table's order."""
    proxy = window.library_panel.proxy
    return [(int(proxy.index(row, 0).data(DOCUMENT_ID_ROLE)), proxy.index(row, 0).data(),
             proxy.index(row, COPY_COLUMN).data()) for row in range(proxy.rowCount())]  # fmt: skip


def view_action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    [view] = [action.menu() for action in window.menuBar().actions() if action.text() == "&View"]
    return next(action for action in view.actions() if action.text() == text)


@pytest.fixture
def story(gui_library: Library, tmp_path: Path) -> dict[str, int]:
    """Two outlets' copies imported first, then an unrelated article, then the wire story (the earliest)."""
    folder = tmp_path / "incoming"
    ids = {
        "zebra": import_one(gui_library, write(folder, "zebra.md", markdown("Zebra Daily: cranes idle", "2024-09-22", syndicated(drop=None)))),
        "another": import_one(gui_library, write(folder, "another.md", markdown("Another outlet on the cranes", "2024-09-21", syndicated()))),
        "trains": import_one(gui_library, write(folder, "trains.md", markdown("Night trains return", "2024-09-23", original(OTHER_STORY, "Night trains")))),
    }  # fmt: skip
    ids["wire"] = import_one(gui_library, write(folder, "wire.md", markdown("Storm damage closes harbour cranes", "2024-09-20", original())))
    gui_library.documents.update_metadata(ids["wire"], DocumentMetadata(site="Reuters"))
    return ids


def test_copies_are_listed_under_their_story_and_labelled(
    qtbot, story: dict[str, int], gui_library: Library, make_window: Callable[[Library], MainWindow], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(gui_library)
    panel = window.library_panel
    QAbstractItemModelTester(panel.proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    wire, another, zebra, trains = story["wire"], story["another"], story["zebra"], story["trains"]
    rows = shown(window)
    assert [row[0] for row in rows] == [trains, wire, another, zebra]  # by title: "Another…" stays with its story
    assert rows[2][1] == COPY_MARK + "Another outlet on the cranes"
    similarity = gui_library.documents.get(another).copy_similarity
    assert similarity is not None and rows[2][2] == f"{round(100 * similarity)} %"
    assert rows[0][2] == rows[1][2] == ""
    copy_cell = panel.proxy.index(2, COPY_COLUMN)
    label = f"{round(100 * similarity)} % the same as #{wire} (Reuters, 2024-09-20)"
    assert copy_cell.data(Qt.ItemDataRole.ToolTipRole) == label
    assert label in panel.proxy.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert not panel.table.isColumnHidden(COPY_COLUMN)

    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [row[0] for row in shown(window)] == [wire, another, zebra, trains]  # the root still heads its story

    panel.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    if SCREENSHOT:
        window.library_panel.grab().save(SCREENSHOT)

    hide = view_action(window, "Hide Syndicated &Copies")
    assert not hide.isChecked()
    hide.trigger()
    assert [row[0] for row in shown(window)] == [trains, wire]
    assert panel.caption.text() == "Library · 4 articles (2 copies hidden)"
    assert QSettings().value(HIDE_COPIES_KEY) in (True, "true")
    window.close()

    again = make_window(gui_library)  # remembered
    assert view_action(again, "Hide Syndicated &Copies").isChecked()
    assert sorted(row[0] for row in shown(again)) == sorted([wire, trains])
    view_action(again, "Hide Syndicated &Copies").trigger()
    assert len(shown(again)) == 4


def test_an_earlier_article_imported_in_the_window_takes_its_copies_over(
    qtbot, gui_library: Library, make_window: Callable[[Library], MainWindow], tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "incoming"
    first = import_one(gui_library, write(folder, "a.md", markdown("Another outlet on the cranes", "2024-09-21", syndicated())))
    second = import_one(gui_library, write(folder, "z.md", markdown("Zebra Daily: cranes idle", "2024-09-22", syndicated(drop=None))))
    window = make_window(gui_library)
    assert shown(window)[0][2] == "" and shown(window)[1][2] != ""  # the first copy is its story's root so far
    import_through(window, [write(folder, "wire.md", markdown("Storm damage closes harbour cranes", "2024-09-20", original()))])
    wire = next(s.id for s in gui_library.documents.summaries() if s.title.startswith("Storm"))
    qtbot.waitUntil(lambda: [row[0] for row in shown(window)] == [wire, first, second], timeout=5000)
    assert all(row[2].endswith("%") for row in shown(window)[1:])
    tooltip = window.library_panel.proxy.index(1, COPY_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.endswith(f"the same as #{wire} (2024-09-20)")


def test_the_window_marks_the_copies_of_an_older_library(
    qtbot, gui_library: Library, make_window: Callable[[Library], MainWindow], tmp_path: Path, settled
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "incoming"
    wire = import_one(gui_library, write(folder, "wire.md", markdown("Storm damage closes harbour cranes", "2024-09-20", original())))
    copy = import_one(gui_library, write(folder, "a.md", markdown("Another outlet on the cranes", "2024-09-21", syndicated())))
    with sqlite3.connect(gui_library.store.path) as connection:  # as schema 6 leaves an older library
        connection.execute("DELETE FROM document_fingerprints")
        connection.execute("UPDATE documents SET copy_of = NULL, copy_similarity = NULL")
    window = make_window(gui_library)
    qtbot.waitUntil(lambda: not window.library_controller.copies.marking, timeout=10000)
    settled(window)
    qtbot.waitUntil(lambda: [row[0] for row in shown(window)] == [wire, copy] and shown(window)[1][2] != "", timeout=5000)
    assert gui_library.documents.get(copy).copy_of == wire
