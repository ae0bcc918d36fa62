"""Reading places: where each article was left, so opening it again continues there.

Saving a place is a write (the window runs it on its worker) that changes nothing any view shows from the
store's lists, and is not undoable: it returns no ``Changes`` worth broadcasting.
"""

from __future__ import annotations

from annotations.store import Store
from annotations.store_reading import ReadingPosition
from annotations.team_offline import TeamOffline
from app.changes import Changes

__all__ = ["ReadingPlaces", "ReadingPosition"]


class ReadingPlaces:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, document_id: int) -> ReadingPosition | None:
        """The article's remembered place, or None when it was never read."""
        return self._store.reading.get(document_id)

    def save(self, document_id: int, position: int, progress: float) -> Changes:
        """Remember the character at the top of the reader and the fraction read (an article deleted
        meanwhile is left alone; a team library read offline keeps the place it had: nothing to say)."""
        try:
            self._store.reading.save(document_id, position, progress)
        except TeamOffline:
            pass
        return Changes()
