"""The SQLite file under the store: per-thread connections, transactions, migrations, shared row helpers.

Every table of the store (documents and highlights, tags, saved searches, undo states) works through
one ``Database``, so each write is one transaction that also appends to the index outbox.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from annotations.engine import Database
from annotations.errors import LibraryUnreadable
from annotations.models import Annotation

SCHEMA_VERSION = 8

__all__ = ["Database", "SqliteDatabase", "SCHEMA_VERSION"]

# Who wrote an outbox row: lets a process tell other processes' writes (the CLI's, seen by the window) from its own.
PROCESS_ORIGIN = uuid.uuid4().hex

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        byline TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL,
        format TEXT NOT NULL,
        html TEXT NOT NULL,
        text TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE
    );
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        color TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        CHECK (start >= 0 AND start < "end")
    );
    CREATE INDEX annotations_by_document ON annotations(document_id, start);
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE annotation_tags (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (annotation_id, tag_id)
    );
    CREATE INDEX annotation_tags_by_tag ON annotation_tags(tag_id);
    CREATE TABLE index_outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('document', 'annotation')),
        entity_id INTEGER NOT NULL
    );
    """,
    2: """
    ALTER TABLE documents ADD COLUMN site TEXT NOT NULL DEFAULT '';
    ALTER TABLE documents ADD COLUMN note TEXT NOT NULL DEFAULT '';
    """,
    3: """
    ALTER TABLE annotations ADD COLUMN style TEXT NOT NULL DEFAULT 'highlight';
    ALTER TABLE annotations ADD COLUMN orphaned INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tags ADD COLUMN color TEXT NOT NULL DEFAULT '';
    ALTER TABLE tags ADD COLUMN description TEXT NOT NULL DEFAULT '';
    ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX documents_by_source ON documents(source);
    """,
    4: """
    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL,
        watch INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        last_checked TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE saved_search_seen (
        saved_search_id INTEGER NOT NULL REFERENCES saved_searches(id) ON DELETE CASCADE,
        hit_key TEXT NOT NULL,
        PRIMARY KEY (saved_search_id, hit_key)
    );
    """,
    5: """
    CREATE TABLE library_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    ALTER TABLE index_outbox ADD COLUMN origin TEXT NOT NULL DEFAULT '';
    """,
    6: """
    ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT '';
    ALTER TABLE documents ADD COLUMN copy_of INTEGER REFERENCES documents(id) ON DELETE SET NULL;
    ALTER TABLE documents ADD COLUMN copy_similarity REAL;
    CREATE INDEX documents_by_story ON documents(copy_of);
    CREATE TABLE document_fingerprints (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        signature BLOB NOT NULL
    );
    CREATE TABLE fingerprint_bands (
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX fingerprint_bands_lookup ON fingerprint_bands(band, bucket);
    CREATE INDEX fingerprint_bands_by_document ON fingerprint_bands(document_id);
    """,
    7: """
    CREATE TABLE reading_positions (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        progress REAL NOT NULL,
        read_at TEXT NOT NULL
    );
    """,
    8: """
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    );
    CREATE TABLE claim_tags (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (claim_id, tag)
    );
    CREATE TABLE claim_links (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        stance TEXT NOT NULL CHECK (stance IN ('supports', 'contradicts', 'context')),
        created TEXT NOT NULL,
        PRIMARY KEY (claim_id, annotation_id)
    );
    CREATE INDEX claim_links_by_annotation ON claim_links(annotation_id);
    """,
}

ANNOTATION_COLUMNS = (
    'id, uuid, document_id, start, "end", exact, prefix, suffix, color, note, created, modified, style, orphaned'
)


def now() -> str:
    """A timestamp as stored (UTC, milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class SqliteDatabase:
    """One SQLite file: a connection per thread (WAL lets readers run beside the writer), migrated on open."""

    engine = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._migrate()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=True)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            self._local.connection = connection
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (other threads close theirs when they end)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def _migrate(self) -> None:
        """Bring the file to SCHEMA_VERSION; an existing library gets a verified backup first (DESIGN §2).

        A failed backup (BackupFailed, a LecternError) stops here: nothing is migrated without a copy."""
        version = self.connection().execute("PRAGMA user_version").fetchone()[0]
        if 1 <= version < SCHEMA_VERSION:
            from annotations.backup_archive import backup_before_migration  # only a migration needs it

            backup_before_migration(self.path, version)
        with self.transaction() as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LibraryUnreadable(
                    f"{self.path} was written by a newer Lectern (schema {version}, this one knows {SCHEMA_VERSION});"
                    " update Lectern to open it"
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        connection.execute(statement)
                after = _AFTER_MIGRATION.get(target)
                if after is not None:
                    after(connection)
                connection.execute(f"PRAGMA user_version = {target}")


def _detect_languages(connection: sqlite3.Connection) -> None:
    """Schema 6: give the articles of an existing library the language their text is in."""
    from annotations.language import detect_language  # loads the detector's model: only this migration needs it

    rows = connection.execute("SELECT id, substr(text, 1, 20000) FROM documents").fetchall()
    connection.executemany(
        "UPDATE documents SET language = ? WHERE id = ?", [(detect_language(text), row_id) for row_id, text in rows]
    )


# Work a migration does in Python after its SQL, in the same transaction.
_AFTER_MIGRATION: dict[int, Callable[[sqlite3.Connection], None]] = {6: _detect_languages}


def enqueue(connection: sqlite3.Connection, kind: str, entity_ids: Iterable[int]) -> None:
    """Append outbox rows in the caller's transaction, so the index can never miss the change. (On a team
    library's server, triggers record every change in the same transaction: see ``pg_schema``.)"""
    if getattr(connection, "records_changes", False):
        return
    connection.executemany(
        "INSERT INTO index_outbox (kind, entity_id, origin) VALUES (?, ?, ?)",
        [(kind, entity_id, PROCESS_ORIGIN) for entity_id in entity_ids],
    )


def set_tags(connection: sqlite3.Connection, annotation_id: int, names: Iterable[str]) -> None:
    """Give a highlight these (normalised) tag names, creating the tags that are new."""
    for name in names:
        connection.execute("INSERT INTO tags (name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
        connection.execute(
            "INSERT INTO annotation_tags (annotation_id, tag_id) SELECT ?, id FROM tags WHERE name = ?"
            " ON CONFLICT DO NOTHING",
            (annotation_id, name),
        )


def delete_unused_tags(connection: sqlite3.Connection) -> None:
    """Drop tags no highlight carries; a tag with a colour or description is kept for later use."""
    connection.execute(
        "DELETE FROM tags WHERE id NOT IN (SELECT DISTINCT tag_id FROM annotation_tags)"
        " AND color = '' AND description = ''"
    )


def read_annotations(connection: sqlite3.Connection, condition: str, parameters: tuple[object, ...]) -> list[Annotation]:
    """Highlights matching an SQL condition on ``a`` (the annotations table), with their tags, in text order.

    Rows are fetched a batch at a time: one ``fetchall`` of 100,000 highlights held the interpreter for
    half a second at a stretch, stalling the window while an export read them on a worker thread."""
    columns = ", ".join(f"a.{column.strip()}" for column in ANNOTATION_COLUMNS.split(","))
    team = getattr(connection, "engine", "sqlite") == "postgresql"
    if team:  # who made it, changed it last, and may see it: a team library's columns (after the tags)
        columns_after = ", a.creator, a.modified_by, a.visibility"
    else:
        columns_after = ""
    cursor = connection.execute(
        f"SELECT {columns}, (SELECT group_concat(t.name, '\x1f') FROM"
        "   (SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id"
        "    WHERE at.annotation_id = a.id ORDER BY t.name) t) AS tag_names"
        f"{columns_after} FROM annotations a WHERE {condition} ORDER BY a.document_id, a.start, a.id",
        parameters,
    )
    annotations = []
    while rows := cursor.fetchmany(_BATCH_ROWS):
        for row in rows:  # positionally, in ANNOTATION_COLUMNS' order (twice as fast as through a dict)
            tag_names = row[14]
            annotations.append(
                Annotation(
                    *row[:12],
                    tags=tuple(tag_names.split("\x1f")) if tag_names else (),
                    style=row[12],
                    orphaned=bool(row[13]),
                    **({"creator": row[15], "modified_by": row[16], "visibility": row[17]} if team else {}),
                )
            )
    return annotations


_BATCH_ROWS = 256
