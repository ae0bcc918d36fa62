"""Undoable writes: each annotation or tag operation is recorded as a before/after step.

The recording wraps the store call, so the step holds exactly the highlights and tag details the
operation touched; undo and redo write those states back in one transaction each.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from annotations.history import Change, History
from annotations.models import Annotation
from annotations.store import Store
from app.changes import Applied, Changes
from app.search_index import SearchIndex

T = TypeVar("T")


def changes_of(change: Change) -> Changes:
    """What an undo step touches, as the views need to know it (tag counts change with tagged highlights)."""
    states = [*change.before.values(), *change.after.values()]
    return Changes(
        annotations=frozenset(change.before) | frozenset(change.after),
        annotated_documents=frozenset(change.document_ids),
        tags=bool(change.tags_before or change.tags_after) or any(state.tags for state in states if state is not None),
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
    ) -> Applied[T]:
        """Run ``operation`` and record it for undo: the highlights it touches, before and after.

        Highlights the operation creates are found in its result (an Annotation list)."""
        with self._lock:
            return self._record(label, annotation_ids, operation, set(tag_names))

    def _record(self, label: str, annotation_ids: list[int], operation: Callable[[], T], names: set[str]) -> Applied[T]:
        before = self._store.states.snapshot(annotation_ids)
        tags_before = self._store.tags.states(names)
        result = operation()
        if isinstance(result, list):
            before.update({item.id: None for item in result if isinstance(item, Annotation) and item.id not in before})
        after = self._store.states.snapshot(list(before))
        change = Change(label, before, after, tags_before, self._store.tags.states(names))
        self._history.record(change)
        self._index.changed()
        return Applied(result, changes_of(change))

    def undo(self) -> Applied[Change | None]:
        """Revert the latest annotation or tag operation; its value is that step, or None if there was none."""
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
        return Applied(change, changes_of(change))
