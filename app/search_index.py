"""The library's search index as the application sees it: searches that wait for fresh data, and upkeep.

The index is derived from the store (DESIGN §4). With a writer thread (the window) writes wake it
and searches wait briefly for it to catch up; without one (the CLI) the caller drains here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from annotations.store import Store
from index.facets import Facets
from index.keeper import IndexKeeper, IndexWriterThread
from index.search import Hit, IndexRebuild, IndexUnavailable, LibrarySearcher, SearchResult

T = TypeVar("T")


class SearchIndex:
    """Searching, and keeping the index in step with the store."""

    def __init__(self, store: Store, keeper: IndexKeeper, *, background: bool) -> None:
        self._store = store
        self.keeper = keeper
        self.searcher = LibrarySearcher(store, keeper)
        self._writer_thread: IndexWriterThread | None = None
        if background:
            self._writer_thread = IndexWriterThread(keeper)
            keeper.add_rebuild_listener(self._writer_thread.notify)
            self._writer_thread.start()

    # -- upkeep ----------------------------------------------------------------------------------
    def changed(self) -> None:
        """Something was written to the store: wake the writer (the CLI drains in ``flush``)."""
        if self._writer_thread is not None:
            self._writer_thread.notify()

    def flush(self, timeout: float = 60.0) -> bool:
        """Make sure every stored change is searchable: waits for the writer, or drains here."""
        if self._writer_thread is not None:
            return self._writer_thread.wait_idle(timeout)
        self.keeper.drain()
        return True

    def on_commit(self, listener: Callable[[], None]) -> None:
        """``listener()`` runs on the writer thread after each index commit."""
        self.keeper.add_listener(listener)

    @property
    def rebuild_progress(self) -> float | None:
        """0..1 while the index is rebuilt from the store, else None."""
        return self.keeper.rebuild_progress

    def rebuild(self, timeout: float = 600.0) -> IndexRebuild:
        """Delete the search index and build it again from SQLite (waits for it to finish)."""
        started = time.perf_counter()
        self.keeper.request_rebuild("rebuild asked for")
        if self._writer_thread is None:
            self.keeper.drain()
        else:
            self._writer_thread.wait_idle(timeout)
        return IndexRebuild(
            documents=self._store.document_count(),
            highlights=len(self._store.annotation_ids()),
            seconds=time.perf_counter() - started,
        )

    # -- searching -------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        limit: int | None = 200,
        *,
        sort: str = "relevance",
        offset: int = 0,
        fresh_within: float = 2.0,
    ) -> SearchResult:
        """Every mention of ``query``; raises QueryError (a LecternError) for a malformed query or sort.

        ``sort`` is "relevance", "date" (the article's published date, newest first, undated last) or
        "title" (A to Z); ``offset`` skips that many hits (paging) and ``total`` counts them all.
        Waits up to ``fresh_within`` seconds for the index writer to catch up, so a search run right
        after a change sees it (call it off the GUI thread). While the index is rebuilt it raises
        IndexUnavailable, whose message says how far the rebuild is ("rebuilding (42 %)")."""
        return self._searching(lambda: self.searcher.search(query, limit, sort=sort, offset=offset), fresh_within)

    def all_hits(self, query: str, *, fresh_within: float = 2.0) -> list[Hit]:
        """Every hit of ``query``, in order (for auto-coding and watches)."""
        return self._searching(lambda: self.searcher.all_hits(query), fresh_within)

    def mentions_in(self, query: str, document_id: int) -> list[tuple[int, int]]:
        """Every occurrence of ``query`` in one article's text, in order (no index needed: F3 in the reader)."""
        return self.searcher.spans_in(query, document_id)

    def facets(self, query: str, *, fresh_within: float = 2.0) -> Facets:
        """How every hit of ``query`` divides by tag, colour, article and published year (see index.facets)."""
        return self._searching(lambda: self.searcher.facets(query), fresh_within)

    def _searching(self, run: Callable[[], T], fresh_within: float) -> T:
        if self._writer_thread is not None and fresh_within > 0:
            self._writer_thread.wait_idle(fresh_within)
        try:
            return run()
        except IndexUnavailable:
            if self._writer_thread is not None:
                raise  # the writer thread is rebuilding; the UI says so and the user tries again
            self.keeper.drain()  # no writer thread (the CLI): rebuild here, then answer
            return run()

    def close(self) -> None:
        if self._writer_thread is not None:
            self._writer_thread.wait_idle(30)
            self._writer_thread.stop()
        self.searcher.close()
