"""Before a search: bring the index up to date, or say why it cannot answer yet (never a partial count)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ui.cli.output import EXIT_FAILED, counted, fail, note

if TYPE_CHECKING:
    from app import Library

SEARCH_CATCH_UP_SECONDS = 5.0  # how long a search waits for another process to index recent changes
SEARCH_REBUILD_WAIT_SECONDS = 60.0  # how long it waits for another process's rebuild when no index answers


def ready_to_search(library: Library) -> int | None:
    """Bring the index up to date before a search: None when it may answer (a note on stderr says what
    it does not hold yet), else the exit status, with the reason on stderr. Never a count from an index
    being rebuilt: without a live index the search waits for the rebuild (a minute at most)."""
    from index.errors import IndexWriteFailed

    index = library.index
    try:
        if index.flush():
            return None
    except IndexWriteFailed as error:  # the index answers for what it holds; say what it lacks
        note(str(error))
        if index.searchable():
            _note_pending(library, "they will be once Lectern can write the index")
            return None
        return EXIT_FAILED
    # Another process holds the index-writer lease: it is indexing (or rebuilding) and will catch up.
    if index.searchable():
        index.wait_searchable(SEARCH_CATCH_UP_SECONDS, caught_up=True)
        _note_pending(library)
        return None
    last_said = [0.0]

    def report(progress: float | None) -> None:
        now = time.monotonic()
        if now - last_said[0] >= 2.0:
            last_said[0] = now
            note(f"waiting for the search index to be rebuilt ({int((progress or 0) * 100)} %)")

    try:
        if index.wait_searchable(SEARCH_REBUILD_WAIT_SECONDS, report):
            _note_pending(library)
            return None
    except IndexWriteFailed as error:
        return fail(str(error))
    percent = int((index.keeper.progress_anywhere() or 0) * 100)
    return fail(f"the search index is being rebuilt ({percent} %); try again shortly")


def _note_pending(library: Library, why: str = "another Lectern process is indexing them") -> None:
    """Say on stderr how many stored changes the index does not hold yet, and why."""
    pending = library.index.pending_changes()
    if pending:
        note(
            f"{counted(pending, 'recent change')} {'is' if pending == 1 else 'are'} not searchable yet ({why});"
            " the count below is of what is indexed"
        )
