"""Syndicated copies: which articles tell the same story (the SQL of ``documents.copy_of``).

An article that is nearly the same text as one already in the library is a *copy*; ``copy_of`` names the
earliest article of its story (the story's root, whose own ``copy_of`` is NULL). A story is identified by
its root's id: ``coalesce(copy_of, id)``.

The root is the earliest article by published date, then by id (an article with no usable date comes after
every dated one): a copy imported before the original is re-pointed to it when the original arrives, and
when a root is deleted its earliest copy becomes the root; an article that is a copy of articles of two
stories joins them into one. ``copy_similarity`` is a copy's similarity to the
root (``annotations.near_duplicates``). Each article's fingerprint (signature and LSH bands) is written in the
same transaction as the article, or by ``refresh`` (the backfill of a library imported before copies were
marked, and a new version of an article's text).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np

from annotations.database import Database, enqueue
from annotations.near_duplicates import (
    ESTIMATE_MARGIN,
    SIGNATURE_VERSION,
    THRESHOLD,
    Fingerprint,
    empty_signature,
    estimated_similarity,
    fingerprint,
    is_copy,
    shingles,
    signature_from_bytes,
    similarity,
)

_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters
_REMEMBERED = 2_000_000  # shingles kept (16 MB) of the articles met last: a story's copies tend to arrive together
_ISO_DATE = re.compile(r"\d{4}(-\d{2}){0,2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")

_PUT_SIGNATURE = (
    "INSERT INTO document_fingerprints (document_id, signature) VALUES (?, ?)"
    " ON CONFLICT (document_id) DO UPDATE SET signature = excluded.signature"
)


def earliest_key(published: str, document_id: int) -> tuple[int, str, int]:
    """What orders a story's articles: an ISO date or date-time first (as written: the importers and the
    details dialog keep dates in ISO form), then the id; an article without such a date after all dated ones."""
    found = _ISO_DATE.match(published.strip())
    return (0, found.group(0).replace(" ", "T"), document_id) if found else (1, "", document_id)


class CopyTable:
    """Stories and copies of the library's articles."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()  # text digest → shingles
        self._recent_lock = threading.Lock()  # imports, deletes and the backfill run on different threads
        self._recent_size = 0  # shingles in _recent

    # -- reading ---------------------------------------------------------------------------------
    def stories(self, document_ids: Iterable[int]) -> dict[int, int]:
        """Article id → the id of its story (its root article); ids no longer in the library are left out."""
        ids = sorted(set(document_ids))
        found: dict[int, int] = {}
        connection = self.db.connection()
        for at in range(0, len(ids), _CHUNK):
            chunk = ids[at : at + _CHUNK]
            rows = connection.execute(
                f"SELECT id, coalesce(copy_of, id) FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update((int(row[0]), int(row[1])) for row in rows)
        return found

    def story_count(self, document_ids: Iterable[int]) -> int:
        """How many distinct stories the articles tell."""
        return len(set(self.stories(document_ids).values()))

    def members(self, root_id: int) -> list[int]:
        """The copies of a story's root, by id (empty for a copy or an article with no copies)."""
        rows = self.db.connection().execute("SELECT id FROM documents WHERE copy_of = ? ORDER BY id", (root_id,))
        return [int(row[0]) for row in rows]

    def root_sites(self) -> dict[int, tuple[str, str]]:
        """Each story root that has copies → (its site, its published date): what a copy's label names."""
        rows = self.db.connection().execute(
            "SELECT id, site, published FROM documents WHERE id IN (SELECT copy_of FROM documents)"
        )
        return {int(row[0]): (row[1], row[2]) for row in rows}

    def unfingerprinted(self) -> list[int]:
        """Articles without a current fingerprint, earliest first (so that roots come before their copies)."""
        rows = self.db.connection().execute(
            "SELECT d.id, d.published FROM documents d LEFT JOIN document_fingerprints f ON f.document_id = d.id"
            " WHERE f.document_id IS NULL OR substr(f.signature, 1, 1) != ?",
            (bytes([SIGNATURE_VERSION]),),
        )
        return [row[0] for row in sorted(rows, key=lambda row: earliest_key(row[1], row[0]))]

    # -- writing, in the caller's transaction ----------------------------------------------------
    def attach(self, connection: sqlite3.Connection, document_id: int, found: Fingerprint | None) -> list[int]:
        """Store a new (or refreshed) article's fingerprint and mark it a copy when its story is already here.

        The article must not be a copy or a root yet. Returns the other articles whose mark changed (a whole
        story re-pointed to this article, when it is earlier than the story's root)."""
        if found is None:  # too short to compare: marked done, so the backfill does not come back to it
            connection.execute(
                _PUT_SIGNATURE,
                (document_id, empty_signature()),
            )
            return []
        connection.execute(
            _PUT_SIGNATURE,
            (document_id, found.to_bytes()),
        )
        digest = connection.execute("SELECT sha256 FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
        self._remember(digest, found.shingles)
        buckets = found.buckets()
        connection.executemany(
            "INSERT INTO fingerprint_bands (band, bucket, document_id) VALUES (?, ?, ?)",
            [(band, bucket, document_id) for band, bucket in buckets],
        )
        scores = self._copies_among_candidates(connection, document_id, found, buckets)
        if not scores:
            return []
        marks = ",".join("?" * len(scores))
        roots = {
            int(row[0])
            for row in connection.execute(
                f"SELECT coalesce(copy_of, id) FROM documents WHERE id IN ({marks})", list(scores)
            )
        }
        return self._join(connection, document_id, found.shingles, roots, scores)

    def detach(self, connection: sqlite3.Connection, document_id: int) -> list[int]:
        """Before a story's root is deleted (or fingerprinted anew): its earliest copy becomes the root and
        the other copies are re-pointed to it. Returns the copies whose mark changed."""
        row = connection.execute("SELECT copy_of FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None or row[0] is not None:
            return []
        members = connection.execute("SELECT id, published FROM documents WHERE copy_of = ?", (document_id,)).fetchall()
        if not members:
            return []
        ordered = sorted(members, key=lambda member: earliest_key(member[1], member[0]))
        root = int(ordered[0][0])
        connection.execute("UPDATE documents SET copy_of = NULL, copy_similarity = NULL WHERE id = ?", (root,))
        root_shingles = self._shingles_of(connection, [root])[root]
        self._point(connection, root, root_shingles, [int(member[0]) for member in ordered[1:]])
        changed = [int(member[0]) for member in ordered]
        enqueue(connection, "document", changed)
        return changed

    # -- writing, in a transaction of its own ----------------------------------------------------
    def refresh(self, document_id: int) -> list[int]:
        """Fingerprint an article from its current text and mark it again (the backfill; a new version of a
        text), in one transaction. Returns every article whose mark changed, this one included."""
        with self.db.transaction() as connection:
            row = connection.execute(
                "SELECT text, copy_of, copy_similarity FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            if row is None:
                return []
            changed = self.detach(connection, document_id)
            connection.execute(
                "UPDATE documents SET copy_of = NULL, copy_similarity = NULL WHERE id = ?", (document_id,)
            )
            connection.execute("DELETE FROM fingerprint_bands WHERE document_id = ?", (document_id,))
            changed += self.attach(connection, document_id, fingerprint(row["text"]))
            after = connection.execute(
                "SELECT copy_of, copy_similarity FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            if tuple(after) != (row["copy_of"], row["copy_similarity"]):
                enqueue(connection, "document", [document_id])
                changed.append(document_id)
        return sorted(set(changed))

    # -- helpers ---------------------------------------------------------------------------------
    def _copies_among_candidates(
        self, connection: sqlite3.Connection, document_id: int, found: Fingerprint, buckets: list[tuple[int, int]]
    ) -> dict[int, float]:
        """Articles sharing a band bucket whose exact similarity reaches the threshold → that similarity.

        The MinHash estimate first drops candidates far below the threshold, so that a text is loaded and
        compared only for the likely ones."""
        pairs = ",".join("(?, ?)" for _ in buckets)  # joined to the bands' index: one search per band
        rows = connection.execute(
            "SELECT f.document_id, f.signature FROM document_fingerprints f WHERE f.document_id IN"
            f" (SELECT b.document_id FROM (VALUES {pairs}) v"
            "   JOIN fingerprint_bands b ON b.band = v.column1 AND b.bucket = v.column2)"
            " AND f.document_id != ?",
            [value for pair in buckets for value in pair] + [document_id],
        ).fetchall()
        likely = []
        for candidate, stored in rows:
            signature = signature_from_bytes(stored)
            if signature is None:
                continue
            if estimated_similarity(found.signature, signature) >= THRESHOLD - ESTIMATE_MARGIN:
                likely.append(int(candidate))
        if not likely:
            return {}
        texts = self._shingles_of(connection, likely)
        exact = {candidate: similarity(found.shingles, text) for candidate, text in texts.items()}
        return {candidate: score for candidate, score in exact.items() if is_copy(score)}

    def _join(
        self,
        connection: sqlite3.Connection,
        document_id: int,
        own: np.ndarray,
        roots: set[int],
        known: dict[int, float],
    ) -> list[int]:
        """Make the article a copy of the story it matched, or that story's new root when it is the earliest.

        An article that matches articles of several stories joins them into one (it is a copy of each): the
        earliest of their roots, or the article, roots it all. Returns the other articles whose mark changed."""
        ids = [document_id, *sorted(roots)]
        dates = dict(
            connection.execute(f"SELECT id, published FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)
        )
        root = min(ids, key=lambda candidate: earliest_key(dates[candidate], candidate))
        marks = ",".join("?" * len(roots))
        moved = [
            int(row[0])
            for row in connection.execute(
                f"SELECT id FROM documents WHERE (id IN ({marks}) OR copy_of IN ({marks})) AND id != ?"
                " AND coalesce(copy_of, id) != ?",
                [*sorted(roots), *sorted(roots), root, root],
            )
        ]  # every article of the stories that ``root`` does not head yet
        root_shingles = own if root == document_id else self._shingles_of(connection, [root])[root]
        if root != document_id:
            score = known[root] if root in known else similarity(own, root_shingles)
            connection.execute(
                "UPDATE documents SET copy_of = ?, copy_similarity = ? WHERE id = ?", (root, score, document_id)
            )
        if moved:
            self._point(connection, root, root_shingles, moved)
            enqueue(connection, "document", moved)
        return moved

    def _point(self, connection: sqlite3.Connection, root: int, root_shingles: np.ndarray, copies: list[int]) -> None:
        """Make ``copies`` copies of ``root``, each with its similarity to it."""
        texts = self._shingles_of(connection, copies)
        connection.executemany(
            "UPDATE documents SET copy_of = ?, copy_similarity = ? WHERE id = ?",
            [(root, similarity(texts[copy], root_shingles), copy) for copy in copies],
        )

    def _shingles_of(self, connection: sqlite3.Connection, document_ids: list[int]) -> dict[int, np.ndarray]:
        """The shingles of stored articles' texts (only candidates and story members: a few), from memory for
        the articles met last, since shingling a text again costs more than the rest of storing it."""
        found: dict[int, np.ndarray] = {}
        for at in range(0, len(document_ids), _CHUNK):
            chunk = document_ids[at : at + _CHUNK]
            marks = ",".join("?" * len(chunk))
            missing = []
            for document_id, digest in connection.execute(
                f"SELECT id, sha256 FROM documents WHERE id IN ({marks})", chunk
            ):
                with self._recent_lock:
                    known = self._recent.get(digest)
                if known is None:
                    missing.append(document_id)
                else:
                    found[int(document_id)] = known
            if missing:
                marks = ",".join("?" * len(missing))
                for document_id, digest, text in connection.execute(
                    f"SELECT id, sha256, text FROM documents WHERE id IN ({marks})", missing
                ):
                    found[int(document_id)] = self._remember(digest, shingles(text))
        return found

    def _remember(self, digest: str, hashed: np.ndarray) -> np.ndarray:
        with self._recent_lock:
            old = self._recent.pop(digest, None)
            self._recent[digest] = hashed
            self._recent_size += len(hashed) - (0 if old is None else len(old))
            while self._recent_size > _REMEMBERED and len(self._recent) > 1:
                self._recent_size -= len(self._recent.popitem(last=False)[1])
        return hashed
