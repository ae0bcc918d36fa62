"""The library's own settings, kept in the library (``library_state`` rows named ``backup_*``), so every
process that opens it obeys the same ones: whether automatic backups are made and how many are kept.

Read by the open library (``SettingsTable``) and, without opening it, by the backup on quit, which runs
after the window has closed the library (``read_backup_policy``, read-only). Anything unreadable gives
the defaults: a backup is never skipped because a setting could not be read.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, fields, replace
from pathlib import Path

from annotations.database import Database

PREFIX = "backup_"


@dataclass(frozen=True)
class BackupPolicy:
    """Automatic backups (daily and on quit) on or off, and how many of each period thinning keeps."""

    automatic: bool = True
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def checked(self) -> BackupPolicy:
        """Within sensible bounds: at least one daily backup is always kept."""
        return replace(
            self,
            daily=min(366, max(1, int(self.daily))),
            weekly=min(520, max(0, int(self.weekly))),
            monthly=min(1200, max(0, int(self.monthly))),
        )


def _from_rows(rows: dict[str, str]) -> BackupPolicy:
    values: dict[str, object] = {}
    for field in fields(BackupPolicy):
        raw = rows.get(PREFIX + field.name)
        if raw is None:
            continue
        try:
            values[field.name] = raw == "1" if field.type in ("bool", bool) else int(raw)
        except ValueError:
            continue
    return BackupPolicy(**values).checked()  # type: ignore[arg-type]


_SELECT = "SELECT name, value FROM library_state WHERE name LIKE 'backup\\_%' ESCAPE '\\'"


class SettingsTable:
    """The ``backup_*`` rows of an open library."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def backup_policy(self) -> BackupPolicy:
        return _from_rows({str(name): str(value) for name, value in self.db.connection().execute(_SELECT)})

    def set_backup_policy(self, policy: BackupPolicy) -> BackupPolicy:
        policy = policy.checked()
        with self.db.transaction() as connection:
            for field in fields(BackupPolicy):
                value = getattr(policy, field.name)
                connection.execute(
                    "INSERT INTO library_state (name, value) VALUES (?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    (PREFIX + field.name, ("1" if value else "0") if isinstance(value, bool) else str(value)),
                )
        return policy


def read_backup_policy(database: Path) -> BackupPolicy:
    """The policy stored in a library file, read without opening the library (read-only); defaults if unreadable."""
    try:
        uri = f"{database.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=30)) as connection:
            rows = {str(name): str(value) for name, value in connection.execute(_SELECT)}
    except sqlite3.Error:
        return BackupPolicy()
    return _from_rows(rows)
