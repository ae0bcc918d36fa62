"""`import` from the CLI: workers die with a SIGKILLed import, every file has a time limit, hostile
Markdown is read in bounded time. Real `main.py` subprocesses, real worker processes, real SQLite."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# Thousands of one-line paragraphs: legitimate Markdown that Python-Markdown reads slowly (its block
# parser is quadratic in the number of blocks), so a worker is surely busy when the test acts.
SLOW_BUT_HONEST = "".join(f"Paragraph number {number}.\n\n" for number in range(12_000))


def _cli(data_dir: Path, *arguments: str) -> list[str]:
    return [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_dir), *arguments]


def _live_members(group: int) -> list[int]:
    """Processes of ``group`` that still run (zombies are dead: only their exit status is left)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state != "Z":
            alive.append(int(entry.name))
    return alive


@pytest.fixture
def session_leader() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes started in their own session; whatever is left of their groups is killed afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)


def test_killing_an_import_leaves_no_process_behind(
    tmp_path: Path, session_leader: list[subprocess.Popen[bytes]]
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    for number in range(14):  # enough files for a pool of workers
        (folder / f"long-{number:02d}.md").write_text(f"# Long {number}\n\n{SLOW_BUT_HONEST}", encoding="utf-8")
    process = subprocess.Popen(
        _cli(tmp_path / "data", "import", str(folder)),
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its group id is its pid: every process it starts shares it
    )
    session_leader.append(process)
    deadline = time.monotonic() + 60
    while len(_live_members(process.pid)) < 4:  # the CLI, the fork server, the tracker, a worker
        assert process.poll() is None, "the import ended before its workers could be seen"
        assert time.monotonic() < deadline, "no worker processes started"
        time.sleep(0.05)

    process.kill()
    process.wait(timeout=10)
    killed_at = time.monotonic()
    while _live_members(process.pid) and time.monotonic() - killed_at < 3:
        time.sleep(0.05)

    assert _live_members(process.pid) == []


def test_markdown_that_defeats_the_parser_is_read_quickly_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "brackets.md").write_text("---\ntitle: Brackets\n---\n\n" + "[" * 20_000, encoding="utf-8")
    (folder / "images.md").write_text("![" * 10_000, encoding="utf-8")
    (folder / "notes.md").write_text("# Field notes\n\nThe [grid](https://example.org) held.\n", encoding="utf-8")

    started = time.monotonic()
    completed = subprocess.run(
        _cli(tmp_path / "data", "import", str(folder), "--json"),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started

    assert elapsed < 5, f"the import took {elapsed:.1f} s"
    rows = {Path(row["path"]).name: row for row in json.loads(completed.stdout)}
    assert rows["notes.md"]["title"] == "Field notes"
    for name in ("brackets.md", "images.md"):
        assert rows[name]["chars"] >= 20_000  # every character kept, as plain text
        (warning,) = rows[name]["warnings"]
        assert warning.startswith(f"{name}: Markdown too tangled to read quickly was kept as plain text")
    with sqlite3.connect(tmp_path / "data" / "lectern.sqlite3") as database:
        assert database.execute("SELECT count(*) FROM documents").fetchone() == (3,)


def test_a_single_file_past_the_time_limit_is_stopped_with_a_message_and_nothing_stored(tmp_path: Path) -> None:
    slow = tmp_path / "slow.md"
    slow.write_text(SLOW_BUT_HONEST, encoding="utf-8")

    started = time.monotonic()
    completed = subprocess.run(
        _cli(tmp_path / "data", "import", str(slow)),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LECTERN_IMPORT_SECONDS": "0.5"},
    )
    elapsed = time.monotonic() - started

    assert completed.returncode != 0
    assert "slow.md: took longer than 0.5 s to read; skipped" in completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr
    assert elapsed < 5
    with sqlite3.connect(tmp_path / "data" / "lectern.sqlite3") as database:
        assert database.execute("SELECT count(*) FROM documents").fetchone() == (0,)
        assert database.execute("SELECT count(*) FROM index_outbox").fetchone() == (0,)
