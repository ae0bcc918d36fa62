"""The search index's rows of ``library_state`` and its reads of the outbox (the SQL the index keeper needs).

The index is derived data (DESIGN §4); what ties it to this database lives here: which index folder is
live, the key its files are sealed with, the token that says it is this library's, and how far a
rebuild has got (so every process, not only the rebuilding one, can say "rebuilding (42 %)"). Every
name is prefixed ``index_``: restoring a backup deletes all ``index_%`` rows, and the next open rebuilds.
"""

from __future__ import annotations

from annotations.database import Database

PREFIX = "index_"


def _checked(name: str) -> str:
    if not name.startswith(PREFIX):
        raise ValueError(f"index state names start with {PREFIX!r}, not {name!r}")
    return name


class IndexStateTable:
    """``library_state`` rows named ``index_*``, and the outbox as the index writer reads it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, name: str) -> str | None:
        row = self.db.connection().execute("SELECT value FROM library_state WHERE name = ?", (_checked(name),)).fetchone()
        return None if row is None else str(row[0])

    def ensure(self, name: str, value: str) -> str:
        """The value stored under ``name``, storing ``value`` first if there is none (safe between processes)."""
        with self.db.transaction() as connection:
            connection.execute("INSERT OR IGNORE INTO library_state (name, value) VALUES (?, ?)", (_checked(name), value))
            return str(connection.execute("SELECT value FROM library_state WHERE name = ?", (name,)).fetchone()[0])

    def put(self, name: str, value: str) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO library_state (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (_checked(name), value),
            )

    def delete(self, name: str) -> None:
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM library_state WHERE name = ?", (_checked(name),))

    def delete_if(self, name: str, value: str) -> bool:
        """Delete ``name`` only if it still holds ``value`` (another process may have moved on); True if deleted."""
        with self.db.transaction() as connection:
            cursor = connection.execute("DELETE FROM library_state WHERE name = ? AND value = ?", (_checked(name), value))
            return cursor.rowcount > 0

    def go_live(self, live_name: str, folder: str, covered_up_to: int, forget: str) -> None:
        """In one transaction: ``live_name`` names ``folder``, the outbox rows up to ``covered_up_to`` (which
        the new index holds) are acknowledged, and the row ``forget`` (the rebuild's progress) goes."""
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO library_state (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (_checked(live_name), folder),
            )
            connection.execute("DELETE FROM index_outbox WHERE id <= ?", (covered_up_to,))
            connection.execute("DELETE FROM library_state WHERE name = ?", (_checked(forget),))

    # -- the outbox, as the index writer reads it ------------------------------------------------
    def highest_change(self) -> int:
        """The id of the newest outbox row (0 if none): a rebuild started now covers every row up to it."""
        return int(self.db.connection().execute("SELECT coalesce(max(id), 0) FROM index_outbox").fetchone()[0])

    def pending(self, limit: int) -> list[tuple[int, str, int, str]]:
        """The oldest outbox rows: (outbox id, 'document' | 'annotation', entity id, origin)."""
        rows = self.db.connection().execute(
            "SELECT id, kind, entity_id, origin FROM index_outbox ORDER BY id LIMIT ?", (limit,)
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def foreign_up_to(self, up_to_id: int, origin: str) -> list[tuple[str, int]]:
        """(kind, entity id) of the outbox rows up to ``up_to_id`` that another process wrote."""
        rows = self.db.connection().execute(
            "SELECT DISTINCT kind, entity_id FROM index_outbox WHERE id <= ? AND origin != ?", (up_to_id, origin)
        )
        return [(row[0], row[1]) for row in rows]
