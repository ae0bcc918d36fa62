"""Rebuilds beside the live index, swapped in with the outbox in one transaction (issue 13, rows 1 and 2).

Real processes: a ``reindex`` killed with SIGKILL part-way, a search run while another process rebuilds.
Never a wrong count with exit status 0.
"""

from __future__ import annotations

import re
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest
from index_safety_helpers import fill, lectern, live_folder, pending, start_lectern, state, wait_for

from annotations.paths import index_path
from app import Library
from index.index_dirs import LOCK_FILE

ARTICLES = 600  # a rebuild of this library takes about two seconds on the 2-CPU test machine


def _count(output: str) -> int:
    found = re.match(r"(\d+) mentions of", output)
    assert found, output
    return int(found.group(1))


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, int]:
    """A library with a live index, and the number of mentions of "zeppelin" in it."""
    data_dir = tmp_path / "data"
    mentions = fill(data_dir, ARTICLES, highlights_each=2)
    first = lectern(data_dir, "search", "zeppelin", "--limit", "0")
    assert first.returncode == 0 and _count(first.stdout) == mentions, first.stderr
    return data_dir, mentions


def test_a_rebuild_killed_part_way_leaves_the_live_index_and_the_next_search_counts_right(
    built: tuple[Path, int],
) -> None:
    data_dir, mentions = built
    live_before = state(data_dir, "index_live")
    rebuild = start_lectern(data_dir, "reindex")
    wait_for(lambda: (state(data_dir, "index_rebuild") or "").count('"progress": 0.') > 0, what="the rebuild to start")
    time.sleep(0.3)  # well into the rebuild, a fraction of its two seconds
    rebuild.send_signal(signal.SIGKILL)
    rebuild.wait(10)
    assert rebuild.returncode == -signal.SIGKILL
    assert state(data_dir, "index_live") == live_before  # nothing half-built went live
    assert len(list(index_path(data_dir).glob("build-*"))) == 2  # the live one and the killed build

    searched = lectern(data_dir, "search", "zeppelin", "--limit", "0")
    assert searched.returncode == 0, searched.stderr
    assert _count(searched.stdout) == mentions
    # the searching process took the lease (the killer's died with it) and cleared the leftover
    assert sorted(path.name for path in index_path(data_dir).iterdir()) == sorted([LOCK_FILE, live_before or ""])
    assert state(data_dir, "index_rebuild") is None


def test_a_first_build_killed_part_way_is_started_again_by_the_next_search(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    mentions = fill(data_dir, ARTICLES, highlights_each=2)
    rebuild = start_lectern(data_dir, "reindex")
    wait_for(lambda: state(data_dir, "index_rebuild") is not None, what="the rebuild to start")
    time.sleep(0.3)
    rebuild.send_signal(signal.SIGKILL)
    rebuild.wait(10)
    assert state(data_dir, "index_live") is None and pending(data_dir) > 0  # the outbox still holds everything

    searched = lectern(data_dir, "search", "zeppelin", "--limit", "0")
    assert searched.returncode == 0, searched.stderr
    assert _count(searched.stdout) == mentions
    assert pending(data_dir) == 0


@pytest.mark.parametrize("live_index", [True, False], ids=["old index answers", "no index yet"])
def test_a_search_while_another_process_rebuilds_is_right_or_says_rebuilding(
    tmp_path: Path, live_index: bool
) -> None:
    data_dir = tmp_path / "data"
    mentions = fill(data_dir, ARTICLES, highlights_each=2)
    if live_index:
        assert lectern(data_dir, "reindex").returncode == 0
    rebuild = start_lectern(data_dir, "reindex")
    try:
        wait_for(lambda: state(data_dir, "index_rebuild") is not None, what="the rebuild to start")
        searched = lectern(data_dir, "search", "zeppelin", "--limit", "0")
        assert state(data_dir, "index_live") is not None or searched.returncode != 0
    finally:
        assert rebuild.wait(60) == 0, rebuild.stderr.read() if rebuild.stderr else ""
    if searched.returncode == 0:
        assert _count(searched.stdout) == mentions
    else:
        assert "rebuilt" in searched.stderr and "try again" in searched.stderr
    if not live_index:  # it had to wait for the other process's rebuild, and said how far it was
        assert "rebuilt" in searched.stderr or "rebuilding" in searched.stderr


def test_a_search_in_process_answers_from_the_old_index_while_a_rebuild_runs(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    mentions = fill(data_dir, ARTICLES, highlights_each=2)
    assert lectern(data_dir, "reindex").returncode == 0
    rebuild = start_lectern(data_dir, "reindex")
    library = Library(data_dir, background=False)
    try:
        wait_for(lambda: state(data_dir, "index_rebuild") is not None, what="the rebuild to start")
        assert library.index.keeper.progress_anywhere() is not None  # another process's progress, from SQLite
        assert library.index.search("zeppelin", limit=0).total == mentions
        assert rebuild.wait(60) == 0
        assert library.index.search("zeppelin", limit=0).total == mentions  # the new live index
    finally:
        library.close()


def test_an_index_in_the_old_layout_is_rebuilt_and_its_files_deleted(built: tuple[Path, int]) -> None:
    data_dir, mentions = built
    folder = index_path(data_dir)
    live = live_folder(data_dir)
    for path in live.iterdir():  # an index directly in data/index, as Lectern wrote it before
        if path.is_file():
            shutil.copy(path, folder / path.name)
    (folder / "lectern-index-version").write_text("6\n")
    shutil.rmtree(live)
    searched = lectern(data_dir, "search", "zeppelin", "--limit", "0")
    assert searched.returncode == 0 and _count(searched.stdout) == mentions, searched.stderr
    assert [path.name for path in folder.iterdir() if path.is_file()] == [LOCK_FILE]


def test_closing_the_window_mid_rebuild_stops_it_promptly_and_nothing_looks_finished(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    mentions = fill(data_dir, ARTICLES * 2, highlights_each=2)
    library = Library(data_dir, background=True)  # as the window opens it: the writer thread rebuilds
    wait_for(lambda: (library.index.rebuild_progress or 0) > 0.05, what="the rebuild to get going")
    started = time.perf_counter()
    library.close()
    assert time.perf_counter() - started < 3
    assert state(data_dir, "index_live") is None and state(data_dir, "index_rebuild") is None
    assert not list(index_path(data_dir).glob("build-*"))  # the stopped build was deleted

    reopened = Library(data_dir, background=False)
    try:
        assert reopened.index.search("zeppelin", limit=0).total == mentions
    finally:
        reopened.close()


def test_index_folders_are_private_to_the_user(built: tuple[Path, int]) -> None:
    data_dir, _ = built
    for folder in (index_path(data_dir), live_folder(data_dir)):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
