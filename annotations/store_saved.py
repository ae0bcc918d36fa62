"""Saved searches of the store: a name, a query, a watch flag and the hits already seen.

A watched search remembers the key of every hit it has reported (``saved_search_seen``), so a check
after an import can say exactly which mentions are new. Each write is one transaction.
The SQL stays in the store layer (DESIGN §2).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from annotations.database import Database, now
from annotations.errors import LecternError, NotFound

MAX_SAVED_NAME_CHARS = 200


class InvalidSavedSearch(LecternError):
    """A saved search that cannot be stored: an empty or taken name, an empty query."""


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    watch: bool
    created: str
    last_checked: str


def _row(row: sqlite3.Row) -> SavedSearch:
    values = dict(row)
    values["watch"] = bool(values["watch"])
    return SavedSearch(**values)


_COLUMNS = "id, name, query, watch, created, last_checked"


class SavedSearchTable:
    """Saved searches and the hit keys each has seen."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, name: str, query: str, *, watch: bool = False, seen: Iterable[str] = ()) -> SavedSearch:
        """Store a search under a unique name, with the keys of the hits it has now (seen)."""
        name, query = _check_name(name), query.strip()
        if not query:
            raise InvalidSavedSearch("a saved search needs a query")
        with self._db.transaction() as connection:
            if connection.execute("SELECT 1 FROM saved_searches WHERE name = ?", (name,)).fetchone():
                raise InvalidSavedSearch(f"there is already a saved search called “{name}”")
            stamp = now()
            cursor = connection.execute(
                "INSERT INTO saved_searches (name, query, watch, created, last_checked) VALUES (?, ?, ?, ?, ?)"
                " RETURNING id",
                (name, query, int(watch), stamp, stamp),
            )
            search_id = int(cursor.fetchone()[0])
            connection.executemany(
                "INSERT INTO saved_search_seen (saved_search_id, hit_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(search_id, key) for key in seen],
            )
        return self.get(search_id)

    def get(self, search_id: int) -> SavedSearch:
        row = self._db.connection().execute(f"SELECT {_COLUMNS} FROM saved_searches WHERE id = ?", (search_id,)).fetchone()
        if row is None:
            raise NotFound(f"no saved search #{search_id}")
        return _row(row)

    def all(self) -> list[SavedSearch]:
        """Every saved search, by name (case-insensitive)."""
        rows = self._db.connection().execute(f"SELECT {_COLUMNS} FROM saved_searches ORDER BY lower(name), id")
        return [_row(row) for row in rows]

    def rename(self, search_id: int, name: str) -> SavedSearch:
        name = _check_name(name)
        with self._db.transaction() as connection:
            self._require(connection, search_id)
            clash = connection.execute(
                "SELECT 1 FROM saved_searches WHERE name = ? AND id != ?", (name, search_id)
            ).fetchone()
            if clash:
                raise InvalidSavedSearch(f"there is already a saved search called “{name}”")
            connection.execute("UPDATE saved_searches SET name = ? WHERE id = ?", (name, search_id))
        return self.get(search_id)

    def delete(self, search_id: int) -> None:
        with self._db.transaction() as connection:
            if connection.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,)).rowcount == 0:
                raise NotFound(f"no saved search #{search_id}")

    def set_watch(self, search_id: int, watch: bool) -> SavedSearch:
        with self._db.transaction() as connection:
            self._require(connection, search_id)
            connection.execute("UPDATE saved_searches SET watch = ? WHERE id = ?", (int(watch), search_id))
        return self.get(search_id)

    def seen(self, search_id: int) -> set[str]:
        rows = self._db.connection().execute(
            "SELECT hit_key FROM saved_search_seen WHERE saved_search_id = ?", (search_id,)
        )
        return {row[0] for row in rows}

    def record_seen(self, search_id: int, keys: Iterable[str]) -> None:
        """Add hit keys to what a search has seen and stamp the check (one transaction)."""
        with self._db.transaction() as connection:
            self._require(connection, search_id)
            connection.executemany(
                "INSERT INTO saved_search_seen (saved_search_id, hit_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(search_id, key) for key in keys],
            )
            connection.execute("UPDATE saved_searches SET last_checked = ? WHERE id = ?", (now(), search_id))

    @staticmethod
    def _require(connection: sqlite3.Connection, search_id: int) -> None:
        if connection.execute("SELECT 1 FROM saved_searches WHERE id = ?", (search_id,)).fetchone() is None:
            raise NotFound(f"no saved search #{search_id}")


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidSavedSearch("a saved search needs a name")
    if len(name) > MAX_SAVED_NAME_CHARS:
        raise InvalidSavedSearch(f"the name is {len(name):,} characters long; the limit is {MAX_SAVED_NAME_CHARS}")
    return name
