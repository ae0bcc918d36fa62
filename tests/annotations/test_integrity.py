"""Start-up checks: a marker per process tells a crash from a clean close; only then is the database checked."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.integrity import SESSIONS_DIR, LibraryDamaged, Session, open_session
from annotations.paths import database_path
from annotations.store import Store


def real_database(data_dir: Path) -> Path:
    database = database_path(data_dir)
    data_dir.mkdir(parents=True)
    store = Store(database)
    with store.db.transaction() as connection:
        connection.executemany("INSERT INTO tags (name) VALUES (?)", [(f"tag-{n}-" + "x" * 300,) for n in range(400)])
    store.close()
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def garble_middle_pages(database: Path) -> None:
    size = database.stat().st_size
    with database.open("r+b") as file:
        for page in range(size // 4096 // 2 - 1, size // 4096 // 2 + 2):
            file.seek(page * 4096)
            file.write(os.urandom(4096))


def marker_of(pid: int, data_dir: Path) -> Path:
    folder = data_dir / SESSIONS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / f"{pid}-test.open"
    marker.write_text(json.dumps({"pid": pid, "started": ""}))
    return marker


def test_a_live_process_marker_is_not_a_crash_and_a_dead_one_is(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = real_database(data_dir)
    garble_middle_pages(database)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        marker_of(sleeper.pid, data_dir)
        session = open_session(data_dir, database)  # another process is running: no check, no damage found
        session.end()
        assert database.exists()
    finally:
        sleeper.kill()
        sleeper.wait()

    with pytest.raises(LibraryDamaged) as damaged:  # that process died with the library open: checked now
        open_session(data_dir, database)

    kept = damaged.value.kept
    assert kept is not None and kept.parent == data_dir / "damaged" and kept.stat().st_size > 3 * 4096
    assert not database.exists() and damaged.value.backup is None


def test_a_clean_close_leaves_no_marker_so_the_next_start_checks_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    database = real_database(data_dir)
    session = Session(data_dir)
    assert session.begin() == []
    assert session.marker.exists()
    session.end()
    assert list((data_dir / SESSIONS_DIR).iterdir()) == []
    unreadable = marker_of(2**22 + 12345, data_dir)  # a pid no process has: that process crashed
    unreadable.write_text("{half a mark")  # and died while writing it
    stale = Session(data_dir).begin()
    assert stale == [unreadable]
    assert open_session(data_dir, database)  # a whole database passes the check; the stale markers go
    assert not unreadable.exists()
