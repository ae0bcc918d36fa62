"""A team library's change feed as this desktop reads it: the outbox of a library on a server.

On SQLite the index writer drains ``index_outbox`` and deletes what it applied. A team's server is
shared by every desktop, so nothing is deleted: triggers append each change to ``changes`` with a
sequence number, in the changing transaction (``pg_schema``), and each desktop keeps, in its own local
cache file, the last number its index has applied. Catching up after a restart or reconnect is reading
from there. ``LISTEN lectern_changes`` wakes a desktop when another commits (``app.team_listener``).
"""

from __future__ import annotations

from typing import Any

from annotations.engine import Database
from annotations.team_mirror import TeamMirror

SEEN = "index_feed_seen"  # a local ``library_state`` row: the feed's last sequence number the index applied


class TeamFeed:
    """The server's ``changes`` after this desktop's cursor, with the cursor kept in the local cache."""

    def __init__(self, server: Database, local: Database) -> None:
        self._server = server
        self._local = local
        self.mirror = TeamMirror(server, local)

    def seen(self) -> int:
        row = self._local.connection().execute("SELECT value FROM library_state WHERE name = ?", (SEEN,)).fetchone()
        return int(row[0]) if row else 0

    def pending(self, limit: int) -> list[tuple[int, str, int, str]]:
        """The oldest changes not yet applied: (sequence number, kind, entity id, origin)."""
        rows = self._server.connection().execute(
            "SELECT seq, kind, entity_id, origin FROM changes WHERE seq > ? ORDER BY seq LIMIT ?", (self.seen(), limit)
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def count(self) -> int:
        row = self._server.connection().execute("SELECT count(*) FROM changes WHERE seq > ?", (self.seen(),)).fetchone()
        return int(row[0])

    def highest(self) -> int:
        return int(self._server.connection().execute("SELECT seq FROM change_counter").fetchone()[0])

    def acknowledge(self, up_to: int, connection: object | None = None) -> None:
        """The index holds every change up to ``up_to``; the local copy (``team_mirror``) follows in the same
        local transaction: the articles and highlights those changes named, or, when ``connection`` is a
        rebuild going live (it covers every change), everything. The cursor never moves back."""
        if connection is not None:
            self.mirror.copy_all(connection)
            self._move_cursor(connection, up_to)
            return
        rows = self._server.connection().execute(
            "SELECT DISTINCT kind, entity_id FROM changes WHERE seq > ? AND seq <= ?", (self.seen(), up_to)
        )
        changes = [(row[0], row[1]) for row in rows]
        with self._local.transaction() as local:
            self.mirror.apply(changes, local)
            self._move_cursor(local, up_to)

    @staticmethod
    def _move_cursor(local: Any, up_to: int) -> None:
        local.execute(
            "INSERT INTO library_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value ="
            " CAST(max(CAST(library_state.value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
            (SEEN, str(up_to)),
        )

    def foreign_up_to(self, up_to: int, origin: str) -> list[tuple[str, int]]:
        """(kind, entity id) of the changes after the cursor up to ``up_to`` that ``origin`` did not write."""
        rows = self._server.connection().execute(
            "SELECT DISTINCT kind, entity_id FROM changes WHERE seq > ? AND seq <= ? AND origin <> ?",
            (self.seen(), up_to, origin),
        )
        return [(row[0], row[1]) for row in rows]
