"""Undo and redo for every annotation, tag and claim operation: a stack of before/after snapshots.

An operation is recorded as a ``Change``: the affected highlights (with their claim links), tag details and
claims before and after. Undo writes the before-state back through the store, redo the after-state, so every
step is one transaction and the index follows through the outbox like any other write.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.errors import LecternError
from annotations.store import Store
from annotations.store_states import Snapshot

MAX_UNDO_STEPS = 200


@dataclass(frozen=True)
class Change:
    """One undoable step, named for the Edit menu ("Undo Rename Tag")."""

    label: str
    before: Snapshot
    after: Snapshot

    @property
    def document_ids(self) -> set[int]:
        """Articles whose highlights this step touches (for refreshing views)."""
        states = [*self.before.annotations.values(), *self.after.annotations.values()]
        return {state.document_id for state in states if state is not None}

    @property
    def annotation_ids(self) -> set[int]:
        """Highlights this step writes, or whose claim links it changes."""
        return set(self.before.annotations) | set(self.after.annotations) | self.before.relinked_from(self.after)

    @property
    def touches_claims(self) -> bool:
        """Whether a claim, or the evidence a claim's page shows, changes with this step."""
        linked = any(self.before.links.values()) or any(self.after.links.values())
        return bool(self.before.claims or self.after.claims) or linked


class History:
    """The undo and redo stacks of one library."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def record(self, change: Change) -> None:
        """Push a step that has just been carried out; it clears what could be redone."""
        if change.before == change.after:
            return
        self._undo.append(change)
        del self._undo[:-MAX_UNDO_STEPS]
        self._redo.clear()

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> Change | None:
        """Revert the latest step; returns it (or None when there is nothing to undo).

        A step that can no longer be carried out (its article was deleted) raises LecternError, changes
        nothing and is dropped; what could be redone goes with it, since it built on that step."""
        if not self._undo:
            return None
        change = self._undo.pop()
        try:
            self.store.states.restore(change.before, since=change.after)
        except LecternError:
            self._redo.clear()  # dropped, so earlier steps stay reachable; later ones built on it
            raise
        self._redo.append(change)
        return change

    def redo(self) -> Change | None:
        """Carry out the latest undone step again."""
        if not self._redo:
            return None
        change = self._redo.pop()
        try:
            self.store.states.restore(change.after, since=change.before)
        except LecternError:
            self._redo.clear()  # the steps after it build on it
            raise
        self._undo.append(change)
        return change

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
