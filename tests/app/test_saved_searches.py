"""Saved searches: kept by name across restarts, counted, and watched for new mentions after imports."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.database import _MIGRATIONS, SCHEMA_VERSION
from annotations.errors import NotFound
from annotations.paths import database_path
from annotations.store import Store
from annotations.store_saved import InvalidSavedSearch
from app import Library
from app.saved_searches import hit_key
from index.search import QueryError

WriteFile = Callable[[str, str | bytes], Path]
PHRASE = '"air defense support"'

FIRST = "# Baltic notes\n\nThe ministry discussed air defense support with its neighbours.\n"
SECOND = (
    "# Gulf notes\n\nAir defense support arrived in spring. Officials said more air defense support would follow.\n"
)
UNRELATED = "# Grid notes\n\nThe grid held through the winter storms.\n"


@pytest.fixture
def library_with_one(library: Library, write_file: WriteFile) -> Library:
    assert library.documents.import_file(write_file("first.md", FIRST)).value.imported
    library.index.flush()
    return library


def test_save_list_rename_delete_persist_across_reopening(data_dir: Path, write_file: WriteFile) -> None:
    library = Library(data_dir, background=False)
    library.documents.import_file(write_file("first.md", FIRST))
    library.index.flush()
    kept = library.searches.save("  Air   defense ", PHRASE).value
    dropped = library.searches.save("Grid", "grid", watch=True).value
    library.searches.rename(kept.id, "AD support")
    library.close()

    reopened = Library(data_dir, background=False)
    try:
        assert [(s.name, s.query, s.watch) for s in reopened.searches.all()] == [
            ("AD support", PHRASE, False),
            ("Grid", "grid", True),
        ]
        reopened.searches.delete(dropped.id)
        reopened.searches.set_watch(kept.id, True)
    finally:
        reopened.close()
    again = Library(data_dir, background=False)
    try:
        assert [(s.id, s.name, s.watch) for s in again.searches.all()] == [(kept.id, "AD support", True)]
    finally:
        again.close()


def test_names_must_be_unique_and_queries_valid(library_with_one: Library) -> None:
    library = library_with_one
    first = library.searches.save("AD", PHRASE).value
    with pytest.raises(InvalidSavedSearch):
        library.searches.save("AD", "ministry")
    with pytest.raises(InvalidSavedSearch):
        library.searches.save("   ", "ministry")
    with pytest.raises(QueryError):
        library.searches.save("Broken", '"unclosed')
    other = library.searches.save("Ministry", "ministry").value
    with pytest.raises(InvalidSavedSearch):
        library.searches.rename(other.id, "AD")
    with pytest.raises(NotFound):
        library.searches.delete(first.id + 100)


def test_count_is_the_number_of_mentions(library_with_one: Library, write_file: WriteFile) -> None:
    library = library_with_one
    saved = library.searches.save("AD", PHRASE).value
    assert library.searches.count(saved.id) == 1
    library.documents.import_file(write_file("second.md", SECOND))
    library.index.flush()
    assert library.searches.count(saved.id) == 3


def test_watch_reports_exactly_the_new_mentions_once(library_with_one: Library, write_file: WriteFile) -> None:
    library = library_with_one
    watched = library.searches.save("AD", PHRASE, watch=True).value
    library.searches.save("AD unwatched", PHRASE)  # not watched: never reported
    assert library.searches.check_watched().value == []  # saving recorded the current hits as seen

    second = library.documents.import_file(write_file("second.md", SECOND)).value.document
    library.documents.import_file(write_file("grid.md", UNRELATED))
    assert second is not None
    reports = library.searches.check_watched().value
    assert len(reports) == 1
    report = reports[0]
    assert report.saved_search.id == watched.id
    text = second.text.lower()
    expected = [i for i in range(len(text)) if text.startswith("air defense support", i)]
    assert [(hit.document_id, hit.start) for hit in report.new_hits] == [(second.id, start) for start in expected]
    assert (len(report.new_hits), report.articles) == (2, 1)
    assert report.headline == "2 new mentions of “air defense support” in 1 article"
    assert library.searches.check_watched().value == []  # recorded as seen

    # A new highlight on the phrase is a new mention too (kind "annotation").
    library.annotations.add(second.id, expected[0], expected[0] + len("air defense support"))
    (report,) = library.searches.check_watched().value
    assert [hit.kind for hit in report.new_hits] == ["annotation"]


def test_watch_started_later_counts_current_hits_as_seen(library_with_one: Library, write_file: WriteFile) -> None:
    library = library_with_one
    saved = library.searches.save("AD", PHRASE).value
    library.documents.import_file(write_file("second.md", SECOND))
    library.index.flush()
    library.searches.set_watch(saved.id, True)
    assert library.searches.check_watched().value == []


def test_an_invalid_query_is_reported_not_raised(library_with_one: Library) -> None:
    library = library_with_one
    broken = library.store.saved_searches.add("Broken", '"unclosed', watch=True)  # e.g. saved by an older Lectern
    good = library.searches.save("AD", PHRASE, watch=True).value
    reports = library.searches.check_watched().value
    assert [(r.saved_search.id, bool(r.error)) for r in reports] == [(broken.id, True)]
    assert "quotation mark" in reports[0].headline
    with pytest.raises(QueryError):
        library.searches.count(broken.id)
    assert library.searches.count(good.id) == 1


def test_hit_keys_identify_a_mention(library_with_one: Library) -> None:
    hits = library_with_one.index.search(PHRASE, limit=None).hits
    assert len({hit_key(hit) for hit in hits}) == len(hits) == 1


def test_migration_from_schema_3_keeps_data(tmp_path: Path) -> None:
    path = database_path(tmp_path)
    with sqlite3.connect(path) as connection:  # a real schema-3 library, as Lectern wrote it then
        for version in (1, 2, 3):
            connection.executescript(_MIGRATIONS[version])
        connection.execute("PRAGMA user_version = 3")
    store = Store(path)
    try:
        saved = store.saved_searches.add("AD", PHRASE, seen=["article:1:0:5:"])
        assert store.saved_searches.seen(saved.id) == {"article:1:0:5:"}
        store.saved_searches.delete(saved.id)
        assert store.db.connection().execute("SELECT count(*) FROM saved_search_seen").fetchone()[0] == 0
        assert store.db.connection().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        store.close()
