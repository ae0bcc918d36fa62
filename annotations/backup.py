"""Consistent copies of the SQLite file and the checks that say a copy is whole (DESIGN §6).

SQLite only: the copy is made with SQLite's backup API (a snapshot, even while another process writes),
turned into one self-contained file (no -wal beside it), and checked by opening it, running
``integrity_check`` and counting its rows. The archive format around it is ``backup_archive``.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

# What a backup counts, by the name a user knows them: articles, highlights, tags, saved searches.
COUNTED_TABLES = {"articles": "documents", "highlights": "annotations", "tags": "tags", "saved_searches": "saved_searches"}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Counts:
    """Rows in the tables a user cares about; a restored copy must have exactly these."""

    articles: int = 0
    highlights: int = 0
    tags: int = 0
    saved_searches: int = 0

    def to_json(self) -> dict[str, int]:
        return {"articles": self.articles, "highlights": self.highlights, "tags": self.tags,
                "saved_searches": self.saved_searches}  # fmt: skip

    @classmethod
    def from_json(cls, value: object) -> Counts:
        if not isinstance(value, dict):
            raise ValueError("counts are not an object")
        numbers = {name: value.get(name) for name in COUNTED_TABLES}
        if not all(isinstance(number, int) and not isinstance(number, bool) and number >= 0
                   for number in numbers.values()):  # fmt: skip
            raise ValueError("counts are not whole numbers")
        return cls(**numbers)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DatabaseCheck:
    """What opening and checking a database file found; ``problem`` is empty when it is whole."""

    problem: str
    counts: Counts | None = None
    schema: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` into a new single file ``target`` through the backup API (one consistent snapshot)."""
    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(source, timeout=30)) as reading, closing(sqlite3.connect(target)) as writing:
        reading.backup(writing)  # all pages in one step: a read transaction, so writers elsewhere go on
        writing.execute("PRAGMA journal_mode = DELETE")  # the copy stands alone, with no -wal to carry
    Path(f"{target}-journal").unlink(missing_ok=True)


def count_rows(connection: sqlite3.Connection) -> Counts:
    """Rows per counted table; a table an older schema lacks counts 0."""
    present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    numbers = {
        name: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if table in present else 0
        for name, table in COUNTED_TABLES.items()
    }
    return Counts(**numbers)


def check_database(path: Path, *, full: bool = True) -> DatabaseCheck:
    """Open ``path`` read-only and check it (``integrity_check``, or ``quick_check`` when not ``full``).

    Never raises for a bad file: a file that is not a database or is damaged gives a ``problem``."""
    if not path.is_file():
        return DatabaseCheck(f"{path.name} is missing")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)) as connection:
            pragma = "integrity_check" if full else "quick_check"
            findings = [row[0] for row in connection.execute(f"PRAGMA {pragma}(20)")]
            if findings != ["ok"]:
                return DatabaseCheck("; ".join(findings[:3]))
            schema = connection.execute("PRAGMA user_version").fetchone()[0]
            return DatabaseCheck("", count_rows(connection), schema)
    except sqlite3.DatabaseError as error:
        return DatabaseCheck(str(error) or type(error).__name__)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def change_fingerprint(connection: sqlite3.Connection) -> str:
    """A digest that changes whenever a user's data changes, read cheaply (tens of ms for 100,000 highlights).

    Articles, tags and saved searches are small: their rows (without the texts) are hashed. Highlights
    are summarised: every edit sets ``modified``, so count, ids, offsets and the latest ``modified``
    change with any insert, delete, edit or re-anchoring (a text change also bumps the article's version)."""
    digest = hashlib.sha256()
    present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    document_columns = [row[1] for row in connection.execute("PRAGMA table_info(documents)")]
    metadata = ", ".join(f'"{name}"' for name in document_columns if name not in ("html", "text"))
    annotation_columns = {row[1] for row in connection.execute("PRAGMA table_info(annotations)")}
    summed = ", ".join(  # the columns an older schema has
        f'total({expression})' for column, expression in (("start", "start"), ("end", '"end"'),
        ("orphaned", "orphaned"), ("note", "length(note)"), ("color", "length(color)"), ("style", "length(style)"))
        if column in annotation_columns
    )  # fmt: skip
    queries = {
        "documents": f"SELECT {metadata or 'id'} FROM documents ORDER BY id",
        "annotations": f"SELECT count(*), total(id), max(modified), {summed or '0'} FROM annotations",
        "annotation_tags": "SELECT count(*), total(annotation_id * 7919 + tag_id) FROM annotation_tags",
        "tags": "SELECT * FROM tags ORDER BY id",
        "saved_searches": "SELECT id, name, query, watch FROM saved_searches ORDER BY id",
    }
    for table, query in queries.items():
        if table not in present:
            continue
        for row in connection.execute(query):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()
