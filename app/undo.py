"""Undoable writes: each annotation, tag or claim operation is recorded as a before/after step.

The recording wraps the store call, so the step holds exactly the highlights, tag details and claims the
operation touched; undo and redo write those states back in one transaction each.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from annotations.history import Change, History
from annotations.models import Annotation, Claim
from annotations.store import Store
from app.changes import Applied, Changes
from app.search_index import SearchIndex

T = TypeVar("T")


def changes_of(change: Change, store: Store) -> Changes:
    """What an undo step touches, as the views need to know it (tag counts change with tagged highlights;
    a highlight linked or unlinked is redrawn, so its article is named too)."""
    before, after = change.before, change.after
    states = [*before.annotations.values(), *after.annotations.values()]
    relinked = change.annotation_ids - set(before.annotations) - set(after.annotations)
    linked_documents = {annotation.document_id for annotation in store.find_annotations(sorted(relinked)).values()}
    return Changes(
        annotations=frozenset(change.annotation_ids),
        annotated_documents=frozenset(change.document_ids | linked_documents),
        tags=bool(before.tags or after.tags) or any(state.tags for state in states if state is not None),
        claims=change.touches_claims,
        history=True,
    )


class UndoHistory:
    """The undo and redo stacks of one library, and the one way writes get onto them."""

    def __init__(self, store: Store, index: SearchIndex) -> None:
        self._store = store
        self._index = index
        self._history = History(store)
        # Writes run on worker threads (the window's write lane, an import's lane): one step at a time.
        self._lock = threading.RLock()

    @property
    def undo_label(self) -> str | None:
        return self._history.undo_label

    @property
    def redo_label(self) -> str | None:
        return self._history.redo_label

    def record(
        self,
        label: str,
        annotation_ids: list[int],
        operation: Callable[[], T],
        tag_names: Iterable[str] = (),
        claim_ids: Iterable[int] = (),
    ) -> Applied[T]:
        """Run ``operation`` and record it for undo: the highlights, tag details and claims it touches,
        before and after.

        Highlights and claims the operation creates are found in its result (an Annotation or a Claim, or
        a list of them)."""
        with self._lock:
            return self._record(label, annotation_ids, operation, set(tag_names), list(claim_ids))

    def _record(
        self, label: str, annotation_ids: list[int], operation: Callable[[], T], names: set[str], claim_ids: list[int]
    ) -> Applied[T]:
        before = self._store.states.snapshot(annotation_ids, names, claim_ids)
        result = operation()
        made = result if isinstance(result, list) else [result]
        for item in made:
            if isinstance(item, Annotation) and item.id not in before.annotations:
                before.annotations[item.id] = None
            elif isinstance(item, Claim) and item.id not in before.claims:
                before.claims[item.id] = None
        after = self._store.states.snapshot(list(before.annotations), names, list(before.claims))
        change = Change(label, before, after)
        self._history.record(change)
        self._index.changed()
        return Applied(result, changes_of(change, self._store))

    def undo(self) -> Applied[Change | None]:
        """Revert the latest annotation, tag or claim operation; its value is that step, or None if there was none."""
        with self._lock:
            return self._applied(self._history.undo())

    def redo(self) -> Applied[Change | None]:
        """Carry out the latest undone operation again."""
        with self._lock:
            return self._applied(self._history.redo())

    def clear(self) -> None:
        """Forget every step (their snapshots point into an article's old text)."""
        with self._lock:
            self._history.clear()

    def _applied(self, change: Change | None) -> Applied[Change | None]:
        if change is None:
            return Applied(None)
        self._index.changed()
        return Applied(change, changes_of(change, self._store))
