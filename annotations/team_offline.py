"""A team library opened from this desktop's local copy while its server cannot be reached: read-only.

Everything reads as it did at the last sync (``team_mirror``); every write is refused in words before
anything is changed, so nothing typed is half-kept. The index's own rows in the same file stay writable
(an index rebuilt offline is rebuilt from the copy).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from annotations.database import SqliteDatabase
from annotations.errors import LecternError


class TeamOffline(LecternError):
    """A write to a team library opened offline (from the local copy)."""


OFFLINE_MESSAGE = (
    "the team library is offline (its server cannot be reached): it is read-only until the connection is back"
)


class ReadOnlyCopy:
    """The local copy as the store's database: reads as usual, ``transaction()`` refused with TeamOffline."""

    engine = "sqlite"

    def __init__(self, copy: SqliteDatabase) -> None:
        self.copy = copy
        self.path: Path | None = None  # not the library's own file: no backups of it, no damage checks

    def connection(self) -> Any:
        return self.copy.connection()

    def transaction(self) -> AbstractContextManager[Any]:
        raise TeamOffline(OFFLINE_MESSAGE)

    def close(self) -> None:
        self.copy.close()


def has_copy(path: Path) -> bool:
    """True when the local copy at ``path`` has been filled from the server at least once."""
    if not path.is_file():
        return False
    copy = SqliteDatabase(path)
    try:
        row = copy.connection().execute("SELECT 1 FROM library_state WHERE name = 'index_feed_seen'").fetchone()
        return row is not None
    finally:
        copy.close()
