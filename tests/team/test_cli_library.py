"""``lectern --library postgresql://…`` run as a user runs it (``python main.py`` in a subprocess) against a
real server: two desktops sharing one team library, and every refusal as one ``lectern: …`` line, exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from file_keyring import FileKeyring
from pg_cluster import ThrowawayCluster, free_port
from team_servers import TeamServer, password_file

from annotations.database import SCHEMA_VERSION
from annotations.paths import database_path
from annotations.pg_connect import KEYRING_SERVICE
from annotations.pg_open import open_team_database

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTICLE = """\
---
title: Interceptors and Radars
author: Jane Doe
date: 2025-03-04
---

Radar exports are visible. Interceptor stocks are finite, and air defense support is scarce.
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def team(pg_cluster: ThrowawayCluster) -> Iterator[TeamServer]:
    made = TeamServer(pg_cluster)
    yield made
    made.drop()


@pytest.fixture
def lectern(tmp_path: Path) -> Iterator[Any]:
    """``lectern(*args, data_dir=…, env={…})``: the command line with no password of the machine's (an empty
    .pgpass, a keyring of the test's own in a file) unless the test gives one."""

    def run(*args: str | Path, data_dir: Path, env: dict[str, str] | None = None) -> Run:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("LECTERN_DATA_DIR", "LECTERN_LIBRARY") and not key.startswith("PG")
        }
        environment |= {
            "PYTHONIOENCODING": "utf-8",
            "PGPASSFILE": str(tmp_path / "no-pgpass"),
            "PYTHONPATH": str(Path(__file__).parent.parent),  # tests/: file_keyring
            "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
            "LECTERN_TEST_KEYRING": str(tmp_path / "keyring.json"),
        } | (env or {})
        completed = subprocess.run(
            [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_dir), *map(str, args)],
            cwd=REPO_ROOT, env=environment, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )  # fmt: skip
        assert "Traceback" not in completed.stderr, completed.stderr
        return Run(completed.returncode, completed.stdout, completed.stderr)

    yield run


def _one_line_failure(run: Run) -> str:
    """The refusal's text: exit 1, nothing on stdout, exactly one ``lectern: …`` line on stderr."""
    assert (run.returncode, run.stdout) == (1, ""), run.stderr
    assert run.stderr.startswith("lectern: ") and run.stderr.count("\n") == 1, run.stderr
    return run.stderr.removeprefix("lectern: ").rstrip("\n")


def test_two_desktops_share_a_team_library_through_library(
    team: TeamServer, lectern: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A imports and highlights; B (another --data-dir, the address from $LECTERN_LIBRARY) finds the note.
    The password never is on the command line: A has it in a .pgpass file, B in the (test's) keyring."""
    owner = team.role("lead", password="lead-pw", owner=True)
    database = team.database(owner)
    url = team.url(database, owner)
    pgpass = {"PGPASSFILE": str(password_file(tmp_path / "pgpass", team.cluster, database, owner, "lead-pw"))}
    article = tmp_path / "interceptors.md"
    article.write_text(ARTICLE, encoding="utf-8")
    desktop_a, desktop_b = tmp_path / "desktop-a", tmp_path / "desktop-b"

    imported = lectern("--library", url, "import", "--json", article, data_dir=desktop_a, env=pgpass)
    assert imported.returncode == 0, imported.stderr
    [entry] = imported.json()
    annotated = lectern(
        "--library", url, "annotate", str(entry["id"]), "--quote", "Interceptor stocks", "--note", "zanzibar",
        "--json", data_dir=desktop_a, env=pgpass,
    )  # fmt: skip
    assert annotated.returncode == 0, annotated.stderr

    monkeypatch.setenv("LECTERN_TEST_KEYRING", str(tmp_path / "keyring.json"))  # the file B's keyring reads
    FileKeyring().set_password(KEYRING_SERVICE, f"{owner}@127.0.0.1:{team.cluster.port}/{database}", "lead-pw")
    found = lectern("search", "zanzibar", "--json", data_dir=desktop_b, env={"LECTERN_LIBRARY": url})
    assert found.returncode == 0, found.stderr
    hits = found.json()["hits"]
    assert [(hit["kind"], hit["document_id"]) for hit in hits] == [("annotation", entry["id"])]
    assert (desktop_b / "team").is_dir()  # B's index of the team library lives in B's data folder

    own = lectern("--library", "", "list", "--json", data_dir=desktop_b, env={"LECTERN_LIBRARY": url})
    assert own.returncode == 0 and own.json() == [], own.stderr  # '' is B's own library, still empty


def test_a_wrong_password(team: TeamServer, lectern: Any, tmp_path: Path) -> None:
    alice = team.role("alice", password="right")
    database = team.database(alice)
    run = lectern("--library", team.url(database, alice, "wrong"), "list", data_dir=tmp_path / "data")
    assert _one_line_failure(run) == f"the server refused the password for {alice} (check ~/.pgpass or the keyring)"


def test_a_port_with_no_server(lectern: Any, tmp_path: Path) -> None:
    port = free_port()
    started = time.monotonic()
    run = lectern("--library", f"postgresql://alice@127.0.0.1:{port}/research", "list", data_dir=tmp_path / "data")
    assert time.monotonic() - started < 5 + 3  # the connect timeout, and Python's start-up
    assert _one_line_failure(run) == f"cannot reach the team library at 127.0.0.1:{port}: connection refused"


def test_a_role_without_grants_is_told_to_ask_the_admin(team: TeamServer, lectern: Any, tmp_path: Path) -> None:
    owner = team.role("owner", password="owner-pw", owner=True)
    database = team.database(owner)
    open_team_database(team.url(database, owner, "owner-pw"), SCHEMA_VERSION).close_all()
    stranger = team.role("stranger", password="pw")
    run = lectern("--library", team.url(database, stranger, "pw"), "list", data_dir=tmp_path / "data")
    assert _one_line_failure(run) == (
        f"{stranger} may not open this team library: ask the team's admin to add you"
        f" (lectern team add-member {stranger})"
    )


def test_a_database_without_lectern_tables(team: TeamServer, lectern: Any, tmp_path: Path) -> None:
    owner = team.role("owner", password="owner-pw", owner=True)
    database = team.database(owner)
    stranger = team.role("stranger", password="pw")
    run = lectern("--library", team.url(database, stranger, "pw"), "search", "radar", data_dir=tmp_path / "data")
    assert _one_line_failure(run) == (
        f"the database {database} on 127.0.0.1:{team.cluster.port} is not a Lectern team library yet: its owner"
        f" must run `lectern team init postgresql://{stranger}@127.0.0.1:{team.cluster.port}/{database}` first"
    )


def test_a_remote_address_without_verified_tls_is_refused(lectern: Any, tmp_path: Path) -> None:
    run = lectern(
        "--library", "postgresql://alice@db.example.org/research?sslmode=disable", "list", data_dir=tmp_path / "data"
    )
    assert _one_line_failure(run) == (
        "the team library at db.example.org:5432 is on another computer, so Lectern connects only with verified"
        " TLS: remove sslmode=disable from the address (sslmode=verify-full is used)"
    )


@pytest.mark.parametrize("command", [("backup", "-o", "copy.sqlite3"), ("backups",), ("restore", "copy.sqlite3")])
def test_commands_on_a_library_file_say_they_do_not_apply(command: tuple[str, ...], lectern: Any, tmp_path: Path) -> None:
    run = lectern("--library", "postgresql://alice@127.0.0.1/research", *command, data_dir=tmp_path / "data")
    assert _one_line_failure(run) == (
        f"`{command[0]}` works on your own library's file; a team library lives on its server, which its admin"
        " backs up (pg_dump)"
    )
    assert not database_path(tmp_path / "data").exists()  # refused before any library was opened or made
