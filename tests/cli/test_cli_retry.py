"""CLI writes are safe to run again and say once, in words, when only the search index lagged behind.

A command whose change is committed exits 0 even when the index cannot be updated (a failed exit
invites a retry); a retry of ``annotate`` finds its highlight already there instead of stacking a
second one. Real subprocesses on a real data folder.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from test_cli import REPO_ROOT, cli, show
from unwritable import index_unwritable

from app import Library


def annotate(data: Path, article_id: int, *options: str) -> list[dict[str, object]]:
    run = cli("annotate", str(article_id), *options, "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    made = run.json()
    assert isinstance(made, list)
    return made


def annotation_hits(data: Path, query: str) -> list[int]:
    run = cli("search", query, "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    return [hit["annotation_id"] for hit in run.json()["hits"] if hit["kind"] == "annotation"]


def test_annotate_run_twice_keeps_one_highlight_and_says_it_was_there(data: Path, article_id: int) -> None:
    options = ("--quote", "Radar exports", "--tag", "radar", "--note", "first")
    [made] = annotate(data, article_id, *options)
    [again] = annotate(data, article_id, *options)
    assert made["created"] is True
    assert again == made | {"created": False}
    text = cli("annotate", str(article_id), *options, data_dir=data)
    assert (text.returncode, text.stderr) == (0, "")
    assert text.stdout == f"already highlighted #{made['id']} at {made['start']}–{made['end']}: Radar exports\n"
    assert [entry["id"] for entry in show(data, article_id)["annotations"]] == [made["id"]]
    assert annotation_hits(data, "tag:radar") == [made["id"]]


def test_annotate_all_adds_only_what_is_missing_and_another_style_is_another_mark(data: Path, article_id: int) -> None:
    [first] = annotate(data, article_id, "--quote", "Radar")
    every = annotate(data, article_id, "--quote", "Radar", "--all")
    assert [(entry["id"] == first["id"], entry["created"]) for entry in every] == [(True, False), (False, True)]
    [underline] = annotate(data, article_id, "--quote", "Radar", "--underline")
    assert underline["created"] is True and underline["style"] == "underline"
    assert len(show(data, article_id)["annotations"]) == 3


def test_a_change_saved_while_the_index_cannot_be_written_exits_0_says_so_once_and_is_caught_up(
    data: Path, article_id: int
) -> None:
    options = ("--quote", "Training is quiet", "--tag", "drills")
    with index_unwritable(data):
        run = cli("annotate", str(article_id), *options, "--json", data_dir=data)
        assert run.returncode == 0, run.stderr
        [made] = run.json()  # stdout is still one valid JSON document
        assert made["created"] is True
        [line] = run.stderr.splitlines()
        assert line.startswith("lectern: the search index could not be updated (") and "change is saved" in line
        retry = cli("annotate", str(article_id), *options, data_dir=data)  # the user tries again, still broken
        assert retry.returncode == 0
        assert retry.stdout.startswith(f"already highlighted #{made['id']} ")
        assert len(retry.stderr.splitlines()) == 1
    assert [entry["id"] for entry in show(data, article_id)["annotations"]] == [made["id"]]
    assert annotation_hits(data, "tag:drills") == [made["id"]]  # the next process caught the index up


def test_a_write_while_another_process_holds_the_index_is_quiet_and_that_process_indexes_it(
    data: Path, article_id: int
) -> None:
    holder = Library(data, background=True)  # its index writer holds the index, as the open window's does
    try:
        holder.index.flush()
        run = cli("annotate", str(article_id), "--quote", "Interceptor stocks", "--tag", "stocks", "--json",
                  data_dir=data)  # fmt: skip
        assert (run.returncode, run.stderr) == (0, "")
        [made] = run.json()
        assert holder.index.pending_changes() == 1  # left for the holder of the index, not drained by the CLI
        holder.index.changed()  # what the window's watcher does when another process commits
        holder.index.flush()
        hits = holder.index.search("tag:stocks").hits
        assert [hit.annotation_id for hit in hits] == [made["id"]]
    finally:
        holder.close()


def test_an_import_killed_part_way_and_run_again_stores_each_file_once(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for number in range(30):
        (folder / f"report-{number:02}.md").write_text(
            f"# Report {number}\n\nThe depot at site {number} shipped {number * 7} crates of spare parts.\n",
            encoding="utf-8",
        )
    command = [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data), "import", str(folder)]
    running = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while stored_documents(data) == 0 and running.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        os.killpg(running.pid, signal.SIGKILL)  # the import and any workers it started
        running.wait()
    before = stored_documents(data)
    again = cli("import", "--json", folder, data_dir=data)
    assert again.returncode == 0, again.stderr
    entries = again.json()
    assert sum("id" in entry for entry in entries) == 30 - before  # only what the killed run had not stored
    assert sum("duplicate_of" in entry for entry in entries) == before
    listed = cli("list", "--json", data_dir=data).json()
    assert sorted(entry["title"] for entry in listed) == sorted(f"Report {number}" for number in range(30))
    search = cli("search", '"spare parts"', "--json", data_dir=data).json()
    assert search["total"] == 30  # each article indexed once, those of the killed run included


def stored_documents(data: Path) -> int:
    """How many articles the library file holds now (0 before it exists), read beside the running import."""
    try:
        with closing(sqlite3.connect(f"file:{data / 'lectern.sqlite3'}?mode=ro", uri=True, timeout=5)) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or its tables not yet
        return 0
