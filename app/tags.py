"""Tags: counts, and renaming, merging, moving, deleting and describing them, each an undoable step."""

from __future__ import annotations

from collections.abc import Callable

from annotations.models import TagCount
from annotations.store import Store
from annotations.tags import normalize_tag
from app.changes import Applied
from app.undo import UndoHistory


class Tags:
    """The library's tags; a write returns how many highlights it changed, with what changed."""

    def __init__(self, store: Store, history: UndoHistory) -> None:
        self._store = store
        self._history = history

    def counts(self) -> list[TagCount]:
        """Every tag with its count, colour and description, most used first."""
        return self._store.tags.counts()

    def highlights_tagged(self, name: str) -> int:
        """How many highlights carry ``name`` or one of its children (each counted once)."""
        return len(self._store.tags.annotations_tagged(name))

    def rename(self, old: str, new: str) -> Applied[int]:
        """Rename a tag (and its children) everywhere; its value is the number of highlights changed."""
        return self._retag("Rename Tag", old, new, lambda: self._store.tags.rename(old, new))

    def merge(self, source: str, target: str) -> Applied[int]:
        """Fold ``source`` into ``target`` on every highlight."""
        return self._retag("Merge Tags", source, target, lambda: self._store.tags.merge(source, target))

    def move(self, name: str, parent: str) -> Applied[int]:
        """Move a tag (and its children) under ``parent``, or to the top with ``""``."""
        leaf = normalize_tag(name).rsplit("/", 1)[-1]
        target = f"{normalize_tag(parent)}/{leaf}" if parent.strip() else leaf
        return self._retag("Move Tag", name, target, lambda: self._store.tags.move(name, parent))

    def delete(self, name: str) -> Applied[int]:
        """Remove a tag (and its children) from every highlight; its value is how many changed."""
        family = set(self._store.tags.family(name))
        return self._history.record(
            "Delete Tag", self._store.tags.annotations_tagged(name), lambda: self._store.tags.delete(name), tag_names=family
        )

    def set_details(self, name: str, *, color: str | None = None, description: str | None = None) -> Applied[TagCount]:
        """Give a tag a colour and/or description."""
        return self._history.record(
            "Tag Details",
            [],
            lambda: self._store.tags.set_details(name, color=color, description=description),
            tag_names={normalize_tag(name)},
        )

    def _retag(self, label: str, old: str, new: str, operation: Callable[[], int]) -> Applied[int]:
        old, new = normalize_tag(old), normalize_tag(new)
        family = self._store.tags.family(old)
        names = set(family) | {new + name[len(old) :] for name in family}
        return self._history.record(label, self._store.tags.annotations_tagged(old), operation, tag_names=names)
