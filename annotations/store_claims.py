"""Claims and their evidence (the SQL of ``claims``, ``claim_tags`` and ``claim_links``).

A claim's tags are its own plain names (``claim_tags``), apart from the highlights' tag table, so tag counts
and the tag tree stay about highlights. A link goes with its highlight and its claim (ON DELETE CASCADE).
Writes that change which highlights a claim has, or the claim text the index holds for them (``claim:``
matches a linked claim's words), also enqueue those highlights for the index in the same transaction.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotations.database import Database, enqueue, now
from annotations.errors import LecternError, NotFound
from annotations.metadata import plain_line, plain_text
from annotations.models import STANCES, Claim, ClaimLink
from annotations.tags import normalize_tags

_CLAIM_COLUMNS = "c.id, c.uuid, c.text, c.note, c.created, c.modified"
_LINK_COLUMNS = "claim_id, annotation_id, stance, created"
MAX_CLAIM_CHARS = 2_000  # a claim is a statement, not an essay: the note holds the rest
MAX_CLAIM_NOTE_CHARS = 200_000


class InvalidClaim(LecternError):
    """A claim or a link that cannot be saved (no text, an unknown stance, too long)."""


@dataclass(frozen=True)
class ClaimState:
    """A claim as undo puts it back: its row with its tags, and every link it had."""

    claim: Claim
    links: tuple[ClaimLink, ...]


@dataclass(frozen=True)
class ClaimSummary:
    """One row of a list of claims: the claim and how many highlights it has per stance."""

    id: int
    text: str
    note: str
    tags: tuple[str, ...]
    supports: int
    contradicts: int
    context: int
    created: str = ""
    modified: str = ""


@dataclass(frozen=True)
class Evidence:
    """One linked highlight with what a claim's page shows of it and its article (offsets to open the passage)."""

    annotation_id: int
    stance: str
    linked: str  # when the link was made
    document_id: int
    start: int
    end: int
    exact: str
    note: str
    orphaned: bool
    title: str
    byline: str
    site: str
    published: str
    source: str


def read_claims(connection: sqlite3.Connection, condition: str = "TRUE", parameters: Sequence[object] = ()) -> list[Claim]:
    """Claims matching an SQL condition on ``c``, with their tags, by id."""
    rows = connection.execute(
        f"SELECT {_CLAIM_COLUMNS}, (SELECT group_concat(tag, '\x1f') FROM"
        "  (SELECT tag FROM claim_tags WHERE claim_id = c.id ORDER BY tag) t) AS tag_names"
        f" FROM claims c WHERE {condition} ORDER BY c.id",
        tuple(parameters),
    ).fetchall()
    return [Claim(*row[:6], tags=tuple(row[6].split("\x1f")) if row[6] else ()) for row in rows]


def read_links_of_annotations(connection: sqlite3.Connection, annotation_ids: Iterable[int]) -> dict[int, list[ClaimLink]]:
    """The claim links of each highlight that has any (500 ids a query)."""
    wanted = list(annotation_ids)
    found: dict[int, list[ClaimLink]] = {}
    for offset in range(0, len(wanted), 500):
        chunk = wanted[offset : offset + 500]
        marks = ",".join("?" * len(chunk))
        for row in connection.execute(
            f"SELECT {_LINK_COLUMNS} FROM claim_links WHERE annotation_id IN ({marks}) ORDER BY claim_id", chunk
        ):
            found.setdefault(row[1], []).append(ClaimLink(*row))
    return found


def read_links(connection: sqlite3.Connection, claim_id: int) -> list[ClaimLink]:
    rows = connection.execute(
        f"SELECT {_LINK_COLUMNS} FROM claim_links WHERE claim_id = ? ORDER BY created, annotation_id", (claim_id,)
    ).fetchall()
    return [ClaimLink(*row) for row in rows]


def claim_text(text: str) -> str:
    """A claim's statement as stored: one line of visible characters; refuses an empty or overlong one."""
    cleaned = plain_line(text)
    if not cleaned:
        raise InvalidClaim("A claim needs some text.")
    if len(cleaned) > MAX_CLAIM_CHARS:
        raise InvalidClaim(f"A claim is limited to {MAX_CLAIM_CHARS:,} characters; put the rest in its note.")
    return cleaned


def claim_note(note: str) -> str:
    cleaned = plain_text(note).strip()
    if len(cleaned) > MAX_CLAIM_NOTE_CHARS:
        raise InvalidClaim(f"A claim's note is limited to {MAX_CLAIM_NOTE_CHARS:,} characters.")
    return cleaned


def check_stance(stance: str) -> str:
    if stance not in STANCES:
        raise InvalidClaim(f"Unknown stance “{stance}”: choose {', '.join(STANCES[:-1])} or {STANCES[-1]}.")
    return stance


class ClaimTable:
    """Claims and their links: reads for the views, writes (one transaction each), and undo states."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ---------------------------------------------------------------------------------
    def all(self) -> list[Claim]:
        return read_claims(self.db.connection())

    def get(self, claim_id: int) -> Claim | None:
        found = read_claims(self.db.connection(), "c.id = ?", (claim_id,))
        return found[0] if found else None

    def links(self, claim_id: int) -> list[ClaimLink]:
        """A claim's evidence links, oldest first."""
        return read_links(self.db.connection(), claim_id)

    def links_of_annotations(self, annotation_ids: Iterable[int]) -> dict[int, list[ClaimLink]]:
        """The claim links of each highlight (for the index, exports and the highlight editor)."""
        return read_links_of_annotations(self.db.connection(), annotation_ids)

    def count(self) -> int:
        return int(self.db.connection().execute("SELECT count(*) FROM claims").fetchone()[0])

    def summaries(self, offset: int = 0, limit: int | None = None) -> list[ClaimSummary]:
        """Claims by id with their counts per stance, a page at a time (``limit`` None: to the end)."""
        rows = self.db.connection().execute(
            "SELECT c.id, c.text, c.note, (SELECT group_concat(tag, '\x1f') FROM"
            "  (SELECT tag FROM claim_tags WHERE claim_id = c.id ORDER BY tag) t),"
            " (SELECT count(*) FROM claim_links l WHERE l.claim_id = c.id AND l.stance = 'supports'),"
            " (SELECT count(*) FROM claim_links l WHERE l.claim_id = c.id AND l.stance = 'contradicts'),"
            " (SELECT count(*) FROM claim_links l WHERE l.claim_id = c.id AND l.stance = 'context'),"
            " c.created, c.modified FROM claims c ORDER BY c.id LIMIT ? OFFSET ?",
            (2**62 if limit is None else limit, offset),
        ).fetchall()
        return [
            ClaimSummary(row[0], row[1], row[2], tuple(row[3].split("\x1f")) if row[3] else (), *row[4:])
            for row in rows
        ]

    def evidence(self, claim_id: int) -> list[Evidence]:
        """Every highlight linked to the claim with its article's details (unordered: the caller orders)."""
        rows = self.db.connection().execute(
            'SELECT l.annotation_id, l.stance, l.created, a.document_id, a.start, a."end", a.exact, a.note,'
            " a.orphaned, d.title, d.byline, d.site, d.published, d.source FROM claim_links l"
            " JOIN annotations a ON a.id = l.annotation_id JOIN documents d ON d.id = a.document_id"
            " WHERE l.claim_id = ? ORDER BY l.annotation_id",
            (claim_id,),
        ).fetchall()
        return [Evidence(*row[:8], bool(row[8]), *row[9:]) for row in rows]

    # -- writing ---------------------------------------------------------------------------------
    def add(self, text: str, *, note: str = "", tags: Iterable[str] = ()) -> Claim:
        """A new claim (its text and note cleaned like every user text, its tags normalised)."""
        text, note, names = claim_text(text), claim_note(note), normalize_tags(tags)
        stamp = now()
        with self.db.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO claims (uuid, text, note, created, modified) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (str(uuid.uuid4()), text, note, stamp, stamp),
            )
            claim_id = int(cursor.fetchone()[0])
            _set_claim_tags(connection, claim_id, names)
        return self._found(claim_id)

    def update(
        self,
        claim_id: int,
        *,
        text: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Claim:
        """Change a claim's text, note and/or tags (None leaves one as it is); a new text re-indexes its
        highlights, whose ``claim:`` words it is."""
        new_text = None if text is None else claim_text(text)
        new_note = None if note is None else claim_note(note)
        new_tags = None if tags is None else normalize_tags(tags)
        with self.db.transaction() as connection:
            current = _existing(connection, claim_id)
            changed = False
            if new_text is not None and new_text != current.text:
                connection.execute("UPDATE claims SET text = ? WHERE id = ?", (new_text, claim_id))
                enqueue(connection, "annotation", _linked(connection, claim_id))
                changed = True
            if new_note is not None and new_note != current.note:
                connection.execute("UPDATE claims SET note = ? WHERE id = ?", (new_note, claim_id))
                changed = True
            if new_tags is not None and sorted(new_tags) != sorted(current.tags):
                _set_claim_tags(connection, claim_id, new_tags)
                changed = True
            if changed:  # saving a claim unchanged is no edit (and no undo step)
                connection.execute("UPDATE claims SET modified = ? WHERE id = ?", (now(), claim_id))
        return self._found(claim_id)

    def delete(self, claim_id: int) -> list[int]:
        """Delete a claim, its tags and its links; returns the highlights that were linked (re-indexed)."""
        with self.db.transaction() as connection:
            _existing(connection, claim_id)
            linked = _linked(connection, claim_id)
            connection.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
            enqueue(connection, "annotation", linked)
        return linked

    def link(self, claim_id: int, annotation_id: int, stance: str) -> ClaimLink:
        """Link a highlight to a claim as evidence; linking it again with another stance changes the stance."""
        check_stance(stance)
        with self.db.transaction() as connection:
            _existing(connection, claim_id)
            if connection.execute("SELECT 1 FROM annotations WHERE id = ?", (annotation_id,)).fetchone() is None:
                raise NotFound(f"No highlight #{annotation_id}.")
            row = connection.execute(
                "SELECT stance FROM claim_links WHERE claim_id = ? AND annotation_id = ?", (claim_id, annotation_id)
            ).fetchone()
            if row is None or row[0] != stance:
                stamp = now()
                connection.execute(
                    "INSERT INTO claim_links (claim_id, annotation_id, stance, created) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (claim_id, annotation_id) DO UPDATE SET stance = excluded.stance",
                    (claim_id, annotation_id, stance, stamp),
                )
                connection.execute("UPDATE claims SET modified = ? WHERE id = ?", (stamp, claim_id))
                enqueue(connection, "annotation", [annotation_id])
            found = connection.execute(
                f"SELECT {_LINK_COLUMNS} FROM claim_links WHERE claim_id = ? AND annotation_id = ?",
                (claim_id, annotation_id),
            ).fetchone()
        return ClaimLink(*found)

    def unlink(self, claim_id: int, annotation_id: int) -> None:
        """Remove a highlight from a claim's evidence (the highlight stays)."""
        with self.db.transaction() as connection:
            _existing(connection, claim_id)
            cursor = connection.execute(
                "DELETE FROM claim_links WHERE claim_id = ? AND annotation_id = ?", (claim_id, annotation_id)
            )
            if cursor.rowcount == 0:
                raise NotFound(f"Highlight #{annotation_id} is not linked to claim #{claim_id}.")
            connection.execute("UPDATE claims SET modified = ? WHERE id = ?", (now(), claim_id))
            enqueue(connection, "annotation", [annotation_id])

    # -- undo states -----------------------------------------------------------------------------
    def states(self, claim_ids: Iterable[int]) -> dict[int, ClaimState | None]:
        """Each claim as it is now (``None`` where there is no such claim), links included."""
        connection = self.db.connection()
        states: dict[int, ClaimState | None] = {}
        for claim_id in claim_ids:
            found = read_claims(connection, "c.id = ?", (claim_id,))
            states[claim_id] = ClaimState(found[0], tuple(read_links(connection, claim_id))) if found else None
        return states

    def _found(self, claim_id: int) -> Claim:
        claim = self.get(claim_id)
        if claim is None:  # deleted by another thread between the write and this read
            raise NotFound(f"No claim #{claim_id}.")
        return claim


def restore_claims(connection: sqlite3.Connection, states: dict[int, ClaimState | None]) -> set[int]:
    """Put claims back as ``states`` saw them (rows, tags, links; same ids), in the caller's transaction.

    Returns the highlights whose links this may have changed (for the index). A link to a highlight that
    is gone meanwhile (deleted by another process) is left out: the claim comes back without it."""
    touched: set[int] = set()
    for claim_id, state in states.items():
        touched.update(_linked(connection, claim_id))
        if state is None:
            connection.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
            continue
        claim = state.claim
        connection.execute(
            "INSERT INTO claims (id, uuid, text, note, created, modified) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid, text = excluded.text, note = excluded.note,"
            " created = excluded.created, modified = excluded.modified",
            (claim.id, claim.uuid, claim.text, claim.note, claim.created, claim.modified),
        )
        _set_claim_tags(connection, claim.id, claim.tags)
        connection.execute("DELETE FROM claim_links WHERE claim_id = ?", (claim.id,))
        insert_links(connection, state.links)
        touched.update(link.annotation_id for link in state.links)
    return touched


def insert_links(connection: sqlite3.Connection, links: Iterable[ClaimLink]) -> None:
    """Write links back as they were; those whose claim or highlight no longer exists are left out."""
    connection.executemany(
        "INSERT INTO claim_links (claim_id, annotation_id, stance, created)"
        " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM claims WHERE id = ?)"
        " AND EXISTS (SELECT 1 FROM annotations WHERE id = ?)"
        " ON CONFLICT (claim_id, annotation_id) DO UPDATE SET stance = excluded.stance, created = excluded.created",
        [(link.claim_id, link.annotation_id, link.stance, link.created, link.claim_id, link.annotation_id)
         for link in links],
    )  # fmt: skip


def _existing(connection: sqlite3.Connection, claim_id: int) -> Claim:
    found = read_claims(connection, "c.id = ?", (claim_id,))
    if not found:
        raise NotFound(f"No claim #{claim_id}.")
    return found[0]


def _linked(connection: sqlite3.Connection, claim_id: int) -> list[int]:
    rows = connection.execute("SELECT annotation_id FROM claim_links WHERE claim_id = ? ORDER BY annotation_id", (claim_id,))
    return [row[0] for row in rows]


def _set_claim_tags(connection: sqlite3.Connection, claim_id: int, names: Iterable[str]) -> None:
    connection.execute("DELETE FROM claim_tags WHERE claim_id = ?", (claim_id,))
    connection.executemany(
        "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", [(claim_id, name) for name in names]
    )
