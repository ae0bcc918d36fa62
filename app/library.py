"""The library: one data folder, composed of the parts the CLI and the window work with.

``library.documents``, ``library.annotations``, ``library.tags``, ``library.searches`` (saved
searches), ``library.index`` (searching and index upkeep), ``library.history`` (undo), ``library.copies``
(syndicated copies), ``library.reading`` (where each article was left) and ``library.claims`` (claims and
their evidence). Writes go to SQLite (the truth) and wake the index writer; with ``background=False`` (the
CLI) the caller drains the index itself with ``library.index.flush()``. Every write returns what it changed.
"""

from __future__ import annotations

from pathlib import Path

from annotations.paths import index_path, team_cache_dir
from app.annotation_import.part import AnnotationImports
from app.annotations import Annotations
from app.backups import Backups
from app.claims import Claims
from app.copies import Copies
from app.documents import Documents
from app.exports.part import Exports
from app.reading import ReadingPlaces
from app.reports import Reports
from app.saved_searches import SavedSearches
from app.search_index import SearchIndex
from app.startup import open_store, open_team_store
from app.tags import Tags
from app.team_listener import TeamListener
from app.undo import UndoHistory
from index.keeper import IndexKeeper


class Library:
    """Documents and highlights in SQLite, a derived Whoosh index beside it."""

    def __init__(self, data_dir: Path, *, background: bool = True, team: str | None = None) -> None:
        """The library in ``data_dir``; or, with ``team`` (a ``postgresql://`` URL), the team library on that
        server, ``data_dir`` then holding this desktop's index and cache of it."""
        self.data_dir = data_dir
        self.team = team
        self.offline = False  # a team library opened from this desktop's copy: read-only until reconnected
        data_dir.mkdir(parents=True, exist_ok=True)
        if team is None:
            self.session, self.store = open_store(data_dir)  # start-up checks; raises LibraryDamaged
            index_folder = index_path(data_dir)
        else:
            self.session, self.store, self.offline = open_team_store(data_dir, team)
            index_folder = index_path(team_cache_dir(data_dir, team))
        self.index = SearchIndex(self.store, IndexKeeper(self.store, index_folder), background=background)
        self.team_listener: TeamListener | None = None  # a team library in the window: live sync
        if team is not None and background and not self.offline:
            self.team_listener = TeamListener(self.store.db, self.index.changed)  # type: ignore[arg-type]
            self.team_listener.start()
        self.history = UndoHistory(self.store, self.index)
        self.documents = Documents(self.store, self.index, self.history)
        self.annotations = Annotations(self.store, self.index, self.history)
        self.tags = Tags(self.store, self.history)
        self.searches = SavedSearches(self.store, self.index)
        self.exports = Exports(self.store, self.index, data_dir, team)
        self.annotation_imports = AnnotationImports(self.store, self.index, self.history, self.documents)
        self.backups = Backups(self.store, data_dir)
        self.copies = Copies(self.store, self.index)  # syndicated copies: marking an older library's articles
        self.reading = ReadingPlaces(self.store)  # where each article was left
        self.claims = Claims(self.store, self.history)  # claims and the highlights weighed as their evidence
        self.reports = Reports(self.store, self.index)  # tag frequency, co-occurrence, matrix, timelines

    def close(self) -> None:
        """Let the index writer finish, then close the index and the database."""
        if self.team_listener is not None:
            self.team_listener.stop()
        self.index.close()
        self.store.close()
        self.session.end()  # a clean close: the next start need not check the database
