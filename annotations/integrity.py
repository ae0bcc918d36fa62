"""Start-up checks (DESIGN §6): notice an unclean shutdown, check the database then, keep a damaged one aside.

Every process that opens a library (the window and each CLI command) leaves a marker file naming its
pid in ``data/sessions/`` and removes it when it closes the library. A marker whose process is gone
means that process died with the library open: the next start runs ``PRAGMA quick_check`` (and the
full ``integrity_check`` when that fails). A damaged database, or a file that is not a database at
all, is moved with its -wal and -shm into ``data/damaged/`` (never deleted) and ``LibraryDamaged``
names it and the newest verified backup. Until a restore, a note there keeps offering that backup.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from annotations.backup import check_database
from annotations.backup_archive import BackupRefused, backups_folder, parse_name, read_manifest
from annotations.errors import LibraryUnreadable

SESSIONS_DIR = "sessions"
DAMAGED_DIR = "damaged"
UNRESOLVED_NOTE = "unresolved.json"
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB (primary codes)


class LibraryDamaged(LibraryUnreadable):
    """The database is damaged (or not a database); it was kept aside and a backup may be restored."""

    def __init__(self, problem: str, kept: Path | None, backup: Path | None) -> None:
        self.problem, self.kept, self.backup = problem, kept, backup
        where = f"; it was kept in {kept}" if kept is not None else ""
        offer = f"; the newest backup is {backup}" if backup is not None else "; there is no backup to restore"
        super().__init__(f"the library database is damaged ({problem}){where}{offer}")


class Session:
    """This process's marker in ``data/sessions``: present while the library is open."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / SESSIONS_DIR
        self.marker = self.folder / f"{os.getpid()}-{secrets.token_hex(4)}.open"

    def begin(self) -> list[Path]:
        """Write this process's marker; return the markers left by processes that died with the library open."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stale = [path for path in self.folder.glob("*.open") if not _still_running(path)]
        written = self.marker.with_suffix(".writing")  # renamed whole: another process never reads half a marker
        written.write_text(json.dumps({"pid": os.getpid(), "started": _start_time(os.getpid())}))
        os.replace(written, self.marker)
        return stale

    def end(self) -> None:
        self.marker.unlink(missing_ok=True)


def is_damage(error: BaseException) -> bool:
    """True for SQLite's "malformed" and "not a database" errors (never for a busy or locked database)."""
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _DAMAGE_CODES
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def open_session(data_dir: Path, database: Path) -> Session:
    """Start-up checks, then this process's marker; raises LibraryDamaged (the file already kept aside)."""
    note = data_dir / DAMAGED_DIR / UNRESOLVED_NOTE
    if not database.exists() and note.is_file():
        raise _from_note(data_dir, note)
    session = Session(data_dir)
    try:
        stale = session.begin()
    except OSError:  # a read-only data folder: no marker, so no check after a crash; opening goes on
        stale = []
    if stale and database.exists():
        check = check_database(database, full=False)
        if not check.ok:
            check = check_database(database, full=True)
        if not check.ok:
            session.end()
            raise set_aside(data_dir, database, check.problem)
    for marker in stale:
        marker.unlink(missing_ok=True)
    return session


def confirm_damage(data_dir: Path, database: Path, error: BaseException) -> LibraryDamaged | None:
    """After a SQLite error while opening: if the file really is damaged, keep it aside and say so."""
    if not is_damage(error) or not database.exists():
        return None
    check = check_database(database, full=True)
    if check.ok:
        return None
    return set_aside(data_dir, database, check.problem)


def set_aside(data_dir: Path, database: Path, problem: str) -> LibraryDamaged:
    """Move the damaged file (with its -wal and -shm) into ``data/damaged/``; note the backup to offer."""
    folder = data_dir / DAMAGED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{database.stem}-{datetime.now(UTC):%Y-%m-%d-%H%M%S}-{secrets.token_hex(2)}{database.suffix}"
    for suffix in ("-wal", "-shm", ""):  # the main file last: until then the library is still where it was
        companion = Path(f"{database}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{kept}{suffix}"))
    backup = newest_backup(data_dir)
    if backup is not None:
        note = {"problem": problem, "kept": str(kept), "time": time.time()}
        (folder / UNRESOLVED_NOTE).write_text(json.dumps(note), encoding="utf-8")
    return LibraryDamaged(problem, kept, backup)


def resolve_damage(data_dir: Path) -> None:
    """A restore (or a fresh start) settles the damage: stop offering the backup at every start."""
    (data_dir / DAMAGED_DIR / UNRESOLVED_NOTE).unlink(missing_ok=True)


def newest_backup(data_dir: Path) -> Path | None:
    """The newest automatic backup whose manifest and members are intact."""
    folder = backups_folder(data_dir)
    if not folder.is_dir():
        return None
    dated = sorted(((parsed[0], path) for path in folder.iterdir() if (parsed := parse_name(path.name))), reverse=True)
    for _, path in dated:
        try:
            read_manifest(path)
        except BackupRefused:
            continue
        return path
    return None


def _from_note(data_dir: Path, note: Path) -> LibraryDamaged:
    try:
        recorded = json.loads(note.read_text(encoding="utf-8"))
        problem, kept = str(recorded["problem"]), Path(str(recorded["kept"]))
    except (OSError, ValueError, KeyError, TypeError):
        problem, kept = "found at an earlier start", None
    return LibraryDamaged(problem, kept, newest_backup(data_dir))


def _start_time(pid: int) -> str:
    """When the process started (Linux), so a pid reused by another process is not taken for the old one."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22: start time in clock ticks after boot


def _still_running(marker: Path) -> bool:
    try:
        recorded = json.loads(marker.read_text())
        pid, started = int(recorded["pid"]), str(recorded.get("started", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return False  # an unreadable marker: its writer died while writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OSError:
        return False
    return not started or started == _start_time(pid)
