"""Syndicated copies in the search panel, as a user meets them: the count line names the distinct stories,
"One per story" folds each story's copies away (and is remembered), and a copy's result says whose."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from own_settings import own_settings
from PySide6.QtCore import QSettings
from story_library import MENTIONS, QUERY, import_stories, mark_copies, write_stories

from annotations.paths import database_path
from app import Library
from ui.main_window import MainWindow
from ui.search.model import HTML_ROLE
from ui.search.panel import ONE_PER_STORY_KEY, SearchPanel

SCREENSHOT = os.environ.get("LECTERN_STORIES_SCREENSHOT")  # a path: save the panel there (to look at it)


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path: Path) -> Iterator[None]:
    """Settings of the test's own, so "One per story" starts off and never leaks into other tests."""
    with own_settings(tmp_path / "settings"):
        QSettings().remove(ONE_PER_STORY_KEY)
        yield


@pytest.fixture
def stories(gui_library: Library, tmp_path: Path) -> dict[str, int]:
    """The stories imported (before the window opens) and their copies marked."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / "incoming" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(content), encoding="utf-8")
        return path

    ids = import_stories(gui_library, write_stories(write))
    mark_copies(database_path(gui_library.data_dir), ids)
    return ids


def shot(panel: SearchPanel, path: str) -> None:
    """The panel as a picture, its results given most of the height."""
    panel.resize(720, 640)
    panel.splitter.setSizes([480, 120])
    panel.grab().save(path)


def search(qtbot, panel: SearchPanel, query: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.search_finished, timeout=10000):
        panel.set_query(query)


def test_counts_name_stories_and_one_per_story_folds_copies(qtbot, stories: dict[str, int], gui_library: Library,  # type: ignore[no-untyped-def]
                                                            make_window) -> None:  # fmt: skip
    window: MainWindow = make_window(gui_library)
    panel = window.search_panel
    assert not panel.story_box.isChecked()
    panel.set_concordance_mode(True)
    search(qtbot, panel, QUERY)
    total = sum(MENTIONS.values()) + 1  # + solo.md
    assert panel.message_label.text().startswith(f"{total} mentions in 6 articles (4 distinct stories).")
    unfolded = panel.concordance_model.line_count()
    assert unfolded == total

    with qtbot.waitSignal(panel.search_finished, timeout=10000):
        panel.story_box.click()  # as a user ticks it: the search runs again
    assert QSettings().value(ONE_PER_STORY_KEY, type=bool) is True
    folded = panel.concordance_model.line_count()
    kept = {row.document_id for row in panel.concordance_model.rows}
    assert folded < unfolded and len(kept) == 4  # one article per story: wire, local, brief, solo
    assert len(kept & {stories["wire.md"], stories["wire-copy-1.md"], stories["wire-copy-2.md"]}) == 1
    assert panel.message_label.text().startswith(f"{folded} mentions in 4 articles, one per story (2 copies folded")
    if SCREENSHOT:
        shot(panel, SCREENSHOT)

    # the results list: a copy says whose copy it is; folded, the story's other articles are gone
    panel.set_concordance_mode(False)
    qtbot.waitUntil(lambda: panel.message_label.text().endswith("Double-click one to open it."), timeout=10000)
    shown = {panel.model.hit_at(row).document_id for row in range(panel.model.rowCount())}
    assert len(shown & {stories["brief.md"], stories["brief-title.md"]}) == 1
    with qtbot.waitSignal(panel.search_finished, timeout=10000):
        panel.story_box.click()
    assert QSettings().value(ONE_PER_STORY_KEY, type=bool) is False
    rows = [panel.model.index(row) for row in range(panel.model.rowCount())]
    marked = {index.data(HTML_ROLE).split("copy of #")[1].split("<")[0] for index in rows
              if "copy of #" in index.data(HTML_ROLE)}  # fmt: skip
    assert marked == {str(stories["wire.md"]), str(stories["brief.md"])}
    assert len(rows) > len(shown)
    if SCREENSHOT:
        shot(panel, SCREENSHOT.replace(".png", "-results.png"))
    assert panel.message_label.text().startswith(f"{len(rows)} mentions in 7 articles (4 distinct stories).")


def test_one_per_story_is_remembered(qtbot, gui_library: Library, make_window) -> None:  # type: ignore[no-untyped-def]
    QSettings().setValue(ONE_PER_STORY_KEY, True)
    window = make_window(gui_library)
    assert window.search_panel.story_box.isChecked() and window.search_panel.one_per_story
