"""Backups of a library, and restoring one (DESIGN §6): ``library.backups`` and ``restore_library``.

A backup is one ``.lectern-backup`` file (``annotations.backup_archive``). Automatic backups live in
``data/backups/``: on quit and daily when something changed since the newest one (a fingerprint of
the rows, kept in each manifest), and before every schema migration (``annotations.database``).
Each is verified before it gets its name, and only then are older ones thinned (7 daily, 4 weekly,
12 monthly; the last 3 made before a migration are kept apart from that count). Whether the daily and
quit backups are made, and those counts, are the library's own settings (``annotations.store_settings``,
Preferences → Backups), so every process obeys the same; the backup before a migration is always made.

Restoring replaces the whole database, so it runs with the library closed: ``restore_library``
verifies the backup, keeps the current database in ``data/replaced/``, puts the copy in its place and
deletes the search index (its folder and its rows in ``library_state``), which the next open rebuilds.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from annotations.backup import Counts, change_fingerprint, copy_database
from annotations.backup_archive import (
    BEFORE_MIGRATION,
    BackupFailed,
    BackupRefused,
    Manifest,
    Progress,
    automatic_name,
    backups_folder,
    extract_verified,
    parse_name,
    read_manifest,
    write_backup,
)
from annotations.database import SCHEMA_VERSION
from annotations.durable import sync_folder
from annotations.integrity import resolve_damage
from annotations.paths import database_path, index_path
from annotations.store import Store
from annotations.store_settings import BackupPolicy, SettingsTable, read_backup_policy
from app.backup_thinning import backups_to_keep
from app.changes import Changes

REPLACED_DIR = "replaced"
DAILY_INTERVAL = timedelta(days=1)


@dataclass(frozen=True)
class BackupEntry:
    """One automatic backup as ``backups`` lists it."""

    path: Path
    created: datetime
    reason: str
    size: int
    counts: Counts | None
    verified: bool  # verified when written (only then is it named) and its manifest and members intact now
    fingerprint: str = ""

    def to_json(self) -> dict[str, object]:
        counts = self.counts or Counts()
        return {"path": str(self.path), "created": self.created.isoformat(timespec="seconds"), "reason": self.reason,
                "size": self.size, "articles": counts.articles, "highlights": counts.highlights, "tags": counts.tags,
                "saved_searches": counts.saved_searches, "verified": self.verified}  # fmt: skip


@dataclass(frozen=True)
class BackupReport:
    path: Path
    manifest: Manifest
    bytes: int
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "bytes": self.bytes, "seconds": round(self.seconds, 3),
                "created": self.manifest.created, **self.manifest.counts.to_json()}  # fmt: skip


@dataclass(frozen=True)
class RestoreReport:
    path: Path
    manifest: Manifest
    replaced: Path | None  # where the library that was there before now is
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "created": self.manifest.created, "replaced": str(self.replaced or ""),
                "seconds": round(self.seconds, 3), **self.manifest.counts.to_json()}  # fmt: skip


class Backups:
    """``library.backups``: write a backup anywhere, make an automatic one, list the automatic ones."""

    def __init__(self, store: Store, data_dir: Path) -> None:
        self._store = store
        self.data_dir = data_dir
        self._settings = SettingsTable(store.db)

    def policy(self) -> BackupPolicy:
        """Whether automatic backups are made, and how many are kept."""
        return self._settings.backup_policy()

    def set_policy(self, policy: BackupPolicy) -> Changes:
        """Store the automatic-backup settings; older backups past the new counts go at the next backup."""
        self._settings.set_backup_policy(policy)
        return Changes()

    def create(self, target: Path, progress: Progress | None = None) -> BackupReport:
        """Write a ``.lectern-backup`` of the library to ``target`` (changes nothing in the library)."""
        started = time.perf_counter()
        manifest = write_backup(self._store.path, target, reason="manual", data_dir=self.data_dir, progress=progress)
        return BackupReport(target, manifest, target.stat().st_size, time.perf_counter() - started)

    def automatic(self, reason: str, *, now: datetime | None = None, force: bool = False) -> Path | None:
        return automatic_backup(self.data_dir, reason, now=now, force=force)

    def list(self) -> list[BackupEntry]:
        return list_backups(self.data_dir)


def list_backups(data_dir: Path) -> list[BackupEntry]:
    """The automatic backups in ``data/backups``, newest first (read from their names and manifests)."""
    folder = backups_folder(data_dir)
    entries = []
    for path in folder.iterdir() if folder.is_dir() else ():
        parsed = parse_name(path.name)
        if parsed is None:
            continue
        try:
            manifest: Manifest | None = read_manifest(path)
        except BackupRefused:
            manifest = None
        entries.append(BackupEntry(
            path, parsed[0], parsed[1], path.stat().st_size, manifest.counts if manifest else None,
            manifest is not None, manifest.fingerprint if manifest else "",
        ))  # fmt: skip
    return sorted(entries, key=lambda entry: entry.created, reverse=True)


def automatic_backup(
    data_dir: Path,
    reason: str,
    *,
    now: datetime | None = None,
    force: bool = False,
    interval: timedelta | None = None,
) -> Path | None:
    """Back up into ``data/backups`` when something changed since the newest automatic backup (and, with
    ``interval``, when that one is at least this old); then thin the older ones. None when skipped, also
    when the library's settings turn automatic backups off (``force`` makes one all the same).

    Raises BackupFailed when the new backup cannot be written or verified; nothing is thinned then."""
    database = database_path(data_dir)
    if not database.exists():
        return None
    policy = read_backup_policy(database)
    if not policy.automatic and not force:
        return None
    when = (now or datetime.now(UTC)).astimezone(UTC)
    regular = [entry for entry in list_backups(data_dir) if entry.reason != BEFORE_MIGRATION and entry.verified]
    if regular and not force:
        newest = regular[0]
        if interval is not None and when - newest.created < interval:
            return None
        if newest.fingerprint and newest.fingerprint == current_fingerprint(database):
            return None
    target = backups_folder(data_dir) / automatic_name(when, reason)
    write_backup(database, target, reason=reason, data_dir=data_dir, created=when)
    thin(data_dir, policy)
    return target


def current_fingerprint(database: Path) -> str:
    with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=30)) as connection:
        return change_fingerprint(connection)


def thin(data_dir: Path, policy: BackupPolicy | None = None) -> list[Path]:
    """Delete the automatic backups the daily/weekly/monthly rule (7/4/12 unless the library's settings say
    otherwise) does not keep; only verified ones count as kept."""
    policy = policy or read_backup_policy(database_path(data_dir))
    entries = [entry for entry in list_backups(data_dir) if entry.reason != BEFORE_MIGRATION and entry.verified]
    keep = backups_to_keep((entry.created for entry in entries), policy.daily, policy.weekly, policy.monthly)
    deleted = [entry.path for entry in entries if entry.created not in keep]
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted


def restore_library(data_dir: Path, archive: Path, progress: Progress | None = None) -> RestoreReport:
    """Replace the (closed) library in ``data_dir`` with the backup ``archive``; raises BackupRefused.

    Nothing changes until the backup is proven whole. The database that was there is kept in
    ``data/replaced/``; the search index is deleted, so the next open rebuilds it from the restored rows."""
    started = time.perf_counter()
    database = database_path(data_dir)
    incoming = data_dir / f".restoring-{secrets.token_hex(4)}.sqlite3"
    manifest = extract_verified(archive, incoming, None if progress is None else lambda done: progress(done * 0.8))
    try:
        if manifest.schema_version > SCHEMA_VERSION or manifest.schema_version < 1:
            raise BackupRefused(
                f"{archive.name} was made by a newer Lectern (schema {manifest.schema_version}); update Lectern"
                " to restore it. Nothing was changed."
            )
        _forget_index(incoming)
        replaced = _keep_aside(data_dir, database)
        _put_in_place(incoming, database)
    finally:
        incoming.unlink(missing_ok=True)
    _delete_index_folder(data_dir)
    resolve_damage(data_dir)
    if progress is not None:
        progress(1.0)
    return RestoreReport(archive, manifest, replaced, time.perf_counter() - started)


def _forget_index(database: Path) -> None:
    """The index's identity, key and live folder go with the old index: the next open builds a new one."""
    with closing(sqlite3.connect(database)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "library_state" in tables:
            connection.execute("DELETE FROM library_state WHERE name LIKE 'index\\_%' ESCAPE '\\'")
            connection.commit()


def _keep_aside(data_dir: Path, database: Path) -> Path | None:
    """Keep a copy of the current database (with what its -wal holds) in ``data/replaced/``; never delete it."""
    if not database.exists():
        return None
    folder = data_dir / REPLACED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{database.stem}-{datetime.now(UTC):%Y-%m-%d-%H%M%S}-{secrets.token_hex(2)}{database.suffix}"
    try:
        copy_database(database, kept)  # one consistent file, the -wal's transactions included
    except sqlite3.DatabaseError:
        for suffix in ("", "-wal", "-shm"):  # unreadable: its files as they are
            companion = Path(f"{database}{suffix}")
            if companion.exists():
                shutil.copy2(companion, Path(f"{kept}{suffix}"))
    return kept


def _put_in_place(incoming: Path, database: Path) -> None:
    """Write the restored pages into the live file through SQLite's backup API, in one transaction.

    Not a rename: a connection to the old file still open somewhere in this process (a worker thread's)
    would, when it closes, delete the -wal beside the *path*, which by then would be the new file's. Through
    SQLite every connection sees the new pages. A file SQLite cannot write into is replaced by a rename."""
    if database.exists():
        try:
            with closing(sqlite3.connect(incoming)) as source, closing(sqlite3.connect(database, timeout=30)) as live:
                source.backup(live)
            return
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and any(word in str(error) for word in ("locked", "busy")):
                raise BackupFailed(
                    "another Lectern process is using the library; close it and restore again. Nothing was changed."
                ) from error
            for suffix in ("-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)  # a copy of them is in replaced/
    os.replace(incoming, database)
    sync_folder(database.parent)


def _delete_index_folder(data_dir: Path) -> None:
    folder = index_path(data_dir)
    if not folder.exists():
        return
    doomed = data_dir / f".index-removed-{secrets.token_hex(4)}"
    os.replace(folder, doomed)  # gone from its place at once; the slow delete cannot leave half an index there
    shutil.rmtree(doomed, ignore_errors=True)
