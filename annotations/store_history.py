"""Reading a highlight's history and who holds highlights in an article (a team library's server keeps both).

The history is written by the server's triggers (``pg_history``), never by this module. A personal
(SQLite) library has one writer, whose undo stack is its record: there ``history`` is an empty list and
every highlight counts as the reader's own (creator ``""``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from annotations.engine import Database


@dataclass(frozen=True)
class HistoryEntry:
    """One field of one highlight changed: ``field`` is color, style, note, visibility, tags, start, end,
    exact; "deleted" (``old`` is the quote, ``new`` None) or "restored" (a deletion undone)."""

    annotation_id: int
    field: str
    old: str | None
    new: str | None
    by: str
    at: datetime


@dataclass(frozen=True)
class CreatorCount:
    """How many highlights one member holds in an article, and how many of those are private."""

    creator: str
    highlights: int
    private: int


def read_history(db: Database, annotation_id: int) -> list[HistoryEntry]:
    """The changes to a highlight the server recorded, newest first ([] on SQLite)."""
    if db.engine != "postgresql":
        return []
    rows = db.connection().execute(
        "SELECT annotation_id, field, old_value, new_value, changed_by, changed_at FROM annotation_history"
        " WHERE annotation_id = ? ORDER BY id DESC",
        (annotation_id,),
    )
    return [HistoryEntry(row[0], row[1], row[2], row[3], row[4], row[5]) for row in rows]


def highlights_by_creator(db: Database, document_id: int) -> list[CreatorCount]:
    """Every highlight of an article counted by creator, most first; on a server other members' private
    highlights count too (only their numbers leave the server: ``lectern_highlights_by_creator``)."""
    connection = db.connection()
    if db.engine != "postgresql":
        row = connection.execute("SELECT count(*) FROM annotations WHERE document_id = ?", (document_id,)).fetchone()
        return [CreatorCount("", int(row[0]), 0)] if row[0] else []
    rows = connection.execute(
        "SELECT creator, highlights, private FROM lectern_highlights_by_creator(?)", (document_id,)
    )
    return [CreatorCount(row[0], int(row[1]), int(row[2])) for row in rows]


def current_member(db: Database) -> str:
    """The role this desktop works as on the server ("" on SQLite: the one reader)."""
    if db.engine != "postgresql":
        return ""
    return str(db.connection().execute("SELECT current_user").fetchone()[0])
