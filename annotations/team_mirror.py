"""This desktop's copy of a team library: what its member may see, kept in the local cache file.

When the server cannot be reached, the team library opens read-only from this copy (``app.startup``),
with the search index beside it. The copy follows the change feed: when the index has applied changes,
``TeamFeed.acknowledge`` has them copied here in the same local transaction that moves the cursor, so the
copy and the index never disagree about how far they are. A row the server no longer shows this member
(deleted, or made private by someone else) is deleted here. Copying everything (``copy_all``) happens
when the index is rebuilt from the server, since a rebuild covers every change.

Read from the server through the member's own connection, so row-level security decides what is copied.
Kept here: articles, highlights with their tags and claim links, claims with their tags. Not kept:
syndicated-copy fingerprints, saved searches and reading places (each read on the server when online).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from annotations.database import ANNOTATION_COLUMNS
from annotations.engine import Database

_DOCUMENT_COLUMNS = (
    "id, uuid, title, byline, source, published, imported_at, format, html, text, sha256, site, note, version,"
    " language, copy_of, copy_similarity"
)
_CLAIM_COLUMNS = "id, uuid, text, note, created, modified"
_CHUNK = 500


class TeamMirror:
    """Copies rows from ``server`` (the member's view of it) into ``local`` (this desktop's cache file)."""

    def __init__(self, server: Database, local: Database) -> None:
        self._server = server
        self._local = local

    def apply(self, changes: Iterable[tuple[str, int]], local: Any) -> None:
        """Copy the articles and highlights named by ``changes`` as the server shows them now, in the local
        transaction ``local`` (the one that moves the feed's cursor), and every claim with them."""
        wanted = dict.fromkeys(changes)
        documents = sorted(entity for kind, entity in wanted if kind == "document")
        annotations = sorted(entity for kind, entity in wanted if kind == "annotation")
        self._copy_documents(documents, local)
        self._copy_claims(local)
        self._copy_annotations(annotations, local)

    def copy_all(self, local: Any) -> None:
        """Make the copy the server's view, whole (after a rebuild of the index from the server)."""
        server = self._server.connection()
        documents = [row[0] for row in server.execute("SELECT id FROM documents ORDER BY id")]
        local.execute("DELETE FROM documents WHERE id NOT IN (SELECT value FROM json_each(?))", (_ids(documents),))
        self._copy_documents(documents, local)
        self._copy_claims(local)
        annotations = [row[0] for row in server.execute("SELECT id FROM annotations ORDER BY id")]
        local.execute("DELETE FROM annotations WHERE id NOT IN (SELECT value FROM json_each(?))", (_ids(annotations),))
        self._copy_annotations(annotations, local)

    # -- copying ---------------------------------------------------------------------------------
    def _copy_documents(self, ids: Sequence[int], local: Any) -> None:
        for chunk in _chunks(ids):
            rows = self._server.connection().execute(
                f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                (_ids(chunk),),
            ).fetchall()
            found = {row[0] for row in rows}
            gone = [entity for entity in chunk if entity not in found]
            local.executemany("DELETE FROM documents WHERE id = ?", [(entity,) for entity in gone])
            # copy_of may name an article not copied yet: set it after every row of the chunk is in
            local.executemany(_upsert("documents", _DOCUMENT_COLUMNS), [(*row[:15], None, row[16]) for row in rows])
            local.executemany("UPDATE documents SET copy_of = ? WHERE id = ?", [(row[15], row[0]) for row in rows])

    def _copy_annotations(self, ids: Sequence[int], local: Any) -> None:
        for chunk in _chunks(ids):
            server = self._server.connection()
            within = (_ids(chunk),)
            rows = server.execute(
                f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id IN (SELECT value FROM json_each(?))", within
            ).fetchall()
            found = {row[0] for row in rows}
            local.executemany("DELETE FROM annotations WHERE id = ?", [(entity,) for entity in chunk if entity not in found])
            present = [row for row in rows if _has_document(local, row[2])]
            local.executemany(_upsert("annotations", ANNOTATION_COLUMNS), [tuple(row) for row in present])
            kept = [row[0] for row in present]
            local.executemany("DELETE FROM annotation_tags WHERE annotation_id = ?", [(entity,) for entity in kept])
            local.executemany("DELETE FROM claim_links WHERE annotation_id = ?", [(entity,) for entity in kept])
            tags = server.execute(
                "SELECT at.annotation_id, t.name, t.color, t.description FROM annotation_tags at"
                " JOIN tags t ON t.id = at.tag_id WHERE at.annotation_id IN (SELECT value FROM json_each(?))",
                (_ids(kept),),
            ).fetchall()
            for annotation_id, name, color, description in tags:
                local.execute(
                    "INSERT INTO tags (name, color, description) VALUES (?, ?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET color = excluded.color, description = excluded.description",
                    (name, color, description),
                )
                local.execute(
                    "INSERT INTO annotation_tags (annotation_id, tag_id) SELECT ?, id FROM tags WHERE name = ?"
                    " ON CONFLICT DO NOTHING",
                    (annotation_id, name),
                )
            links = server.execute(
                "SELECT claim_id, annotation_id, stance, created FROM claim_links"
                " WHERE annotation_id IN (SELECT value FROM json_each(?))",
                (_ids(kept),),
            ).fetchall()
            local.executemany(
                "INSERT INTO claim_links (claim_id, annotation_id, stance, created)"
                " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM claims WHERE id = ?)"
                " ON CONFLICT (claim_id, annotation_id) DO UPDATE SET stance = excluded.stance",
                [(*tuple(link), link[0]) for link in links],
            )
        local.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM annotation_tags)")

    def _copy_claims(self, local: Any) -> None:
        """Every claim and its tags (a team has hundreds at most, and an edit of an unlinked claim names no
        highlight in the feed)."""
        server = self._server.connection()
        rows = server.execute(f"SELECT {_CLAIM_COLUMNS} FROM claims ORDER BY id").fetchall()
        ids = [row[0] for row in rows]
        local.execute("DELETE FROM claims WHERE id NOT IN (SELECT value FROM json_each(?))", (_ids(ids),))
        local.executemany(_upsert("claims", _CLAIM_COLUMNS), [tuple(row) for row in rows])
        local.execute("DELETE FROM claim_tags")
        local.executemany(
            "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [tuple(row) for row in server.execute("SELECT claim_id, tag FROM claim_tags")],
        )


def _upsert(table: str, columns: str) -> str:
    names = [column.strip() for column in columns.split(",")]
    updates = ", ".join(f"{name} = excluded.{name}" for name in names if name != "id")
    marks = ", ".join("?" * len(names))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}"


def _has_document(local: Any, document_id: int) -> bool:
    return local.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is not None


def _ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(entity)) for entity in ids) + "]"


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
