"""The search index's rows of ``library_state`` and its reads of the outbox (the SQL the index keeper needs).

The index is derived data (DESIGN §4); what ties it to this database lives here: which index folder is
live, the key its files are sealed with, the token that says it is this library's, and how far a
rebuild has got (so every process, not only the rebuilding one, can say "rebuilding (42 %)"). Every
name is prefixed ``index_``: restoring a backup deletes all ``index_%`` rows, and the next open rebuilds.
A team library's desktops each have their own index, so there these rows live in the desktop's local
cache file, and the changes come from the server's feed (``team_feed``).
"""

from __future__ import annotations

from typing import Protocol

from annotations.engine import Database


class ChangeSource(Protocol):
    """The changes the index applies: ``outbox.Outbox`` (SQLite) or ``team_feed.TeamFeed`` (a server)."""

    def pending(self, limit: int) -> list[tuple[int, str, int, str]]: ...
    def count(self) -> int: ...
    def highest(self) -> int: ...
    def acknowledge(self, up_to: int, connection: object | None = None) -> None: ...
    def foreign_up_to(self, up_to: int, origin: str) -> list[tuple[str, int]]: ...


PREFIX = "index_"


def checked(name: str) -> str:
    if not name.startswith(PREFIX):
        raise ValueError(f"index state names start with {PREFIX!r}, not {name!r}")
    return name


class IndexStateTable:
    """``library_state`` rows named ``index_*``, and the outbox as the index writer reads it."""

    def __init__(self, db: Database, outbox: ChangeSource) -> None:
        self.db = db  # where the ``index_*`` rows live: the library, or a team desktop's local cache
        self.outbox = outbox

    def get(self, name: str) -> str | None:
        row = self.db.connection().execute("SELECT value FROM library_state WHERE name = ?", (checked(name),)).fetchone()
        return None if row is None else str(row[0])

    def ensure(self, name: str, value: str) -> str:
        """The value stored under ``name``, storing ``value`` first if there is none (safe between processes)."""
        with self.db.transaction() as connection:
            connection.execute("INSERT INTO library_state (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING", (checked(name), value))
            return str(connection.execute("SELECT value FROM library_state WHERE name = ?", (name,)).fetchone()[0])

    def put(self, name: str, value: str) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO library_state (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (checked(name), value),
            )

    def delete(self, name: str) -> None:
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM library_state WHERE name = ?", (checked(name),))

    def delete_if(self, name: str, value: str) -> bool:
        """Delete ``name`` only if it still holds ``value`` (another process may have moved on); True if deleted."""
        with self.db.transaction() as connection:
            cursor = connection.execute("DELETE FROM library_state WHERE name = ? AND value = ?", (checked(name), value))
            return cursor.rowcount > 0

    def go_live(self, live_name: str, folder: str, covered_up_to: int, forget: str) -> None:
        """In one transaction: ``live_name`` names ``folder``, the outbox rows up to ``covered_up_to`` (which
        the new index holds) are acknowledged, and the row ``forget`` (the rebuild's progress) goes."""
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO library_state (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (checked(live_name), folder),
            )
            self.outbox.acknowledge(covered_up_to, connection)
            connection.execute("DELETE FROM library_state WHERE name = ?", (checked(forget),))

    # -- the outbox, as the index writer reads it ------------------------------------------------
    def highest_change(self) -> int:
        """The newest change's number (0 if none): a rebuild started now covers every change up to it."""
        return self.outbox.highest()

    def pending(self, limit: int) -> list[tuple[int, str, int, str]]:
        """The oldest changes not applied: (number, 'document' | 'annotation', entity id, origin)."""
        return self.outbox.pending(limit)

    def foreign_up_to(self, up_to_id: int, origin: str) -> list[tuple[str, int]]:
        """(kind, entity id) of the changes up to ``up_to_id`` that another process wrote."""
        return self.outbox.foreign_up_to(up_to_id, origin)
