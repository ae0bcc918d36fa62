"""The library's search index as the application sees it: searches that wait for fresh data, and upkeep.

The index is derived from the store (DESIGN §4). With a writer thread (the window) writes wake it
and searches wait briefly for it to catch up; without one (the CLI) the caller drains here, when no
other process holds the index-writer lease (see ``index.writer_lease``): then that process catches up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from annotations.store import Store
from app.mentions import textless_articles
from app.stories import StoryCount, StoryFolds, count_stories
from index.errors import IndexBusy
from index.facets import Facets
from index.keeper import ForeignListener, IndexKeeper
from index.search import Hit, IndexRebuild, IndexUnavailable, LibrarySearcher, SearchResult
from index.writer_thread import IndexWriterThread

T = TypeVar("T")

LEASE_WAIT_SECONDS = 5.0  # how long a CLI rebuild waits for another process to let go of the index


class SearchIndex:
    """Searching, and keeping the index in step with the store."""

    def __init__(self, store: Store, keeper: IndexKeeper, *, background: bool) -> None:
        self._store = store
        self.keeper = keeper
        self.searcher = LibrarySearcher(store, keeper)
        self.story_folds = StoryFolds(self, self._textless)  # "One per story" (see app.stories)
        self._writer_thread: IndexWriterThread | None = None
        if background:
            self._writer_thread = IndexWriterThread(keeper)
            keeper.add_rebuild_listener(self._writer_thread.notify)
            self._writer_thread.start()

    # -- upkeep ----------------------------------------------------------------------------------
    def changed(self) -> None:
        """Something was written to the store (by this process or, seen by a watcher, another): wake the
        writer. Safe to call from any thread; the CLI drains in ``flush`` instead."""
        if self._writer_thread is not None:
            self._writer_thread.notify()

    def flush(self, timeout: float = 60.0) -> bool:
        """Make sure every stored change is searchable: waits for the writer, or drains here. True when the
        index holds every stored change; False when another Lectern process holds the index-writer lease
        (it is indexing and will catch up). Raises ``IndexWriteFailed`` if the index cannot be written
        (the changes are saved, and wait in the outbox)."""
        if self._writer_thread is not None:
            return self._writer_thread.wait_idle(timeout)
        return self.keeper.try_drain()

    def pending_changes(self) -> int:
        """How many stored changes the index has not taken in yet."""
        return self._store.pending_index_count()

    def on_commit(self, listener: Callable[[], None]) -> None:
        """``listener()`` runs on the writer thread after each index commit."""
        self.keeper.add_listener(listener)

    def on_error(self, listener: Callable[[BaseException], None]) -> None:
        """``listener(error)`` runs on the writer thread when an index update fails (retried later)."""
        if self._writer_thread is not None:
            self._writer_thread.add_error_listener(listener)

    def on_foreign_changes(self, listener: ForeignListener) -> None:
        """``listener(documents, annotations)`` runs on the writing thread after other processes' changes
        were indexed (see ``IndexKeeper.add_foreign_change_listener``)."""
        self.keeper.add_foreign_change_listener(listener)

    @property
    def rebuild_progress(self) -> float | None:
        """0..1 while this process rebuilds the index from the store, else None."""
        return self.keeper.rebuild_progress

    def searchable(self) -> bool:
        """Whether a live index answers searches (none while the first build or a damaged one's runs)."""
        return self.keeper.index is not None

    def wait_searchable(
        self, timeout: float, report: Callable[[float | None], None] | None = None, *, caught_up: bool = False
    ) -> bool:
        """Wait up to ``timeout`` seconds for a live index (with ``caught_up``, also for every stored change
        to be in it), draining here whenever this process can hold the writer lease (so a rebuild whose
        process died is taken over). ``report(progress)`` hears how far another process's rebuild is."""
        deadline = time.monotonic() + timeout
        while True:
            drained = self.flush(timeout=max(0.0, deadline - time.monotonic()))
            if self.searchable() and (drained or not caught_up or self.pending_changes() == 0):
                return True
            if time.monotonic() >= deadline:
                return False
            if report is not None:
                report(self.keeper.progress_anywhere())
            time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))

    def rebuild(self, timeout: float = 600.0) -> IndexRebuild:
        """Build the search index again from SQLite (waits for it to finish); the old index answers meanwhile.
        Raises ``IndexBusy`` if another process holds the index-writer lease for longer than a few seconds."""
        started = time.perf_counter()
        self.keeper.request_rebuild("rebuild asked for")
        if self._writer_thread is None:
            deadline = time.monotonic() + LEASE_WAIT_SECONDS
            while not self.keeper.try_drain():
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        "another Lectern process is updating this library's search index; close it, or try again"
                        " when it is done"
                    )
                time.sleep(0.2)
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

    # -- stories (syndicated copies) ------------------------------------------------------------------
    def stories(self, document_ids: Iterable[int]) -> dict[int, int]:
        """Article id → the id of its story (its root article; the article's own id when it is no copy)."""
        return self._store.copies.stories(document_ids)

    def has_copies(self) -> bool:
        """Whether any article in the library is marked a copy of another (else every article is its own story)."""
        return bool(self._store.copies.root_sites())

    def story_count(self, query: str, *, fresh_within: float = 2.0) -> StoryCount:
        """How many articles ``query`` hits and how many distinct stories they tell (one pass with the
        total: the facets reuse its counts)."""
        articles = self._searching(lambda: self.searcher.articles_hit(query), fresh_within)
        return count_stories(self.stories(articles))

    def document_order(self, query: str, sort: str = "relevance") -> list[int]:
        """The articles ``query`` hits in the order of their first hit in ``sort`` order: the matches ranked,
        no hit located (``tests/app/test_stories.py`` holds it to the order of ``search``'s hits)."""
        return self.searcher.document_order(query, sort)

    def _textless(self, narrowed: str) -> frozenset[int]:
        return textless_articles(self, narrowed)

    def _searching(self, run: Callable[[], T], fresh_within: float) -> T:
        if self._writer_thread is not None and fresh_within > 0:
            # Not for a rebuild (minutes): meanwhile the old index answers, or the search says "rebuilding".
            self._writer_thread.wait_idle(fresh_within, unless_rebuilding=True)
        if self._writer_thread is None and self.keeper.index is None:
            self.keeper.try_drain()  # the CLI: build the index here first, if no other process is building it
        try:
            return run()
        except IndexUnavailable:
            # No writer thread (the CLI): rebuild here, then answer, if no other process is indexing.
            if self._writer_thread is not None or not self.keeper.try_drain():
                raise
            return run()

    def close(self) -> None:
        """Let the writer finish what it is doing (a rebuild stops at once: nothing of it goes live)."""
        if self._writer_thread is not None:
            self._writer_thread.wait_idle(30, unless_rebuilding=True)
            self._writer_thread.stop()
        self.searcher.close()
        self.keeper.close()
