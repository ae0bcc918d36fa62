"""Import workers: they die with their parent even inside a long C call, and every file is bounded in
time and memory, even when its parser ignores the alarm. Real worker processes throughout."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.importers import parallel
from annotations.importers.parallel import ParseResult, parse_files, parse_one, unchanged

REPO_ROOT = Path(__file__).resolve().parents[2]


def _hold_the_gil(path: Path) -> ParseResult:
    """A parser stuck in one C call that keeps the GIL: no Python thread of its process can run."""
    re.match(r"(a+)+$", "a" * 64 + "b")
    return ParseResult(path, error="never reached")


def _stubborn(path: Path) -> ParseResult:
    """Parses normally, except a file named stuck.*, for which it blocks the alarm and never finishes."""
    if path.stem == "stuck":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    return parse_one(path)


def _crashing(path: Path) -> ParseResult:
    """Parses normally, except a file named crash.*, on which it takes its whole process down."""
    if path.stem == "crash":
        os.abort()
    return parse_one(path)


def _greedy(path: Path) -> ParseResult:
    """A parser that asks for far more memory than any document needs."""
    hoard = bytearray(4 * 1024**3)
    return ParseResult(path, error=f"got {len(hoard)} bytes")


def _live_members(group: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


@pytest.fixture
def group_leaders() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:  # whatever the outcome, nothing of theirs outlives the test
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)


def test_a_worker_holding_the_gil_dies_with_its_killed_parent(
    tmp_path: Path, group_leaders: list[subprocess.Popen[bytes]]
) -> None:
    article = tmp_path / "article.md"
    article.write_text("# An article\n\nText.\n", encoding="utf-8")
    script = (
        "import sys; from pathlib import Path\n"
        "from annotations.importers.parallel import parse_files, unchanged\n"
        "from test_worker_lifetime import _hold_the_gil\n"
        f"list(parse_files([Path({str(article)!r})], worker=_hold_the_gil, failed=unchanged))\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(Path(__file__).parent)])},
        start_new_session=True,
    )
    group_leaders.append(parent)
    deadline = time.monotonic() + 30
    while len(_live_members(parent.pid)) < 4:  # the parent, the fork server, the tracker, the worker
        assert parent.poll() is None and time.monotonic() < deadline, "the worker never started"
        time.sleep(0.05)
    time.sleep(0.3)  # the worker is inside the regular expression by now

    parent.kill()
    parent.wait(timeout=10)
    killed_at = time.monotonic()
    while _live_members(parent.pid) and time.monotonic() - killed_at < 2:
        time.sleep(0.05)

    assert _live_members(parent.pid) == []


def test_a_parser_that_ignores_the_alarm_is_stopped_and_the_other_files_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for name in ("first", "stuck", "last"):
        paths.append(tmp_path / f"{name}.md")
        paths[-1].write_text(f"# The {name} article\n\nSome text.\n", encoding="utf-8")
    monkeypatch.setenv("LECTERN_IMPORT_SECONDS", "0.5")
    monkeypatch.setattr(parallel, "_BACKSTOP_GRACE_SECONDS", 1.5)

    started = time.monotonic()
    results = list(parse_files(paths, worker=_stubborn, failed=unchanged))

    assert time.monotonic() - started < 8
    assert [result.path for result in results] == paths
    assert [result.parsed.title if result.parsed else result.error for result in results] == [
        "The first article",
        "stuck.md: took longer than 0.5 s to read; skipped",
        "The last article",
    ]


def test_a_file_that_crashes_its_worker_is_named_and_the_other_files_are_kept(tmp_path: Path) -> None:
    paths = []
    for name in ("first", "crash", "last"):
        paths.append(tmp_path / f"{name}.md")
        paths[-1].write_text(f"# The {name} article\n\nSome text.\n", encoding="utf-8")

    results = list(parse_files(paths, worker=_crashing, failed=unchanged))

    assert [result.parsed.title if result.parsed else result.error for result in results] == [
        "The first article",
        "crash.md: the parser crashed on this file",
        "The last article",
    ]


def test_a_file_that_needs_too_much_memory_is_refused_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb.md"
    path.write_text("# Bomb\n", encoding="utf-8")
    monkeypatch.setenv("LECTERN_IMPORT_MEMORY_MB", "1024")

    (result,) = parse_files([path], worker=_greedy, failed=unchanged)

    assert result == ParseResult(path, error="bomb.md: needed more than 1,024 MB of memory to read; skipped")


def test_a_single_parse_from_the_app_runs_in_a_worker_within_the_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = tmp_path / "slow.md"
    slow.write_text("".join(f"Paragraph {number}.\n\n" for number in range(12_000)), encoding="utf-8")
    monkeypatch.setenv("LECTERN_IMPORT_SECONDS", "0.3")
    started = time.monotonic()
    assert parse_one(slow) == ParseResult(slow, error="slow.md: took longer than 0.3 s to read; skipped")
    assert time.monotonic() - started < 5
    assert not parallel._in_worker  # this process only waited: the parse ran in a worker


@pytest.mark.parametrize("way", ["kernel", "thread"])
def test_a_worker_holding_its_lifeline_dies_when_the_last_writer_goes(tmp_path: Path, way: str) -> None:
    read_end, write_end = os.pipe()
    script = (
        "import sys, time\n"
        "from multiprocessing.connection import Connection\n"
        "from annotations.importers import worker_lifetime\n"
        "if sys.argv[2] == 'thread':\n"
        "    worker_lifetime._reopen_privately = lambda fd: None  # as where /proc is missing\n"
        "print(worker_lifetime.hold_lifeline(Connection(int(sys.argv[1]), writable=False)), flush=True)\n"
        "while True:\n"
        "    time.sleep(0.01)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(read_end), way],
        cwd=REPO_ROOT,
        pass_fds=(read_end,),
        stdout=subprocess.PIPE,
        text=True,
    )
    os.close(read_end)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == way
        time.sleep(0.2)
        assert child.poll() is None  # alive while the lifeline is held

        os.close(write_end)

        assert child.wait(timeout=3) == (-signal.SIGKILL if way == "kernel" else 1)
    finally:
        child.kill()
        child.wait()
