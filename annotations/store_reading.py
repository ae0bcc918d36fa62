"""Where the reader left each article: the first character on screen and how far through it was.

A character offset, not a scroll value, so the place survives a new font size, line width or window size.
The row goes with its article (ON DELETE CASCADE) and with the library into every backup.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.database import Database, now


@dataclass(frozen=True)
class ReadingPosition:
    document_id: int
    position: int  # the character at the top of the reader
    progress: float  # 0..1: how far down the article the reader was
    read_at: str


class ReadingTable:
    """The ``reading_positions`` rows: one per article opened at least once."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, document_id: int) -> ReadingPosition | None:
        row = self.db.connection().execute(
            "SELECT document_id, position, progress, read_at FROM reading_positions WHERE document_id = ?",
            (document_id,),
        ).fetchone()
        return None if row is None else ReadingPosition(row[0], row[1], row[2], row[3])

    def save(self, document_id: int, position: int, progress: float) -> bool:
        """Remember the place; False when the article is gone meanwhile (nothing written)."""
        progress = min(1.0, max(0.0, progress))
        with self.db.transaction() as connection:
            if connection.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is None:
                return False
            values = (max(0, position), progress, now(), document_id)
            # an update, else an insert: in a team library the row is each member's own (its key is
            # owner and article, the owner filled in by the server), so no upsert names one key for both engines
            updated = connection.execute(
                "UPDATE reading_positions SET position = ?, progress = ?, read_at = ? WHERE document_id = ?", values
            )
            if updated.rowcount == 0:
                connection.execute(
                    "INSERT INTO reading_positions (position, progress, read_at, document_id) VALUES (?, ?, ?, ?)",
                    values,
                )
        return True
