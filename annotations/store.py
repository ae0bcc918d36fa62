"""The SQLite store: the single source of truth. All SQL lives here (DESIGN §2).

Every public write is one transaction that also appends to ``index_outbox``; the index writer drains
that table into Whoosh, so the search index can lag behind the store but never miss an update.
Each thread gets its own connection (WAL mode lets readers run beside the writer).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotations.anchoring import quote_selector
from annotations.database import (
    ANNOTATION_COLUMNS,
    Database,
    SqliteDatabase,
    delete_unused_tags,
    enqueue,
    now,
    read_annotations,
    set_tags,
)
from annotations.errors import DuplicateDocument, InvalidMetadata, InvalidSelection, NotFound
from annotations.language import detect_language, normalize_code
from annotations.models import (
    DEFAULT_STYLE,
    HIGHLIGHT_COLORS,
    HIGHLIGHT_STYLES,
    Annotation,
    Document,
    DocumentMetadata,
    DocumentSummary,
    ParsedDocument,
)
from annotations.near_duplicates import fingerprint
from annotations.outbox import Outbox
from annotations.pg_team import check_may_change, check_visibility
from annotations.store_claims import ClaimTable
from annotations.store_copies import CopyTable
from annotations.store_history import CreatorCount, HistoryEntry, highlights_by_creator, read_history
from annotations.store_index_state import ChangeSource, IndexStateTable
from annotations.store_reading import ReadingTable
from annotations.store_saved import SavedSearchTable
from annotations.store_states import ChangedMeanwhile, StateTable
from annotations.store_tags import TagTable
from annotations.tags import normalize_tags
from annotations.team_feed import TeamFeed
from annotations.team_offline import ReadOnlyCopy

# Longest value accepted for an edited metadata field (titles are cut at import to 300 characters).
MAX_METADATA_CHARS = 2_000
MAX_DOCUMENT_NOTE_CHARS = 200_000

_DOCUMENT_COLUMNS = (
    "id, uuid, title, byline, source, published, imported_at, format, html, text, sha256, site, note, language,"
    " copy_of, copy_similarity"
)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class GivenHighlight:
    """A highlight stored as an annotation file states it (``Store.add_given_annotations``): its uuid and
    times are kept. An anchored one takes its quote and context from the article's text at ``start:end``;
    an orphan keeps the given quote and context, and its offsets only satisfy the table."""

    document_id: int
    start: int
    end: int
    uuid: str
    created: str
    modified: str
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    color: str = HIGHLIGHT_COLORS[0]
    style: str = DEFAULT_STYLE
    note: str = ""
    tags: tuple[str, ...] = field(default=())
    orphaned: bool = False


@dataclass(frozen=True)
class DocumentKey:
    """What identifies an article when annotations made elsewhere are matched to it."""

    id: int
    uuid: str
    source: str
    sha256: str


class Store:
    """Documents and highlights in one SQLite file, with its tags, saved searches and undo states as parts."""

    def __init__(self, location: Path | Database, *, local_cache: Path | None = None) -> None:
        """A SQLite file at ``location`` (created and migrated as needed), or an open ``Database`` of
        either engine. A team library's server (``pg_database.PostgresDatabase``) needs ``local_cache``:
        this desktop's own SQLite file, where its index's state and its place in the change feed live."""
        self.db: Database = SqliteDatabase(location) if isinstance(location, Path) else location
        self.path = self.db.path
        self.local: Database = self.db
        self.outbox: ChangeSource = Outbox(self.db)
        if isinstance(self.db, ReadOnlyCopy):  # a team library offline: the copy's index rows stay writable
            self.local = self.db.copy
            self.outbox = Outbox(self.local)
        elif self.db.engine != "sqlite":
            if local_cache is None:
                raise ValueError("a team library needs a local cache file for this desktop's index")
            self.local = SqliteDatabase(local_cache)
            self.outbox = TeamFeed(self.db, self.local)
        self.tags = TagTable(self.db)
        self.saved_searches = SavedSearchTable(self.db)
        self.states = StateTable(self.db, self.tags)
        self.index_state = IndexStateTable(self.local, self.outbox)
        self.copies = CopyTable(self.db)
        self.reading = ReadingTable(self.db)  # where the reader left each article
        self.claims = ClaimTable(self.db)  # claims and the highlights linked to them as evidence

    @property
    def read_only(self) -> bool:
        """A team library opened offline, from this desktop's copy: every write is refused (TeamOffline)."""
        return isinstance(self.db, ReadOnlyCopy)

    def close(self) -> None:
        """Close this thread's connection (other threads close theirs when they end)."""
        self.db.close()
        if self.local is not self.db:
            self.local.close()

    # -- documents -------------------------------------------------------------------------------
    def add_document(self, parsed: ParsedDocument) -> Document:
        """Store a parsed document; raises DuplicateDocument when the same text is already there."""
        digest = text_digest(parsed.text)
        language = normalize_code(parsed.language) if parsed.language else detect_language(parsed.text)
        found = fingerprint(parsed.text)  # outside the write lock: the near-duplicate signature (syndicated copies)
        with self.db.transaction() as connection:
            existing = connection.execute("SELECT id, title FROM documents WHERE sha256 = ?", (digest,)).fetchone()
            if existing:
                raise DuplicateDocument(existing["id"], existing["title"])
            cursor = connection.execute(
                "INSERT INTO documents (uuid, title, byline, source, published, imported_at, format, html, text,"
                " sha256, site, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    str(uuid.uuid4()),
                    parsed.title,
                    parsed.byline,
                    parsed.source,
                    parsed.published,
                    now(),
                    parsed.format,
                    parsed.html,
                    parsed.text,
                    digest,
                    parsed.site,
                    language,
                ),
            )
            document_id = int(cursor.fetchone()[0])
            enqueue(connection, "document", [document_id])
            self.copies.attach(connection, document_id, found)  # a copy of a story already here, or its new root
        return self.document(document_id)

    def update_document_metadata(self, document_id: int, changes: DocumentMetadata) -> Document:
        """Correct an article's title, author, date, source, site or note (one transaction; the index follows).

        The article's highlights are re-indexed too, since each carries its article's title."""
        values = {name: value.strip() for name, value in vars(changes).items() if value is not None}
        if "title" in values and not values["title"]:
            raise InvalidMetadata("an article needs a title")
        for name, value in values.items():
            limit = MAX_DOCUMENT_NOTE_CHARS if name == "note" else MAX_METADATA_CHARS
            if len(value) > limit:
                raise InvalidMetadata(f"the {name} is {len(value):,} characters long; the limit is {limit:,}")
            if name == "language":
                values[name] = normalize_code(value)
            elif name != "note":
                values[name] = " ".join(value.split())  # one line, as at import
        with self.db.transaction() as connection:
            if connection.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is None:
                raise NotFound(f"no document #{document_id}")
            if values:
                assignments = ", ".join(f"{name} = ?" for name in values)
                connection.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*values.values(), document_id))
                enqueue(connection, "document", [document_id])
                if "title" in values or "language" in values:  # highlights carry both into the index
                    annotation_ids = [
                        row[0]
                        for row in connection.execute(
                            "SELECT id FROM annotations WHERE document_id = ?", (document_id,)
                        )
                    ]
                    enqueue(connection, "annotation", annotation_ids)
        return self.document(document_id)

    def find_by_source(self, source: str) -> int | None:
        """The oldest document imported from ``source`` (a URL or a file path), if any."""
        if not source.strip():
            return None
        row = self.db.connection().execute("SELECT min(id) FROM documents WHERE source = ?", (source,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def document_keys(self) -> list[DocumentKey]:
        """Every article's id, uuid, source and text digest (oldest first), without loading any text."""
        rows = self.db.connection().execute("SELECT id, uuid, source, sha256 FROM documents ORDER BY id")
        return [DocumentKey(row[0], row[1], row[2], row[3]) for row in rows]

    def documents_containing(self, quote: str) -> list[int]:
        """Ids of the articles whose text contains ``quote`` (case-sensitive), oldest first."""
        if not quote:
            return []
        rows = self.db.connection().execute("SELECT id FROM documents WHERE instr(text, ?) > 0 ORDER BY id", (quote,))
        return [row[0] for row in rows]

    def find_duplicate(self, text: str) -> int | None:
        row = self.db.connection().execute("SELECT id FROM documents WHERE sha256 = ?", (text_digest(text),)).fetchone()
        return int(row["id"]) if row else None

    def document(self, document_id: int) -> Document:
        row = (
            self.db.connection()
            .execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (document_id,))
            .fetchone()
        )
        if row is None:
            raise NotFound(f"no document #{document_id}")
        return Document(**dict(row))

    def document_labels(self, document_id: int) -> tuple[str, str, str]:
        """An article's title, published date and language, without loading its text (the index needs them
        per highlight)."""
        row = (
            self.db.connection()
            .execute("SELECT title, published, language FROM documents WHERE id = ?", (document_id,))
            .fetchone()
        )
        if row is None:
            raise NotFound(f"no document #{document_id}")
        return row["title"], row["published"], row["language"]

    def has_document(self, document_id: int) -> bool:
        return self.db.connection().execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is not None

    def document_summaries(self) -> list[DocumentSummary]:
        rows = (
            self.db.connection()
            .execute(
                "SELECT d.id, d.title, d.byline, d.source, d.published, d.imported_at, length(d.text) AS chars,"
                " (SELECT count(*) FROM annotations a WHERE a.document_id = d.id) AS highlights,"
                " d.language, d.copy_of, d.copy_similarity"
                " FROM documents d ORDER BY d.imported_at, d.id"
            )
            .fetchall()
        )
        return [DocumentSummary(**dict(row)) for row in rows]

    def document_count(self) -> int:
        return int(self.db.connection().execute("SELECT count(*) FROM documents").fetchone()[0])

    def annotation_count(self) -> int:
        return int(self.db.connection().execute("SELECT count(*) FROM annotations").fetchone()[0])

    def document_ids(self) -> list[int]:
        return [row[0] for row in self.db.connection().execute("SELECT id FROM documents ORDER BY id")]

    def delete_document(self, document_id: int) -> list[int]:
        """Delete a document and its highlights (one transaction; the index follows). Returns the articles
        re-pointed to a new story root (the deleted one was the root of their story)."""
        with self.db.transaction() as connection:
            if connection.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is None:
                raise NotFound(f"no document #{document_id}")
            annotation_ids = [
                row[0] for row in connection.execute("SELECT id FROM annotations WHERE document_id = ?", (document_id,))
            ]
            repointed = self.copies.detach(connection, document_id)
            connection.execute("DELETE FROM documents WHERE id = ?", (document_id,))
            enqueue(connection, "annotation", annotation_ids)
            enqueue(connection, "document", [document_id])
            delete_unused_tags(connection)
        return repointed

    # -- annotations -----------------------------------------------------------------------------
    def add_annotation(
        self,
        document_id: int,
        start: int,
        end: int,
        *,
        color: str = HIGHLIGHT_COLORS[0],
        tags: Iterable[str] = (),
        note: str = "",
        style: str = DEFAULT_STYLE,
        visibility: str = "team",
    ) -> Annotation:
        """Highlight ``text[start:end]`` of a document; the quote and its context are taken from the text."""
        return self.add_annotations(
            document_id, [(start, end)], color=color, tags=tags, note=note, style=style, visibility=visibility
        )[0]

    def add_annotations(
        self,
        document_id: int,
        spans: Sequence[tuple[int, int]],
        *,
        color: str = HIGHLIGHT_COLORS[0],
        tags: Iterable[str] = (),
        note: str = "",
        style: str = DEFAULT_STYLE,
        visibility: str = "team",
    ) -> list[Annotation]:
        """Several highlights in one document, in one transaction: all are stored or none.

        ``visibility`` ("team" or "private") matters in a team library; a SQLite library has one reader,
        so it is checked and then not stored there (every highlight reads back as "team")."""
        _check_color(color)
        _check_style(style)
        check_visibility(visibility)
        team = self.db.engine == "postgresql"
        tag_names = normalize_tags(tags)
        created: list[int] = []
        with self.db.transaction() as connection:
            row = connection.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
            if row is None:
                raise NotFound(f"no document #{document_id}")
            stamp = now()
            for start, end in spans:
                selector = quote_selector(row["text"], start, end)
                cursor = connection.execute(
                    f"INSERT INTO annotations ({ANNOTATION_COLUMNS.removeprefix('id, ')}{', visibility' if team else ''})"
                    f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0{', ?' if team else ''}) RETURNING id",
                    (str(uuid.uuid4()), document_id, start, end, selector.exact, selector.prefix, selector.suffix,
                     color, note, stamp, stamp, style, *((visibility,) if team else ())),
                )  # fmt: skip
                created.append(int(cursor.fetchone()[0]))
                set_tags(connection, created[-1], tag_names)
            enqueue(connection, "annotation", created)
        return [self.annotation(annotation_id) for annotation_id in created]

    def add_given_annotations(self, highlights: Sequence[GivenHighlight]) -> list[Annotation]:
        """Store highlights an annotation file brought, all in one transaction: all are stored or none.

        Raises InvalidSelection for offsets that do not fit an anchored highlight's text, ChangedMeanwhile
        when the text there is no longer the given ``exact``, NotFound for a missing article,
        sqlite3.IntegrityError for a uuid already taken; nothing is stored then."""
        for highlight in highlights:
            _check_color(highlight.color)
            _check_style(highlight.style)
        created: list[int] = []
        texts: dict[int, str] = {}
        with self.db.transaction() as connection:
            for highlight in highlights:
                if highlight.document_id not in texts:
                    row = connection.execute("SELECT text FROM documents WHERE id = ?", (highlight.document_id,))
                    found = row.fetchone()
                    if found is None:
                        raise NotFound(f"no document #{highlight.document_id}")
                    texts[highlight.document_id] = found["text"]
                if highlight.orphaned:
                    exact, prefix, suffix = highlight.exact, highlight.prefix, highlight.suffix
                else:
                    selector = quote_selector(texts[highlight.document_id], highlight.start, highlight.end)
                    if highlight.exact and selector.exact != highlight.exact:
                        raise ChangedMeanwhile(f"the text of #{highlight.document_id} changed while it was read")
                    exact, prefix, suffix = selector.exact, selector.prefix, selector.suffix
                cursor = connection.execute(
                    f"INSERT INTO annotations ({ANNOTATION_COLUMNS.removeprefix('id, ')})"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (highlight.uuid, highlight.document_id, highlight.start, highlight.end, exact, prefix, suffix,
                     highlight.color, highlight.note, highlight.created, highlight.modified, highlight.style,
                     int(highlight.orphaned)),
                )  # fmt: skip
                created.append(int(cursor.fetchone()[0]))
                set_tags(connection, created[-1], normalize_tags(highlight.tags))
            enqueue(connection, "annotation", created)
        stored = self.find_annotations(created)
        return [stored[annotation_id] for annotation_id in created]

    def existing_uuids(self, uuids: Iterable[str]) -> set[str]:
        """The ones among ``uuids`` that a stored highlight already has."""
        wanted, found = list(dict.fromkeys(uuids)), set()
        for start in range(0, len(wanted), 500):
            chunk = tuple(wanted[start : start + 500])
            rows = self.db.connection().execute(
                f"SELECT uuid FROM annotations WHERE uuid IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update(row[0] for row in rows)
        return found

    def update_annotation(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        tags: Iterable[str] | None = None,
        note: str | None = None,
        style: str | None = None,
        visibility: str | None = None,
    ) -> Annotation:
        """Change colour, style, tags, note and/or visibility of a highlight; arguments left as None stay as
        they are. In a team library only its creator or an admin may (LecternError otherwise); a SQLite
        library does not store visibility."""
        if color is not None:
            _check_color(color)
        if style is not None:
            _check_style(style)
        if visibility is not None:
            check_visibility(visibility)
        with self.db.transaction() as connection:
            if connection.execute("SELECT 1 FROM annotations WHERE id = ?", (annotation_id,)).fetchone() is None:
                raise NotFound(f"no annotation #{annotation_id}")
            check_may_change(connection, [annotation_id])
            if visibility is not None and self.db.engine == "postgresql":
                connection.execute("UPDATE annotations SET visibility = ? WHERE id = ?", (visibility, annotation_id))
            if color is not None:
                connection.execute("UPDATE annotations SET color = ? WHERE id = ?", (color, annotation_id))
            if note is not None:
                connection.execute("UPDATE annotations SET note = ? WHERE id = ?", (note, annotation_id))
            if style is not None:
                connection.execute("UPDATE annotations SET style = ? WHERE id = ?", (style, annotation_id))
            if tags is not None:
                connection.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (annotation_id,))
                set_tags(connection, annotation_id, normalize_tags(tags))
                delete_unused_tags(connection)
            connection.execute("UPDATE annotations SET modified = ? WHERE id = ?", (now(), annotation_id))
            enqueue(connection, "annotation", [annotation_id])
        return self.annotation(annotation_id)

    def delete_annotation(self, annotation_id: int) -> None:
        with self.db.transaction() as connection:
            check_may_change(connection, [annotation_id])
            cursor = connection.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            if cursor.rowcount == 0:
                raise NotFound(f"no annotation #{annotation_id}")
            delete_unused_tags(connection)
            enqueue(connection, "annotation", [annotation_id])

    def annotation(self, annotation_id: int) -> Annotation:
        found = self._annotations_where("a.id = ?", (annotation_id,))
        if not found:
            raise NotFound(f"no annotation #{annotation_id}")
        return found[0]

    def find_annotation(self, annotation_id: int) -> Annotation | None:
        found = self._annotations_where("a.id = ?", (annotation_id,))
        return found[0] if found else None

    def find_annotations(self, annotation_ids: Sequence[int]) -> dict[int, Annotation]:
        """The highlights among ``annotation_ids`` that exist, by id (one query per 500 ids)."""
        found: dict[int, Annotation] = {}
        for start in range(0, len(annotation_ids), 500):
            chunk = tuple(annotation_ids[start : start + 500])
            placeholders = ",".join("?" * len(chunk))
            found.update((a.id, a) for a in self._annotations_where(f"a.id IN ({placeholders})", chunk))
        return found

    def annotations_for(self, document_id: int) -> list[Annotation]:
        return self._annotations_where("a.document_id = ?", (document_id,))

    def all_annotations(self) -> list[Annotation]:
        return self._annotations_where("TRUE", ())

    def orphaned_annotations(self, document_id: int | None = None) -> list[Annotation]:
        """Highlights marked orphaned, in one article or in all."""
        if document_id is None:
            return self._annotations_where("a.orphaned = 1", ())
        return self._annotations_where("a.orphaned = 1 AND a.document_id = ?", (document_id,))

    def annotation_ids(self) -> list[int]:
        return [row[0] for row in self.db.connection().execute("SELECT id FROM annotations ORDER BY id")]

    def history(self, annotation_id: int) -> list[HistoryEntry]:
        """What was changed in a highlight, by whom and when, newest first (a team library; [] on SQLite)."""
        return read_history(self.db, annotation_id)

    def highlights_by_creator(self, document_id: int) -> list[CreatorCount]:
        """An article's highlights counted by creator, other members' private ones included (counts only)."""
        return highlights_by_creator(self.db, document_id)

    def _annotations_where(self, condition: str, parameters: tuple[object, ...]) -> list[Annotation]:
        return read_annotations(self.db.connection(), condition, parameters)

    # -- index outbox ----------------------------------------------------------------------------
    def pending_index_changes(self, limit: int = 500) -> list[tuple[int, str, int]]:
        """The oldest changes the index has not applied: (number, 'document' | 'annotation', entity id)."""
        return [(number, kind, entity_id) for number, kind, entity_id, _ in self.outbox.pending(limit)]

    def acknowledge_index_changes(self, up_to_id: int) -> None:
        """The index has committed every change up to ``up_to_id``."""
        self.outbox.acknowledge(up_to_id)

    def pending_index_count(self) -> int:
        return self.outbox.count()

    def clear_index_changes(self) -> int:
        """Forget every pending change (a full rebuild covers them); returns the highest number dropped."""
        highest = self.outbox.highest()
        self.outbox.acknowledge(highest)
        return highest


def _check_style(style: str) -> None:
    if style not in HIGHLIGHT_STYLES:
        raise InvalidSelection(f"unknown style “{style}” (choose one of {', '.join(HIGHLIGHT_STYLES)})")


def _check_color(color: str) -> None:
    if color not in HIGHLIGHT_COLORS:
        raise InvalidSelection(f"unknown colour “{color}” (choose one of {', '.join(HIGHLIGHT_COLORS)})")
