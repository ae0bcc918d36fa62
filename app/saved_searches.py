"""Saved searches and watches: queries kept by name, counted live, and checked for new mentions.

A hit is identified by (kind, document id, start, end, annotation id). Saving a search records the
keys of its current hits as seen; ``check_watched`` compares a watched search's hits with what it
has seen, records the new ones and reports them. A query that stopped parsing (the query language
changed, say) is reported, never raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotations.store import Store
from annotations.store_saved import InvalidSavedSearch, SavedSearch
from app.changes import Applied, Changes
from app.search_index import SearchIndex
from index.search import Hit, IndexUnavailable, QueryError

# How long a check waits for the index writer to take in what was just imported.
_CHECK_FLUSH_SECONDS = 60.0
_CHANGED = Changes(saved_searches=True)


def hit_key(hit: Hit) -> str:
    """A stable text key for one mention (what a watch remembers as seen)."""
    annotation = "" if hit.annotation_id is None else str(hit.annotation_id)
    return f"{hit.kind}:{hit.document_id}:{hit.start}:{hit.end}:{annotation}"


def shown_query(query: str) -> str:
    """A query as a message quotes it: one quoted phrase loses its quotation marks (they are added back)."""
    query = query.strip()
    if len(query) > 1 and query[0] == query[-1] == '"' and query.count('"') == 2:
        return query[1:-1]
    return query


@dataclass(frozen=True)
class WatchReport:
    """What a watched search found since its last check; ``error`` when its query cannot run."""

    saved_search: SavedSearch
    new_hits: list[Hit] = field(default_factory=list)
    articles: int = 0
    error: str = ""

    @property
    def headline(self) -> str:
        if self.error:
            return f"The saved search “{self.saved_search.name}” cannot run: {self.error}"
        count = len(self.new_hits)
        return (
            f"{count} new mention{'s' if count != 1 else ''} of “{shown_query(self.saved_search.query)}” in "
            f"{self.articles} article{'s' if self.articles != 1 else ''}"
        )


class SavedSearches:
    """Queries kept by name: saving, renaming, deleting, watching, counting and checking them."""

    def __init__(self, store: Store, index: SearchIndex) -> None:
        self._store = store
        self._index = index

    def all(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        return self._store.saved_searches.all()

    def get(self, search_id: int) -> SavedSearch:
        """One saved search; raises NotFound."""
        return self._store.saved_searches.get(search_id)

    def save(self, name: str, query: str, watch: bool = False, *, fresh_within: float = 2.0) -> Applied[SavedSearch]:
        """Keep ``query`` under ``name``; its current hits count as seen. Raises QueryError for a bad query.

        Waits up to ``fresh_within`` seconds for the index, so a highlight made just before is seen."""
        if not query.strip():
            raise InvalidSavedSearch("a saved search needs a query")
        if not name.strip():
            raise InvalidSavedSearch("a saved search needs a name")
        current = self._index.search(query, limit=None, fresh_within=fresh_within)
        return Applied(self._store.saved_searches.add(name, query, watch=watch, seen=_keys(current.hits)), _CHANGED)

    def rename(self, search_id: int, name: str) -> Applied[SavedSearch]:
        return Applied(self._store.saved_searches.rename(search_id, name), _CHANGED)

    def delete(self, search_id: int) -> Changes:
        self._store.saved_searches.delete(search_id)
        return _CHANGED

    def set_watch(self, search_id: int, watch: bool, *, fresh_within: float = 2.0) -> Applied[SavedSearch]:
        """Watch a search (or stop); what it matches now counts as seen, so only later mentions are new."""
        saved = self._store.saved_searches.get(search_id)
        if watch and not saved.watch:
            try:
                hits = self._index.search(saved.query, limit=None, fresh_within=fresh_within).hits
                self._store.saved_searches.record_seen(search_id, _keys(hits))
            except QueryError:
                pass  # the check reports it
        return Applied(self._store.saved_searches.set_watch(search_id, watch), _CHANGED)

    def count(self, search_id: int) -> int:
        """How many mentions the saved search has now; raises QueryError when its query cannot run."""
        return self._index.search(self._store.saved_searches.get(search_id).query, limit=0).total

    def check_watched(self) -> Applied[list[WatchReport]]:
        """For each watched search: the mentions it had not seen (now recorded as seen), or why it failed.

        Only searches with something to say are reported. Call it off the GUI thread: it waits for
        the index to take in recent imports. What it records (the mentions seen) shows in no view, so it
        announces no change; the reports are what the window shows."""
        watched = [saved for saved in self._store.saved_searches.all() if saved.watch]
        if not watched:
            return Applied([])
        self._index.flush(_CHECK_FLUSH_SECONDS)
        reports: list[WatchReport] = []
        for saved in watched:
            try:
                hits = self._index.search(saved.query, limit=None, fresh_within=0).hits
            except IndexUnavailable:
                continue  # being rebuilt: nothing is recorded, so the next check reports these mentions
            except QueryError as error:
                reports.append(WatchReport(saved, error=str(error)))
                continue
            seen = self._store.saved_searches.seen(saved.id)
            new = [hit for hit in hits if hit_key(hit) not in seen]
            self._store.saved_searches.record_seen(saved.id, _keys(new))
            if new:
                reports.append(WatchReport(saved, new, len({hit.document_id for hit in new})))
        return Applied(reports)


def _keys(hits: Iterable[Hit]) -> list[str]:
    return [hit_key(hit) for hit in hits]


__all__ = ["SavedSearch", "SavedSearches", "WatchReport", "hit_key", "shown_query"]
