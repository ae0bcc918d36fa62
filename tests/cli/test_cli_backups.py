"""``backup``, ``restore`` and ``backups`` from the command line, and a damaged database met at start."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotations.paths import database_path

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "resources" / "samples"


def cli(data_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "LECTERN_DATA_DIR"} | {"PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=REPO_ROOT, timeout=120,
    )  # fmt: skip


def sample_library(data_dir: Path) -> None:
    """The three sample articles and one tagged highlight (set up in this process: the commands are under test)."""
    from app import Library

    library = Library(data_dir, background=False)
    try:
        library.documents.import_paths([SAMPLES])
        library.annotations.add_quote(1, "air defense", tags=["kept"], note="why")
        library.index.flush()
    finally:
        library.close()


def die_with_the_library_open(data_dir: Path) -> None:
    """A real process that opens the library and is killed, as a crash or a power cut would end it."""
    code = (
        "import os, signal, sys; from pathlib import Path; from app import Library;"
        f" Library(Path({str(data_dir)!r}), background=False); os.kill(os.getpid(), signal.SIGKILL)"
    )
    died = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, timeout=60)
    assert died.returncode == -signal.SIGKILL


def garble_three_pages(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    pages = database.stat().st_size // page_size
    assert pages > 8
    with database.open("r+b") as file:
        for page in (pages // 2 - 1, pages // 2, pages // 2 + 1):
            file.seek(page * page_size)
            file.write(os.urandom(page_size))


def test_backup_then_restore_from_the_command_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    sample_library(data_dir)
    target = tmp_path / "saved.lectern-backup"
    made = cli(data_dir, "backup", "-o", target, "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["highlights"] == 1 and target.is_file()
    from app import Library

    library = Library(data_dir, background=False)
    library.annotations.add_quote(2, "sanctions")
    library.close()

    restored = cli(data_dir, "restore", target)

    assert restored.returncode == 0, restored.stderr
    assert "restored 3 articles, 1 highlights" in restored.stdout and "kept in" in restored.stdout
    listed = json.loads(cli(data_dir, "list", "--json").stdout)
    assert [row["highlights"] for row in listed] == [1, 0, 0]
    found = json.loads(cli(data_dir, "search", "kept", "--json").stdout)
    assert found["total"] >= 1
    refused = cli(data_dir, "restore", REPO_ROOT / "README.md")
    assert refused.returncode == 1 and "not a usable Lectern backup" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_backups_lists_the_automatic_backups_as_json(tmp_path: Path) -> None:
    from app.backups import automatic_backup

    data_dir = tmp_path / "data"
    sample_library(data_dir)
    made = automatic_backup(data_dir, "quit")
    result = cli(data_dir, "backups", "--json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)
    assert entry["path"] == str(made) and entry["reason"] == "quit" and entry["verified"] is True
    assert (entry["articles"], entry["highlights"]) == (3, 1)
    assert entry["size"] == made.stat().st_size and entry["created"].startswith(made.name[8:18])


def test_a_database_garbled_after_a_crash_is_kept_aside_and_the_newest_backup_named(tmp_path: Path) -> None:
    from app.backups import automatic_backup

    data_dir = tmp_path / "data"
    sample_library(data_dir)
    backup = automatic_backup(data_dir, "quit")
    die_with_the_library_open(data_dir)
    garble_three_pages(database_path(data_dir))

    result = cli(data_dir, "list")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.startswith("lectern: the library database is damaged (")
    assert f"restore the newest backup with: lectern --data-dir {data_dir} restore {backup}" in result.stderr
    [kept] = (data_dir / "damaged").glob("*.sqlite3")
    assert f"it was kept in {kept}" in result.stderr
    assert kept.stat().st_size > 8 * 1024 and not database_path(data_dir).exists()
    again = cli(data_dir, "list")  # until restored, every start says the same (not an empty library)
    assert again.returncode == 1 and str(backup) in again.stderr

    assert cli(data_dir, "restore", backup).returncode == 0
    assert len(json.loads(cli(data_dir, "list", "--json").stdout)) == 3
    assert kept.exists()  # never deleted


def test_a_text_file_in_place_of_the_database_is_named_not_a_traceback(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database_path(data_dir).write_text("Dear diary,\n" * 500, encoding="utf-8")

    result = cli(data_dir, "list")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the library database is damaged (file is not a database)" in result.stderr
    assert "there is no automatic backup" in result.stderr
    [kept] = (data_dir / "damaged").glob("*.sqlite3")
    assert kept.read_text(encoding="utf-8").startswith("Dear diary")
