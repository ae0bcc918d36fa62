"""Highlights: adding, editing, deleting, re-attaching and auto-coding them, each an undoable step."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotations.anchoring import find_occurrences
from annotations.errors import NotFound
from annotations.models import DEFAULT_COLOR, DEFAULT_STYLE, Annotation
from annotations.store import Store
from annotations.store_history import HistoryEntry
from app.autocode import AutocodeReport, plan_autocode
from app.changes import Applied, Changes
from app.search_index import SearchIndex
from app.undo import UndoHistory


class Annotations:
    """Reading and writing highlights; every write is one undo step and says what it changed."""

    def __init__(self, store: Store, index: SearchIndex, history: UndoHistory) -> None:
        self._store = store
        self._index = index
        self._history = history

    # -- reading ---------------------------------------------------------------------------------
    def for_document(self, document_id: int) -> list[Annotation]:
        """An article's highlights in text order (orphans included)."""
        return self._store.annotations_for(document_id)

    def get(self, annotation_id: int) -> Annotation:
        """One highlight; raises NotFound."""
        return self._store.annotation(annotation_id)

    def count(self) -> int:
        """How many highlights and underlines the library holds (orphans included)."""
        return self._store.annotation_count()

    def orphans(self, document_id: int | None = None) -> list[Annotation]:
        """Highlights whose passage was lost when their article's text changed."""
        return self._store.orphaned_annotations(document_id)

    def history(self, annotation_id: int) -> list[HistoryEntry]:
        """Who changed what in a highlight and when, newest first: a team library's server records every
        field a save replaced; a personal library has none (its undo stack is its record). Raises NotFound."""
        self._store.annotation(annotation_id)
        return self._store.history(annotation_id)

    # -- writing ---------------------------------------------------------------------------------
    def add(
        self,
        document_id: int,
        start: int,
        end: int,
        *,
        color: str = DEFAULT_COLOR,
        tags: Iterable[str] = (),
        note: str = "",
        style: str = DEFAULT_STYLE,
        visibility: str = "team",
    ) -> Applied[Annotation]:
        """Highlight ``text[start:end]`` (``visibility`` "private": seen by its creator alone, in a team
        library); a highlight of that span in that style already there is returned as it
        is, changing nothing (pressing 1 twice, or a command run again, never stacks two identical highlights)."""
        existing = self._highlighted(document_id, style).get((start, end))
        if existing is not None:
            return Applied(existing)
        applied = self._history.record(
            "Highlight",
            [],
            lambda: [
                self._store.add_annotation(
                    document_id, start, end, color=color, tags=tags, note=note, style=style, visibility=visibility
                )
            ],
        )
        return Applied(applied.value[0], applied.changes)

    def add_quote(
        self,
        document_id: int,
        quote: str,
        *,
        every: bool = False,
        color: str = DEFAULT_COLOR,
        tags: Iterable[str] = (),
        note: str = "",
        style: str = DEFAULT_STYLE,
        visibility: str = "team",
    ) -> Applied[list[Annotation]]:
        """Highlight the first (or, with ``every``, each) case-sensitive occurrence of ``quote`` (one undo step).

        As in ``add``, an occurrence already highlighted in ``style`` keeps its highlight: it is in the value,
        in text order with the new ones, but not in the Changes, which name only the highlights made now."""
        document = self._store.document(document_id)
        spans = find_occurrences(document.text, quote)
        if not spans:
            raise NotFound(f"“{quote}” does not occur in #{document_id} “{document.title}”")
        wanted = spans if every else spans[:1]
        existing = self._highlighted(document_id, style)
        missing = [span for span in wanted if span not in existing]
        applied: Applied[list[Annotation]] = Applied([])
        if missing:
            applied = self._history.record(
                "Highlight",
                [],
                lambda: self._store.add_annotations(
                    document_id, missing, color=color, tags=tags, note=note, style=style, visibility=visibility
                ),
            )
        made = {(annotation.start, annotation.end): annotation for annotation in applied.value}
        return Applied([existing.get(span) or made[span] for span in wanted], applied.changes)

    def _highlighted(self, document_id: int, style: str) -> dict[tuple[int, int], Annotation]:
        """An article's anchored highlights in ``style``, by span (what a new highlight would repeat)."""
        return {
            (annotation.start, annotation.end): annotation
            for annotation in self._store.annotations_for(document_id)
            if not annotation.orphaned and annotation.style == style
        }

    def update(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        tags: Iterable[str] | None = None,
        note: str | None = None,
        style: str | None = None,
        visibility: str | None = None,
    ) -> Applied[Annotation]:
        """Change a highlight's colour, style, tags, note or visibility ("team" / "private"; a team library's)."""
        applied = self._history.record(
            "Edit Highlight",
            [annotation_id],
            lambda: [
                self._store.update_annotation(
                    annotation_id, color=color, tags=tags, note=note, style=style, visibility=visibility
                )
            ],
        )
        return Applied(applied.value[0], applied.changes)

    def delete(self, annotation_id: int) -> Changes:
        """Delete a highlight."""
        self._store.annotation(annotation_id)  # NotFound before anything is recorded
        return self._history.record(
            "Delete Highlight", [annotation_id], lambda: self._store.delete_annotation(annotation_id)
        ).changes

    def reattach(self, annotation_id: int, start: int, end: int) -> Applied[Annotation]:
        """Anchor a highlight (an orphan) to a new passage of its article."""
        applied = self._history.record(
            "Re-attach Highlight", [annotation_id], lambda: [self._store.states.reattach(annotation_id, start, end)]
        )
        return Applied(applied.value[0], applied.changes)

    def autocode(
        self,
        query: str,
        *,
        tags: Sequence[str],
        color: str = DEFAULT_COLOR,
        style: str = DEFAULT_STYLE,
        fresh_within: float = 2.0,
    ) -> Applied[AutocodeReport]:
        """Highlight every occurrence of ``query`` in the articles' text with ``tags`` ("Highlight All").

        Occurrences already highlighted with all of ``tags`` (same or overlapping span) are skipped
        (see app.autocode). One transaction per article, one undo step for the whole run."""
        hits = self._index.all_hits(query, fresh_within=fresh_within)
        plan = plan_autocode(hits, tags, self._store.annotations_for)
        failure: list[BaseException] = []

        def highlight_all() -> list[Annotation]:
            created: list[Annotation] = []
            for document_id, spans in plan.spans.items():
                try:
                    created += self._store.add_annotations(document_id, spans, color=color, tags=tags, style=style)
                except NotFound:  # deleted meanwhile
                    continue
                except BaseException as error:  # noqa: BLE001 - re-raised below, once what was made is undoable
                    failure.append(error)
                    break
            return created

        applied = self._history.record("Highlight All", [], highlight_all) if plan.spans else Applied([])
        if failure:
            raise failure[0]
        created = applied.value
        report = AutocodeReport(
            created=len(created),
            skipped=plan.skipped,
            documents=len({annotation.document_id for annotation in created}),
            annotation_ids=tuple(annotation.id for annotation in created),
        )
        return Applied(report, applied.changes)
