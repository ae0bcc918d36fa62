"""Tallies of a query kept per index segment, so that a commit costs a recount of what it changed.

Counting every mention of a phrase reads its postings in every segment and locates it in every
matching article: a second or more on a large library. Saved searches are recounted after each index
commit, which usually adds one small segment and leaves the others as they were. A segment's tallies
depend only on its entries and on which of them are deleted, so they are kept under the segment's
identity (id, number of deleted entries): deletions only grow, and a merged segment gets a new id.
Editing a highlight or an article re-indexes its entry, which changes its old segment's identity.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from index.facets import Tally

SegmentIdentity = tuple[str, int]  # segment id, deleted entries

DEFAULT_CAPACITY = 250_000  # tallies kept in all (about 28 MB); the least recently used go first


class SegmentTallies:
    """A bounded, thread-safe store of (query, segment identity) → that segment's tallies for the query."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[tuple[str, SegmentIdentity], Sequence[Tally]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, query: str, segment: SegmentIdentity) -> Sequence[Tally] | None:
        """The tallies kept for ``query`` in ``segment``, or None."""
        with self._lock:
            tallies = self._kept.get((query, segment))
            if tallies is not None:
                self._kept.move_to_end((query, segment))
            return tallies

    def put(self, query: str, segment: SegmentIdentity, tallies: Sequence[Tally]) -> None:
        """Keep ``tallies``; evict the least recently used beyond the capacity (a list over it is not kept)."""
        if len(tallies) > self.capacity:
            return
        with self._lock:
            previous = self._kept.pop((query, segment), None)
            self._size -= len(previous) if previous is not None else 0
            self._kept[(query, segment)] = tallies
            self._size += len(tallies)
            while self._size > self.capacity:
                _, evicted = self._kept.popitem(last=False)
                self._size -= len(evicted)

    def keep_only(self, live: Iterable[SegmentIdentity]) -> None:
        """Forget the tallies of segments no longer in the index (merged away, or with more deletions)."""
        alive = set(live)
        with self._lock:
            for key in [key for key in self._kept if key[1] not in alive]:
                self._size -= len(self._kept.pop(key))

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._size = 0

    def __len__(self) -> int:
        """How many tallies are kept, over every query and segment."""
        return self._size
