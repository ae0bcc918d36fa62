"""Tag operations of the store: rename, merge, move and delete whole branches of the tag tree; details.

A tag named ``region/iran`` is a child of ``region``; renaming or deleting ``region`` takes its
children along. Each operation is one transaction that re-indexes the highlights it touched.
The SQL stays in the store layer (DESIGN §2).
"""

from __future__ import annotations

import sqlite3

from annotations.database import Database, delete_unused_tags, enqueue
from annotations.errors import InvalidTag, NotFound
from annotations.models import HIGHLIGHT_COLORS, TagCount
from annotations.tags import normalize_tag

MAX_TAG_DESCRIPTION_CHARS = 2_000


class TagTable:
    """The tags table: counts, details, and whole branches renamed, merged, moved or deleted."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading ---------------------------------------------------------------------------------
    def counts(self) -> list[TagCount]:
        """Every tag with its number of highlights, most used first (the order completion offers them)."""
        rows = (
            self._db.connection()
            .execute(
                "SELECT t.name, count(at.annotation_id) AS count, t.color, t.description FROM tags t"
                " LEFT JOIN annotation_tags at ON at.tag_id = t.id GROUP BY t.id ORDER BY count DESC, t.name"
            )
            .fetchall()
        )
        return [TagCount(row["name"], row["count"], row["color"], row["description"]) for row in rows]

    def states(self, names: set[str]) -> dict[str, TagCount | None]:
        """The stored details of each name (``None`` where there is no such tag), for undo."""
        if not names:
            return {}  # most operations touch no tag details: skip the library-wide count
        marks = ", ".join("?" for _ in names)
        rows = self._db.connection().execute(
            "SELECT t.name, count(at.annotation_id) AS count, t.color, t.description FROM tags t"
            f" LEFT JOIN annotation_tags at ON at.tag_id = t.id WHERE t.name IN ({marks}) GROUP BY t.id",
            tuple(names),
        )
        known = {row["name"]: TagCount(row["name"], row["count"], row["color"], row["description"]) for row in rows}
        return {name: known.get(name) for name in names}

    def annotations_tagged(self, name: str) -> list[int]:
        """Ids of the highlights carrying ``name`` or one of its children."""
        name = normalize_tag(name)
        rows = self._db.connection().execute(
            "SELECT DISTINCT at.annotation_id FROM annotation_tags at JOIN tags t ON t.id = at.tag_id"
            " WHERE t.name = ? OR substr(t.name, 1, ?) = ? ORDER BY at.annotation_id",
            (name, len(name) + 1, name + "/"),
        )
        return [row[0] for row in rows]

    def family(self, name: str) -> list[str]:
        """``name`` and the names of all its children that exist as tags."""
        name = normalize_tag(name)
        rows = self._db.connection().execute(
            "SELECT name FROM tags WHERE name = ? OR substr(name, 1, ?) = ? ORDER BY name",
            (name, len(name) + 1, name + "/"),
        )
        return [row[0] for row in rows]

    # -- changing --------------------------------------------------------------------------------
    def rename(self, old: str, new: str) -> int:
        """Rename a tag and its children everywhere; returns how many highlights changed.

        Refuses when ``new`` is already a tag (that is a merge)."""
        return self._retag(old, new, merge=False)

    def merge(self, source: str, target: str) -> int:
        """Give every highlight tagged ``source`` (or a child of it) ``target`` instead; ``source`` goes away."""
        return self._retag(source, target, merge=True)

    def move(self, name: str, parent: str) -> int:
        """Move a tag (with its children) under ``parent``; an empty parent moves it to the top level."""
        leaf = normalize_tag(name).rsplit("/", 1)[-1]
        parent = normalize_tag(parent) if parent.strip() else ""
        return self._retag(name, f"{parent}/{leaf}" if parent else leaf, merge=False)

    def delete(self, name: str) -> int:
        """Remove a tag and its children from every highlight (the highlights stay); returns how many changed."""
        name = normalize_tag(name)
        with self._db.transaction() as connection:
            family = self._family_rows(connection, name)
            if not family:
                raise NotFound(f"no tag “{name}”")
            affected = self._annotations_with(connection, [tag_id for tag_id, _ in family])
            connection.executemany("DELETE FROM tags WHERE id = ?", [(tag_id,) for tag_id, _ in family])
            enqueue(connection, "annotation", affected)
        return len(affected)

    def set_details(self, name: str, *, color: str | None = None, description: str | None = None) -> TagCount:
        """Give a tag a colour ("" for none) and/or a description; creates the tag if it is new."""
        name = normalize_tag(name)
        if not name:
            raise InvalidTag("a tag needs a name")
        if color is not None and color not in ("", *HIGHLIGHT_COLORS):
            raise InvalidTag(f"unknown colour “{color}” (choose one of {', '.join(HIGHLIGHT_COLORS)})")
        if description is not None and len(description) > MAX_TAG_DESCRIPTION_CHARS:
            raise InvalidTag(f"a tag description is limited to {MAX_TAG_DESCRIPTION_CHARS:,} characters")
        with self._db.transaction() as connection:
            connection.execute("INSERT INTO tags (name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
            if color is not None:
                connection.execute("UPDATE tags SET color = ? WHERE name = ?", (color, name))
            if description is not None:
                connection.execute("UPDATE tags SET description = ? WHERE name = ?", (description.strip(), name))
            delete_unused_tags(connection)  # a tag without highlights, colour or description is not kept
        return next((tag for tag in self.counts() if tag.name == name), TagCount(name, 0))

    def restore(self, connection: sqlite3.Connection, states: dict[str, TagCount | None]) -> None:
        """Put tag details back as ``states`` saw them; names that did not exist then go if unused."""
        for name, state in states.items():
            if state is None:
                connection.execute(
                    "DELETE FROM tags WHERE name = ? AND id NOT IN (SELECT tag_id FROM annotation_tags)", (name,)
                )
            else:
                connection.execute("INSERT INTO tags (name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
                connection.execute(
                    "UPDATE tags SET color = ?, description = ? WHERE name = ?", (state.color, state.description, name)
                )

    # -- helpers ---------------------------------------------------------------------------------
    def _retag(self, old: str, new: str, *, merge: bool) -> int:
        old, new = normalize_tag(old), normalize_tag(new)
        if not new:
            raise InvalidTag("a tag needs a name")
        if new == old:
            raise InvalidTag(f"“{old}” is already called that")
        if new.startswith(old + "/"):
            raise InvalidTag(f"“{old}” cannot be moved inside itself")
        with self._db.transaction() as connection:
            family = self._family_rows(connection, old)
            if not family:
                raise NotFound(f"no tag “{old}”")
            exists = connection.execute("SELECT 1 FROM tags WHERE name = ?", (new,)).fetchone() is not None
            if merge and not exists:
                raise NotFound(f"no tag “{new}” to merge into")
            if not merge and exists:
                raise InvalidTag(f"“{new}” already exists; merge the two tags instead")
            affected = self._annotations_with(connection, [tag_id for tag_id, _ in family])
            for tag_id, name in family:
                self._move_tag_row(connection, tag_id, new + name[len(old) :])
            enqueue(connection, "annotation", affected)
        return len(affected)

    @staticmethod
    def _move_tag_row(connection: sqlite3.Connection, tag_id: int, target: str) -> None:
        existing = connection.execute("SELECT id, color, description FROM tags WHERE name = ?", (target,)).fetchone()
        if existing is None:
            connection.execute("UPDATE tags SET name = ? WHERE id = ?", (target, tag_id))
            return
        connection.execute(
            "INSERT INTO annotation_tags (annotation_id, tag_id)"
            " SELECT annotation_id, ? FROM annotation_tags WHERE tag_id = ? ON CONFLICT DO NOTHING",
            (existing["id"], tag_id),
        )
        connection.execute(  # the target keeps its own details; it takes the source's where it has none
            "UPDATE tags SET color = CASE WHEN color = '' THEN (SELECT color FROM tags WHERE id = ?) ELSE color END,"
            " description = CASE WHEN description = '' THEN (SELECT description FROM tags WHERE id = ?)"
            " ELSE description END WHERE id = ?",
            (tag_id, tag_id, existing["id"]),
        )
        connection.execute("DELETE FROM tags WHERE id = ?", (tag_id,))

    @staticmethod
    def _family_rows(connection: sqlite3.Connection, name: str) -> list[tuple[int, str]]:
        rows = connection.execute(
            "SELECT id, name FROM tags WHERE name = ? OR substr(name, 1, ?) = ? ORDER BY length(name), name",
            (name, len(name) + 1, name + "/"),
        )
        return [(row[0], row[1]) for row in rows]

    @staticmethod
    def _annotations_with(connection: sqlite3.Connection, tag_ids: list[int]) -> list[int]:
        if not tag_ids:
            return []
        marks = ", ".join("?" for _ in tag_ids)
        rows = connection.execute(
            f"SELECT DISTINCT annotation_id FROM annotation_tags WHERE tag_id IN ({marks}) ORDER BY annotation_id",
            tag_ids,
        )
        return [row[0] for row in rows]
