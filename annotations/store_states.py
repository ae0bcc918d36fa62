"""Store methods that move highlights between states: undo/redo snapshots, and new versions of a text.

Undo works on snapshots: before an operation the affected highlights, tag details and claims are read;
undo writes them back exactly (same ids, uuids, offsets, tags, claim links), redo writes the after-state.
A new version of a document's text re-anchors every highlight in the same transaction that
stores the text, so the text and the offsets into it never disagree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from annotations.anchoring import quote_selector
from annotations.database import Database, delete_unused_tags, enqueue, read_annotations, set_tags
from annotations.errors import DuplicateDocument, LecternError, NotFound
from annotations.models import Annotation, ClaimLink, ParsedDocument, TagCount
from annotations.pg_team import check_may_change
from annotations.reanchor import Placement
from annotations.store_claims import ClaimState, ClaimTable, insert_links, read_links_of_annotations, restore_claims
from annotations.store_tags import TagTable

AnnotationStates = Mapping[int, Annotation | None]  # id -> the highlight, or None where it does not exist


class ChangedMeanwhile(LecternError):
    """A document or its highlights changed between reading them and writing what was computed from them."""


@dataclass(frozen=True)
class Snapshot:
    """What one undo step puts back: highlights (with their claim links), tag details and claims.

    ``links`` holds the claim links of each highlight in ``annotations`` that exists, so a deleted highlight
    comes back with its evidence links; ``claims`` holds whole claims (row, tags, every link)."""

    annotations: dict[int, Annotation | None] = field(default_factory=dict)
    links: dict[int, tuple[ClaimLink, ...]] = field(default_factory=dict)
    tags: dict[str, TagCount | None] = field(default_factory=dict)
    claims: dict[int, ClaimState | None] = field(default_factory=dict)

    def relinked_from(self, other: Snapshot) -> set[int]:
        """Highlights whose claim links differ between this snapshot and ``other``."""
        mine, theirs = self._all_links(), other._all_links()
        return {link[1] for link in mine ^ theirs}

    def _all_links(self) -> set[tuple[int, int, str]]:
        links = {(link.claim_id, link.annotation_id, link.stance) for found in self.links.values() for link in found}
        for state in self.claims.values():
            if state is not None:
                links.update((link.claim_id, link.annotation_id, link.stance) for link in state.links)
        return links


# The fields of a highlight an edit or a re-anchoring changes (a step's undo puts back only those it changed).
_EDITABLE = ("color", "note", "style", "tags", "visibility", "start", "end", "exact", "prefix", "suffix", "orphaned")


def only_what_changed(current: Annotation, left: Annotation, wanted: Annotation) -> Annotation:
    """``current`` with the fields a step changed (where ``left``, the state it left, differs from ``wanted``,
    the state it goes back to) set as ``wanted`` has them: the last writer wins per field."""
    changed = {name: getattr(wanted, name) for name in _EDITABLE if getattr(left, name) != getattr(wanted, name)}
    if not changed:
        return current
    return replace(current, **changed, modified=wanted.modified)


class StateTable:
    """Highlights moved between states: undo snapshots, new versions of a text, re-attaching."""

    def __init__(self, db: Database, tags: TagTable) -> None:
        self._db = db
        self._tags = tags

    def snapshot(
        self, annotation_ids: Sequence[int], tag_names: Iterable[str] = (), claim_ids: Iterable[int] = ()
    ) -> Snapshot:
        """The current state of each highlight (``None`` for ids that do not exist) with its claim links, of
        each tag's details and of each claim."""
        found = {annotation.id: annotation for annotation in self._find(annotation_ids)}
        links = read_links_of_annotations(self._db.connection(), found)
        return Snapshot(
            annotations={annotation_id: found.get(annotation_id) for annotation_id in annotation_ids},
            links={annotation_id: tuple(links.get(annotation_id, ())) for annotation_id in found},
            tags=self._tags.states(set(tag_names)),
            claims=ClaimTable(self._db).states(claim_ids),
        )

    def restore(self, snapshot: Snapshot, since: Snapshot | None = None) -> None:
        """Write highlights, their claim links, tag details and claims back to a snapshot, in one transaction.

        A highlight that comes back (undoing its deletion) gets its links back; one that exists keeps the
        links it has (its edits never change them; claim steps hold the links they change). With ``since``
        (the state the step left), an existing highlight gets back only the fields the step changed: a
        change made meanwhile to another field (by another member of a team, or the command line) stays."""
        try:
            with self._db.transaction() as connection:
                existing = self._existing(connection, snapshot.annotations)
                check_may_change(connection, sorted(existing))
                current = {a.id: a for a in self._find(sorted(existing))} if since is not None else {}
                texts: dict[int, str | None] = {}
                for annotation_id, state in snapshot.annotations.items():
                    if state is None:
                        connection.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
                        continue
                    left = since.annotations.get(annotation_id) if since is not None else None
                    if left is not None and annotation_id in current:
                        state = only_what_changed(current[annotation_id], left, state)
                    if state.document_id not in texts:
                        row = connection.execute("SELECT text FROM documents WHERE id = ?", (state.document_id,))
                        found = row.fetchone()
                        texts[state.document_id] = found["text"] if found else None
                    text = texts[state.document_id]
                    if text is None:
                        raise LecternError("this change can no longer be undone: its article is gone")
                    if not state.orphaned and text[state.start : state.end] != state.exact:
                        # a new version of the text was stored since (e.g. by the command line)
                        raise LecternError("this change can no longer be undone: its article's text has changed")
                    self._write_annotation(connection, state)
                touched = restore_claims(connection, snapshot.claims)
                for annotation_id, links in snapshot.links.items():
                    if annotation_id not in existing and snapshot.annotations.get(annotation_id) is not None:
                        insert_links(connection, links)  # a claim deleted meanwhile is left out
                        touched.update(link.annotation_id for link in links)
                self._tags.restore(connection, snapshot.tags)
                delete_unused_tags(connection)
                enqueue(connection, "annotation", sorted(set(snapshot.annotations) | touched))
        except sqlite3.IntegrityError as error:  # e.g. the highlight's article was deleted since
            raise LecternError("this change can no longer be undone: its article is gone") from error

    def _existing(self, connection: sqlite3.Connection, annotation_ids: Iterable[int]) -> set[int]:
        wanted, found = list(annotation_ids), set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = connection.execute(f"SELECT id FROM annotations WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            found.update(row[0] for row in rows)
        return found

    def replace_document_text(
        self,
        document_id: int,
        parsed: ParsedDocument,
        digest: str,
        placements: Mapping[int, Placement],
        *,
        placed_on: tuple[str, Sequence[Annotation]] | None = None,
    ) -> None:
        """Store a new version of a document's text and move each highlight to its placement.

        Highlights placed ``orphaned`` keep their old quote and context, marked as orphans; the
        document keeps its id, metadata the researcher may have edited, and its note. ``placed_on``
        is the (sha256, highlights) the placements were computed from: if the text or a highlight
        changed since (another thread wrote), ChangedMeanwhile is raised and nothing is written."""
        with self._db.transaction() as connection:
            row = connection.execute("SELECT version, sha256 FROM documents WHERE id = ?", (document_id,)).fetchone()
            if row is None:
                raise NotFound(f"no document #{document_id}")
            if placed_on is not None and (
                row["sha256"] != placed_on[0] or _selectors(connection, document_id) != _selectors_of(placed_on[1])
            ):
                raise ChangedMeanwhile(f"#{document_id} or its highlights changed while its new version was prepared")
            duplicate = connection.execute(
                "SELECT id, title FROM documents WHERE sha256 = ? AND id != ?", (digest, document_id)
            ).fetchone()
            if duplicate is not None:
                raise DuplicateDocument(duplicate["id"], duplicate["title"])
            connection.execute(
                "UPDATE documents SET html = ?, text = ?, sha256 = ?, format = ?, version = ? WHERE id = ?",
                (parsed.html, parsed.text, digest, parsed.format, row["version"] + 1, document_id),
            )
            for annotation_id, placement in placements.items():
                if placement.start is None or placement.end is None:
                    connection.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", (annotation_id,))
                    continue
                selector = quote_selector(parsed.text, placement.start, placement.end)
                connection.execute(
                    'UPDATE annotations SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, orphaned = 0'
                    " WHERE id = ?",
                    (placement.start, placement.end, selector.exact, selector.prefix, selector.suffix, annotation_id),
                )
            enqueue(connection, "document", [document_id])
            enqueue(connection, "annotation", list(placements))

    def reattach(self, annotation_id: int, start: int, end: int) -> Annotation:
        """Anchor a highlight (typically an orphan) to ``text[start:end]`` of its document."""
        with self._db.transaction() as connection:
            row = connection.execute(
                "SELECT d.text FROM annotations a JOIN documents d ON d.id = a.document_id WHERE a.id = ?",
                (annotation_id,),
            ).fetchone()
            if row is None:
                raise NotFound(f"no annotation #{annotation_id}")
            selector = quote_selector(row["text"], start, end)
            connection.execute(
                'UPDATE annotations SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, orphaned = 0'
                " WHERE id = ?",
                (start, end, selector.exact, selector.prefix, selector.suffix, annotation_id),
            )
            enqueue(connection, "annotation", [annotation_id])
        (found,) = self._find([annotation_id])
        return found

    def _find(self, annotation_ids: Sequence[int]) -> list[Annotation]:
        """The highlights among ``annotation_ids`` (500 ids a query: an import's step may hold many thousands)."""
        found: list[Annotation] = []
        for start in range(0, len(annotation_ids), 500):
            chunk = tuple(annotation_ids[start : start + 500])
            found += read_annotations(self._db.connection(), f"a.id IN ({','.join('?' * len(chunk))})", chunk)
        return found

    def _write_annotation(self, connection: sqlite3.Connection, state: Annotation) -> None:
        if getattr(connection, "engine", "sqlite") == "postgresql":  # a team library: who made it, who sees it
            _write_team_annotation(connection, state)
            return
        connection.execute(
            'INSERT INTO annotations (id, uuid, document_id, start, "end", exact, prefix, suffix, color,'
            " note, created, modified, style, orphaned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            # an upsert, not INSERT OR REPLACE: a replace deletes the row first, and with it (ON DELETE
            # CASCADE) the highlight's claim links
            ' ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid, document_id = excluded.document_id,'
            ' start = excluded.start, "end" = excluded."end", exact = excluded.exact, prefix = excluded.prefix,'
            " suffix = excluded.suffix, color = excluded.color, note = excluded.note, created = excluded.created,"
            " modified = excluded.modified, style = excluded.style, orphaned = excluded.orphaned",
            (state.id, state.uuid, state.document_id, state.start, state.end, state.exact, state.prefix,
             state.suffix, state.color, state.note, state.created, state.modified, state.style, int(state.orphaned)),
        )  # fmt: skip
        connection.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (state.id,))
        set_tags(connection, state.id, state.tags)


def _write_team_annotation(connection: sqlite3.Connection, state: Annotation) -> None:
    """``_write_annotation`` in a team library: the creator and visibility come back too (the server keeps an
    existing highlight's creator and stamps ``modified_by`` itself)."""
    connection.execute(
        'INSERT INTO annotations (id, uuid, document_id, start, "end", exact, prefix, suffix, color,'
        " note, created, modified, style, orphaned, creator, visibility)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ' ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid, document_id = excluded.document_id,'
        ' start = excluded.start, "end" = excluded."end", exact = excluded.exact, prefix = excluded.prefix,'
        " suffix = excluded.suffix, color = excluded.color, note = excluded.note, created = excluded.created,"
        " modified = excluded.modified, style = excluded.style, orphaned = excluded.orphaned,"
        " visibility = excluded.visibility",
        (state.id, state.uuid, state.document_id, state.start, state.end, state.exact, state.prefix,
         state.suffix, state.color, state.note, state.created, state.modified, state.style, int(state.orphaned),
         state.creator, state.visibility),
    )  # fmt: skip
    connection.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (state.id,))
    set_tags(connection, state.id, state.tags)


def _selectors(connection: sqlite3.Connection, document_id: int) -> list[tuple[object, ...]]:
    rows = connection.execute(
        'SELECT id, start, "end", exact, prefix, suffix, orphaned FROM annotations WHERE document_id = ? ORDER BY id',
        (document_id,),
    )
    return [(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6])) for row in rows]


def _selectors_of(annotations: Sequence[Annotation]) -> list[tuple[object, ...]]:
    return sorted((a.id, a.start, a.end, a.exact, a.prefix, a.suffix, a.orphaned) for a in annotations)
