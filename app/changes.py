"""What an operation changed, so the views that show it (and only those) refresh.

Every write in ``app/`` returns a ``Changes`` (or an ``Applied`` that carries one beside its value):
the caller never has to know which views depend on what, and never announces a change by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """The ids and kinds of things one operation touched."""

    documents: frozenset[int] = frozenset()  # articles added, edited, given a new text or deleted
    annotations: frozenset[int] = frozenset()  # highlights added, edited, re-attached or deleted
    annotated_documents: frozenset[int] = frozenset()  # articles whose highlights changed
    tags: bool = False  # tag names, details or counts
    saved_searches: bool = False  # saved searches added, renamed, deleted or (un)watched
    history: bool = False  # the undo/redo stacks
    claims: bool = False  # claims added, edited or deleted, or their evidence (links, linked highlights)

    @classmethod
    def of_documents(cls, document_ids: Iterable[int], **more: object) -> Changes:
        return cls(documents=frozenset(document_ids), **more)  # type: ignore[arg-type]

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            documents=self.documents | other.documents,
            annotations=self.annotations | other.annotations,
            annotated_documents=self.annotated_documents | other.annotated_documents,
            tags=self.tags or other.tags,
            saved_searches=self.saved_searches or other.saved_searches,
            history=self.history or other.history,
            claims=self.claims or other.claims,
        )

    def __bool__(self) -> bool:
        return bool(
            self.documents
            or self.annotations
            or self.annotated_documents
            or self.tags
            or self.saved_searches
            or self.history
            or self.claims
        )

    def touches_document(self, document_id: int) -> bool:
        """Whether the article or its highlights changed (what a reader showing it must redraw)."""
        return document_id in self.documents or document_id in self.annotated_documents


NO_CHANGES = Changes()


@dataclass(frozen=True)
class Applied(Generic[T]):
    """A write's result together with what it changed."""

    value: T
    changes: Changes = field(default=NO_CHANGES)


__all__ = ["NO_CHANGES", "Applied", "Changes"]
