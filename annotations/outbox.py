"""The changes the search index has yet to apply, on the embedded engine: the ``index_outbox`` table.

Every write appends its rows in its own transaction (``database.enqueue``); the index writer applies
them and deletes them. A team library has the same interface over its server's change feed
(``team_feed.TeamFeed``), where nothing is deleted and each desktop keeps its own cursor.
"""

from __future__ import annotations

from annotations.engine import Database


class Outbox:
    """``index_outbox`` rows: (id, 'document' | 'annotation', entity id, origin), oldest first."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def pending(self, limit: int) -> list[tuple[int, str, int, str]]:
        rows = self._db.connection().execute(
            "SELECT id, kind, entity_id, origin FROM index_outbox ORDER BY id LIMIT ?", (limit,)
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def count(self) -> int:
        return int(self._db.connection().execute("SELECT count(*) FROM index_outbox").fetchone()[0])

    def highest(self) -> int:
        """The id of the newest row (0 if none): a rebuild started now covers every row up to it."""
        return int(self._db.connection().execute("SELECT coalesce(max(id), 0) FROM index_outbox").fetchone()[0])

    def acknowledge(self, up_to: int, connection: object | None = None) -> None:
        """The index holds every row up to ``up_to``: forget them (in ``connection``'s transaction if given)."""
        if connection is not None:
            connection.execute("DELETE FROM index_outbox WHERE id <= ?", (up_to,))  # type: ignore[attr-defined]
            return
        with self._db.transaction() as writing:
            writing.execute("DELETE FROM index_outbox WHERE id <= ?", (up_to,))

    def foreign_up_to(self, up_to: int, origin: str) -> list[tuple[str, int]]:
        """(kind, entity id) of the rows up to ``up_to`` that another process wrote."""
        rows = self._db.connection().execute(
            "SELECT DISTINCT kind, entity_id FROM index_outbox WHERE id <= ? AND origin != ?", (up_to, origin)
        )
        return [(row[0], row[1]) for row in rows]
