"""Store methods that move highlights between states: undo/redo snapshots, and new versions of a text.

Undo works on snapshots: before an operation the affected highlights (and tag details) are read;
undo writes them back exactly (same ids, uuids, offsets, tags), redo writes the after-state.
A new version of a document's text re-anchors every highlight in the same transaction that
stores the text, so the text and the offsets into it never disagree. Mixed into ``Store``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager

from annotations.anchoring import quote_selector
from annotations.errors import DuplicateDocument, LecternError, NotFound
from annotations.models import Annotation, ParsedDocument, TagCount
from annotations.reanchor import Placement

AnnotationStates = Mapping[int, Annotation | None]  # id -> the highlight, or None where it does not exist


class ChangedMeanwhile(LecternError):
    """A document or its highlights changed between reading them and writing what was computed from them."""


class StateOperations:
    """Methods ``Store`` gains for snapshots and versions; relies on the Store's connection helpers."""

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Store
        raise NotImplementedError

    def find_annotation(self, annotation_id: int) -> Annotation | None:  # provided by Store
        raise NotImplementedError

    def annotations_for(self, document_id: int) -> list[Annotation]:  # provided by Store
        raise NotImplementedError

    def restore_tag_states(self, connection: sqlite3.Connection, states: Mapping[str, TagCount | None]) -> None:
        raise NotImplementedError  # provided by TagOperations

    def annotation_states(self, annotation_ids: Sequence[int]) -> dict[int, Annotation | None]:
        """The current state of each highlight (``None`` for ids that do not exist)."""
        return {annotation_id: self.find_annotation(annotation_id) for annotation_id in annotation_ids}

    def restore_states(self, annotations: AnnotationStates, tags: Mapping[str, TagCount | None]) -> None:
        """Write highlights and tag details back to a snapshot, in one transaction."""
        try:
            with self._transaction() as connection:
                texts: dict[int, str | None] = {}
                for annotation_id, state in annotations.items():
                    if state is None:
                        connection.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
                        continue
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
                self.restore_tag_states(connection, tags)
                self._delete_unused_tags(connection)
                self._enqueue(connection, "annotation", list(annotations))
        except sqlite3.IntegrityError as error:  # e.g. the highlight's article was deleted since
            raise LecternError("this change can no longer be undone: its article is gone") from error

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
        with self._transaction() as connection:
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
            self._enqueue(connection, "document", [document_id])
            self._enqueue(connection, "annotation", list(placements))

    def reattach_annotation(self, annotation_id: int, start: int, end: int) -> Annotation:
        """Anchor a highlight (typically an orphan) to ``text[start:end]`` of its document."""
        with self._transaction() as connection:
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
            self._enqueue(connection, "annotation", [annotation_id])
        found = self.find_annotation(annotation_id)
        assert found is not None
        return found

    def _write_annotation(self, connection: sqlite3.Connection, state: Annotation) -> None:
        connection.execute(
            'INSERT OR REPLACE INTO annotations (id, uuid, document_id, start, "end", exact, prefix, suffix, color,'
            " note, created, modified, style, orphaned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (state.id, state.uuid, state.document_id, state.start, state.end, state.exact, state.prefix,
             state.suffix, state.color, state.note, state.created, state.modified, state.style, int(state.orphaned)),
        )  # fmt: skip
        connection.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (state.id,))
        self._set_tags(connection, state.id, state.tags)

    def _set_tags(self, connection: sqlite3.Connection, annotation_id: int, names: tuple[str, ...]) -> None:
        raise NotImplementedError  # provided by Store

    @staticmethod
    def _delete_unused_tags(connection: sqlite3.Connection) -> None:
        raise NotImplementedError  # provided by Store

    @staticmethod
    def _enqueue(connection: sqlite3.Connection, kind: str, entity_ids: list[int]) -> None:
        raise NotImplementedError  # provided by Store


def _selectors(connection: sqlite3.Connection, document_id: int) -> list[tuple[object, ...]]:
    rows = connection.execute(
        'SELECT id, start, "end", exact, prefix, suffix, orphaned FROM annotations WHERE document_id = ? ORDER BY id',
        (document_id,),
    )
    return [(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6])) for row in rows]


def _selectors_of(annotations: Sequence[Annotation]) -> list[tuple[object, ...]]:
    return sorted((a.id, a.start, a.end, a.exact, a.prefix, a.suffix, a.orphaned) for a in annotations)
