"""Syndicated copies: marking the articles of a library imported before copies were marked.

New articles are marked as they are stored (``Store.add_document``); a library from before schema 6, or one
whose fingerprints an older Lectern computed differently, is fingerprinted here, earliest article first, one
transaction per article. The window runs ``backfill`` in batches on a worker at start (so that writes the
user asks for meanwhile wait at most one batch); the CLI runs it at the start of ``list``.
"""

from __future__ import annotations

from collections.abc import Callable

from annotations.store import Store
from app.changes import Applied, Changes
from app.search_index import SearchIndex

BATCH = 100  # articles per backfill call in the window: about a tenth of a second


class Copies:
    """Fingerprints for the articles that have none yet, and the stories' roots for labels."""

    def __init__(self, store: Store, index: SearchIndex) -> None:
        self._store = store
        self._index = index

    def unmarked(self) -> int:
        """How many articles have not been compared with the others yet."""
        return len(self._store.copies.unfingerprinted())

    def backfill(
        self, limit: int | None = BATCH, progress: Callable[[int, int], None] | None = None
    ) -> Applied[int]:
        """Fingerprint up to ``limit`` articles (None: all) and mark the copies among them; the value is how
        many are left. The changes name every article whose mark changed."""
        if self._store.read_only:  # offline from a team's copy: the fingerprints are the server's to keep
            return Applied(0, Changes())
        waiting = self._store.copies.unfingerprinted()
        chosen = waiting if limit is None else waiting[:limit]
        changed: set[int] = set()
        for done, document_id in enumerate(chosen, 1):
            changed.update(self._store.copies.refresh(document_id))
            if progress is not None:
                progress(done, len(chosen))
        if changed:
            self._index.changed()  # the marked articles' outbox rows: other windows refresh them
        return Applied(len(waiting) - len(chosen), Changes(documents=frozenset(changed)))

    def root_labels(self) -> dict[int, tuple[str, str]]:
        """Each story root that has copies → (site, published date), for "96 % the same as #12 (Reuters, …)"."""
        return self._store.copies.root_sites()
