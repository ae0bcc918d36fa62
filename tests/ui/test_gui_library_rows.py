"""The library list follows a change row by row: a highlight updates its article's count, an article another
process imports is inserted, one it deletes is removed; the list is never reset for that, and the article
the user is on stays selected (a reset re-sorts 5,000 rows on the GUI thread: 1.3 s on the big library)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from gui_thread_sql import trace_gui_thread_statements
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from app import Library
from ui.main_window import MainWindow

REPO_ROOT = Path(__file__).resolve().parents[2]
SHOWN_WITHIN_MS = 5000  # the watcher looks every 0.4 s, then gathers for 0.15 s; the row is read on a worker
WHOLE_LIBRARY_READS = ("FROM documents d ORDER BY", "GROUP BY t.id ORDER BY count", "SELECT DISTINCT at.annotation_id")
OTHER_PROCESS = """\
import pathlib, sys
from app import Library
library = Library(pathlib.Path(sys.argv[1]), background=False)
if sys.argv[2] == "import":
    assert library.documents.import_file(pathlib.Path(sys.argv[3])).value.imported
else:
    library.documents.delete(int(sys.argv[3]))
library.close()
"""


def article(folder: Path, title: str) -> Path:
    path = folder / f"{title.lower().replace(' ', '-')}.md"
    path.write_text(f"# {title}\n\nFindings about {title.lower()}, set out at some length.\n", encoding="utf-8")
    return path


def in_another_process(data: Path, *args: str) -> None:
    run = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(data), *args], cwd=REPO_ROOT,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode == 0, run.stderr


class Watched:
    """The signals a view on the list sees, counted, with Qt's own model checker attached."""

    def __init__(self, window: MainWindow) -> None:
        panel = window.library_panel
        self.panel = panel
        self.checkers = [QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
                         for model in (panel.model, panel.proxy)]  # fmt: skip
        self.resets = 0
        self.inserted = 0
        self.removed = 0
        panel.model.modelReset.connect(self._reset)
        panel.proxy.modelReset.connect(self._reset)
        panel.model.rowsInserted.connect(lambda *_: setattr(self, "inserted", self.inserted + 1))
        panel.model.rowsRemoved.connect(lambda *_: setattr(self, "removed", self.removed + 1))

    def _reset(self) -> None:
        self.resets += 1

    def count_shown(self, document_id: int) -> int:
        row = self.panel.model.row_of(document_id)
        return int(self.panel.model.index(row, 3).data())

    def titles(self) -> list[str]:
        return [self.panel.proxy.index(row, 0).data() for row in range(self.panel.proxy.rowCount())]


@pytest.fixture
def three(gui_library: Library, tmp_path: Path, make_window: Callable[[Library], MainWindow], qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window over three articles, the middle one (by title) selected."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for title in ("Alpha report", "Bravo report", "Charlie report"):
        assert gui_library.documents.import_file(article(folder, title)).value.imported
    window = make_window(gui_library)
    bravo = next(d.id for d in gui_library.documents.summaries() if d.title == "Bravo report")
    window.library_panel.select_document(bravo)
    qtbot.waitUntil(lambda: window.reader.document_id == bravo, timeout=5000)
    return window


def ids_by_title(library: Library) -> dict[str, int]:
    return {summary.title: summary.id for summary in library.documents.summaries()}


def test_a_highlight_updates_only_its_articles_count(qtbot, three: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    ids = ids_by_title(gui_library)
    watched = Watched(three)
    assert watched.count_shown(ids["Alpha report"]) == 0

    three.operations.run(lambda: gui_library.annotations.add(ids["Alpha report"], 0, 8))
    qtbot.waitUntil(lambda: watched.count_shown(ids["Alpha report"]) == 1, timeout=5000)

    assert watched.resets == 0
    assert watched.count_shown(ids["Bravo report"]) == 0
    assert three.library_panel.current_document_id() == ids["Bravo report"]
    assert watched.titles() == ["Alpha report", "Bravo report", "Charlie report"]


def test_sorting_by_count_moves_the_changed_row_and_keeps_the_selection(qtbot, three: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    ids = ids_by_title(gui_library)
    three.library_panel.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    watched = Watched(three)

    three.operations.run(lambda: gui_library.annotations.add(ids["Charlie report"], 0, 8))
    qtbot.waitUntil(lambda: watched.titles()[0] == "Charlie report", timeout=5000)

    assert watched.resets == 0
    assert three.library_panel.current_document_id() == ids["Bravo report"]
    assert three.library_panel.table.selectionModel().selectedRows()[0].data() == "Bravo report"


def test_an_article_another_process_imports_is_inserted(qtbot, three: MainWindow, gui_library: Library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    watched = Watched(three)
    in_another_process(gui_library.data_dir, "import", str(article(tmp_path, "Able memo")))

    qtbot.waitUntil(lambda: "Able memo" in watched.titles(), timeout=SHOWN_WITHIN_MS)
    qtbot.waitUntil(lambda: three.operations.idle, timeout=5000)

    assert watched.titles() == ["Able memo", "Alpha report", "Bravo report", "Charlie report"]
    assert watched.inserted == 1 and watched.resets == 0
    assert three.library_panel.current_document_id() == ids_by_title(gui_library)["Bravo report"]
    assert three.library_panel.caption.text() == "Library · 4 articles"


def test_an_article_another_process_deletes_is_removed(qtbot, three: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    ids = ids_by_title(gui_library)
    watched = Watched(three)
    in_another_process(gui_library.data_dir, "delete", str(ids["Alpha report"]))

    qtbot.waitUntil(lambda: "Alpha report" not in watched.titles(), timeout=SHOWN_WITHIN_MS)

    assert watched.titles() == ["Bravo report", "Charlie report"]
    assert watched.removed == 1 and watched.resets == 0
    assert three.library_panel.current_document_id() == ids["Bravo report"]
    assert three.library_panel.caption.text() == "Library · 2 articles"


def test_deleting_the_article_in_view_leaves_no_neighbour_opened(qtbot, three: MainWindow, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    ids = ids_by_title(gui_library)
    watched = Watched(three)
    opened: list[int] = []
    three.library_panel.document_selected.connect(opened.append)

    three.operations.run(lambda: gui_library.documents.delete(ids["Bravo report"]))
    qtbot.waitUntil(lambda: "Bravo report" not in watched.titles(), timeout=5000)

    assert opened == [] and watched.resets == 0
    assert three.library_panel.current_document_id() is None


def test_a_tagged_highlight_reads_the_list_and_the_tag_counts_off_the_gui_thread(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch, make_window: Callable[[Library], MainWindow]
) -> None:
    """The whole-library reads (every article's summary, every tag's count) would stall a big library's window."""
    traced = trace_gui_thread_statements(monkeypatch)
    on_gui, recording = traced.seen, traced.recording
    library = Library(tmp_path / "data", background=True)
    try:
        folder = tmp_path / "articles"
        folder.mkdir()
        first = library.documents.import_file(article(folder, "Alpha report")).value.document
        library.annotations.add(first.id, 0, 5, tags=["drills"])
        window = make_window(library)
        window.side_tabs.setCurrentWidget(window.tag_manager)
        qtbot.waitUntil(lambda: window.tag_manager.summary_label.text().startswith("1 tag"), timeout=5000)
        watched = Watched(window)

        recording.set()
        window.operations.run(lambda: library.annotations.add(first.id, 9, 14, tags=["drills", "radar"]))
        qtbot.waitUntil(lambda: watched.count_shown(first.id) == 2, timeout=5000)
        qtbot.waitUntil(lambda: window.tag_manager.summary_label.text() == "2 tags · 3 uses", timeout=5000)
        recording.clear()

        # (the reader re-reading its one article's highlights is proportional; these are whole-library reads)
        whole_library = [s for s in on_gui if any(read in s for read in WHOLE_LIBRARY_READS)]
        assert whole_library == []
        assert watched.resets == 0
    finally:
        recording.clear()
        library.close()
