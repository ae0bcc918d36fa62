"""Libraries built straight into the store, and the CLI run as a real process, for the index-safety tests."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotations.models import ParsedDocument
from annotations.paths import database_path, index_path
from annotations.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
WORDS = "radar convoy harbour sensor treaty budget winter grid drone supply".split()


def article_text(number: int, words: int = 400) -> str:
    """A text of ``words`` words; "zeppelin" occurs in every third article, once per 100 words."""
    chosen = [WORDS[(number * 7 + index * 3) % len(WORDS)] for index in range(words)]
    if number % 3 == 0:
        for index in range(0, words, 100):
            chosen[index] = "zeppelin"
    return f"Article {number}. " + " ".join(chosen) + "."


def fill(data_dir: Path, articles: int, highlights_each: int = 0, first: int = 0) -> int:
    """Store ``articles`` articles (and a few highlights on each, on "zeppelin" where there is one);
    returns how many mentions of zeppelin the library then holds (articles' and highlights')."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(database_path(data_dir))
    mentions = 0
    try:
        for number in range(first, first + articles):
            text = article_text(number)
            document = store.add_document(
                ParsedDocument(title=f"Report {number}", html=f"<p>{text}</p>", text=text, format="txt")
            )
            mentions += text.count("zeppelin")
            for index in range(highlights_each):
                start = text.find("zeppelin") if index == 0 and "zeppelin" in text else 8 + index * 7
                store.add_annotation(document.id, start, start + 8)
                mentions += int(text[start : start + 8] == "zeppelin")
    finally:
        store.close()
    return mentions


def state(data_dir: Path, name: str) -> str | None:
    with sqlite3.connect(database_path(data_dir)) as connection:
        row = connection.execute("SELECT value FROM library_state WHERE name = ?", (name,)).fetchone()
    return None if row is None else row[0]


def pending(data_dir: Path) -> int:
    with sqlite3.connect(database_path(data_dir)) as connection:
        return int(connection.execute("SELECT count(*) FROM index_outbox").fetchone()[0])


def live_folder(data_dir: Path) -> Path:
    name = state(data_dir, "index_live")
    assert name is not None, "no live index"
    return index_path(data_dir) / name


def lectern(data_dir: Path, *arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``main.py --data-dir DATA ARGUMENTS`` as a real process."""
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_dir), *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def start_lectern(data_dir: Path, *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_dir), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def wait_for(condition: object, timeout: float = 30.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


HOLD_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def hold_lock(path: Path) -> subprocess.Popen[str]:
    """Another process holding an exclusive flock on ``path`` until its stdin is closed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(10)
