"""What deleting an article would take from other members of a team: their highlights, counted by member.

The window's delete confirmation and the command line's refusal say the same sentence, built here. On a
personal library every highlight is the reader's own, so there is never anything to say.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.store import Store
from annotations.store_history import CreatorCount, current_member


@dataclass(frozen=True)
class OthersWork:
    """Other members' highlights in one article (most first), private ones included in the counts."""

    counts: tuple[CreatorCount, ...]

    @property
    def highlights(self) -> int:
        return sum(count.highlights for count in self.counts)

    @property
    def private(self) -> int:
        return sum(count.private for count in self.counts)

    def summary(self) -> str:
        """"7 highlights by others: bob 4, carol 3 (2 of them private)"."""
        total = self.highlights
        noun = "highlight" if total == 1 else "highlights"
        members = ", ".join(f"{count.creator} {count.highlights}" for count in self.counts)
        private = ""
        if self.private:
            private = " (it is private)" if total == 1 else f" ({self.private} of them private)"
        return f"{total} {noun} by others: {members}{private}"


def others_work(store: Store, document_id: int) -> OthersWork | None:
    """Other members' highlights in an article, or None when it holds none (always None on SQLite)."""
    me = current_member(store.db)
    counts = tuple(count for count in store.highlights_by_creator(document_id) if count.creator != me)
    return OthersWork(counts) if counts else None
