"""``search`` counts distinct stories where syndicated copies are among the articles hit, and
``--one-per-story`` folds each story's copies away; run as a user runs them (copies marked with SQL)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from story_library import MENTIONS, QUERY, mark_copies, story_of, write_stories
from test_cli import REPO_ROOT, cli

from annotations.paths import database_path


def with_terminal(*args: str, data_dir: Path) -> tuple[str, str]:
    """Run the CLI with stderr on a terminal (a pseudo-terminal), as a person at a shell runs it: its
    stdout and what it wrote to the terminal."""
    controller, terminal = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != "LECTERN_DATA_DIR"} | {"PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_dir), *args]
    try:
        done = subprocess.run(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=terminal, timeout=60)
    finally:
        os.close(terminal)
    written = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the terminal's other end is closed and everything was read
            break
        if not chunk:
            break
        written += chunk
    os.close(controller)
    assert done.returncode == 0, written
    return done.stdout.decode("utf-8"), written.decode("utf-8")


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """One data folder for every test here (none of them writes): the stories, imported, copies marked."""
    folder = tmp_path_factory.mktemp("cli-stories")

    def write(name: str, content: str | bytes) -> Path:
        path = folder / "incoming" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(content), encoding="utf-8")
        return path

    data = folder / "data"
    run = cli("import", "--json", *write_stories(write), data_dir=data)
    assert run.returncode == 0, run.stderr
    ids = {Path(entry["path"]).name: int(entry["id"]) for entry in run.json()}
    mark_copies(database_path(data), ids)
    return data, ids


@pytest.fixture
def data(library_dir: tuple[Path, dict[str, int]]) -> Path:
    return library_dir[0]


@pytest.fixture
def stories(library_dir: tuple[Path, dict[str, int]]) -> dict[str, int]:
    return library_dir[1]


def test_search_json_and_headline_count_distinct_stories(data: Path, stories: dict[str, int]) -> None:
    found = cli("search", QUERY, "--limit", "200", "--json", data_dir=data).json()
    assert set(found) == {"query", "total", "hits", "articles", "stories"}
    assert (found["total"], found["articles"], found["stories"]) == (len(found["hits"]), 7, 4)
    assert {hit["document_id"] for hit in found["hits"]} == set(stories.values())
    headline = cli("search", QUERY, "--limit", "1", data_dir=data).stdout.splitlines()[0]
    assert headline == f"{found['total']} mentions of {QUERY} in 7 articles (4 distinct stories)"
    # no copy among the hits: the line stays as it was
    alone = cli("search", "tidal", "--limit", "1", data_dir=data)
    assert alone.stdout.splitlines()[0] == "1 mentions of tidal"


def test_one_per_story_keeps_each_storys_first_article(data: Path, stories: dict[str, int]) -> None:
    everything = cli("search", QUERY, "--limit", "200", "--sort", "date", "--json", data_dir=data).json()
    root = story_of(stories)
    first: dict[int, int] = {}
    for hit in everything["hits"]:
        first.setdefault(root[hit["document_id"]], hit["document_id"])
    expected = [hit for hit in everything["hits"] if first[root[hit["document_id"]]] == hit["document_id"]]
    assert first[stories["wire.md"]] == stories["wire-copy-2.md"]  # the newest copy comes first by date
    run = cli("search", QUERY, "--one-per-story", "--limit", "200", "--sort", "date", "--json", data_dir=data)
    folded = run.json()
    assert folded["hits"] == expected and folded["total"] == len(expected)
    assert (folded["articles"], folded["stories"], folded["folded_copies"]) == (4, 4, 3)
    assert folded["folded_hits"] == everything["total"] - len(expected)
    paged = cli("search", QUERY, "--one-per-story", "--sort", "date", "--limit", "2", "--offset", "2", "--json",
                data_dir=data).json()  # fmt: skip
    assert paged["hits"] == expected[2:4] and paged["total"] == len(expected)
    line = cli("search", QUERY, "--one-per-story", "--sort", "date", "--limit", "1", data_dir=data).stdout
    assert line.splitlines()[0] == (
        f"{len(expected)} mentions of {QUERY} in 4 articles, one per story"
        f" (3 copies folded away, with {folded['folded_hits']} mentions)"
    )


def test_every_mention_counts_stories_and_folds_copies(data: Path, stories: dict[str, int]) -> None:
    every = cli("search", QUERY, "--mentions", "--limit", "100", "--json", data_dir=data).json()
    assert set(every) == {"query", "total", "mentions", "articles", "stories"}
    total = sum(MENTIONS.values()) + 1  # + solo.md
    assert (every["total"], every["articles"], every["stories"]) == (total, 6, 4)  # brief-title: its title only
    lines = cli("search", QUERY, "--mentions", "--limit", "2", data_dir=data)
    assert [json.loads(line)["match"].lower() for line in lines.stdout.splitlines()] == [QUERY, QUERY]
    assert lines.stderr == ""  # a script reading the lines does not wait for every mention to be counted
    stdout, stderr = with_terminal("search", QUERY, "--mentions", "--limit", "2", data_dir=data)
    assert stdout == lines.stdout
    assert stderr == f"lectern: {total} mentions in 6 articles (4 distinct stories)\r\n"  # a terminal's newline
    folded = cli("search", QUERY, "--mentions", "--one-per-story", "--sort", "date", "--json", data_dir=data).json()
    kept = {mention["document_id"] for mention in folded["mentions"]}
    assert kept == {stories[name] for name in ("wire-copy-2.md", "local.md", "brief.md", "solo.md")}
    assert folded["total"] == len(folded["mentions"]) == MENTIONS["wire-copy-2.md"] + 3
    assert (folded["articles"], folded["stories"], folded["folded_copies"]) == (4, 4, 2)
    assert folded["folded_mentions"] == total - folded["total"]
    stdout, stderr = with_terminal("search", QUERY, "--mentions", "--one-per-story", "--sort", "date", data_dir=data)
    assert [json.loads(line) for line in stdout.splitlines()] == folded["mentions"]
    assert stderr == (
        f"lectern: {folded['total']} mentions in 4 articles, one per story"
        f" (2 copies folded away, with {folded['folded_mentions']} mentions)\r\n"
    )


def test_one_per_story_refuses_tag(data: Path, stories: dict[str, int]) -> None:
    run = cli("search", QUERY, "--one-per-story", "--tag", "x", data_dir=data)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("lectern: --tag highlights every occurrence, in every copy")
