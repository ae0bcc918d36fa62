"""The SQLite store on a real file: documents, highlights, tags, the index outbox, transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from annotations.database import SCHEMA_VERSION
from annotations.errors import DuplicateDocument, InvalidSelection, LibraryUnreadable, NotFound
from annotations.models import HIGHLIGHT_COLORS, Document, ParsedDocument
from annotations.store import Store

TEXT = "Air defense support takes many forms.\nTraining is the quietest of them.\nRadars are the loudest."


def parsed(text: str = TEXT, title: str = "Air Defense", **metadata: str) -> ParsedDocument:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return ParsedDocument(title=title, html=paragraphs, text=text, format="text", **metadata)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "lectern.sqlite3"


@pytest.fixture
def store(open_store: Callable[[], Store]) -> Store:
    """The store on each engine: SQLite and PostgreSQL."""
    return open_store()


@pytest.fixture
def document(store: Store) -> Document:
    return store.add_document(parsed(byline="Jane Doe", source="https://example.org/a", published="2025-01-02"))


def outbox(store: Store) -> list[tuple[str, int]]:
    return [(kind, entity_id) for _, kind, entity_id in store.pending_index_changes()]


def annotation_count(open_store: Callable[[], Store]) -> int:
    """Counted through a second store (its own connection): what another process (or a restart) would see."""
    return open_store().annotation_count()


# -- documents ---------------------------------------------------------------------------------------
def test_added_document_keeps_text_and_metadata(store: Store, document: Document) -> None:
    loaded = store.document(document.id)
    assert loaded == document
    assert (loaded.title, loaded.byline, loaded.source, loaded.published) == (
        "Air Defense",
        "Jane Doe",
        "https://example.org/a",
        "2025-01-02",
    )
    assert loaded.text == TEXT and loaded.format == "text"
    assert len(loaded.sha256) == 64 and loaded.uuid and loaded.imported_at
    [summary] = store.document_summaries()
    assert (summary.id, summary.chars, summary.highlights) == (document.id, len(TEXT), 0)


def test_the_database_uses_wal_and_foreign_keys(db_path: Path) -> None:
    Store(db_path).document_count()
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_duplicate_text_is_refused_with_the_existing_id(store: Store, document: Document) -> None:
    with pytest.raises(DuplicateDocument) as duplicate:
        store.add_document(parsed(title="Same text, other title"))
    assert duplicate.value.existing_id == document.id
    assert duplicate.value.existing_title == "Air Defense"
    assert f"#{document.id}" in str(duplicate.value)
    assert store.document_count() == 1
    assert store.find_duplicate(TEXT) == document.id
    assert store.find_duplicate(TEXT + " changed") is None


def test_unknown_document_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="#42"):
        store.document(42)
    with pytest.raises(NotFound):
        store.add_annotation(42, 0, 3)
    with pytest.raises(NotFound):
        store.delete_document(42)


# -- annotations -------------------------------------------------------------------------------------
def test_annotation_takes_quote_and_context_from_the_text(store: Store, document: Document) -> None:
    start = TEXT.index("Training")
    annotation = store.add_annotation(document.id, start, start + len("Training"), note="the *quiet* one")
    assert annotation.exact == "Training"
    assert annotation.prefix == TEXT[start - 32 : start]
    assert annotation.suffix == TEXT[start + 8 : start + 8 + 32]
    assert annotation.color == HIGHLIGHT_COLORS[0]
    assert annotation.note == "the *quiet* one"
    assert store.annotations_for(document.id) == [annotation]
    assert store.document_summaries()[0].highlights == 1


def test_context_is_cut_at_the_edges_of_the_text(store: Store, document: Document) -> None:
    first = store.add_annotation(document.id, 0, 3)
    last = store.add_annotation(document.id, len(TEXT) - 8, len(TEXT))
    assert (first.exact, first.prefix) == ("Air", "")
    assert (last.exact, last.suffix) == ("loudest.", "")


def test_tags_are_normalised_and_deduplicated(store: Store, document: Document) -> None:
    annotation = store.add_annotation(
        document.id,
        0,
        3,
        tags=["Air Defense", "air-defense", " AIR   defense ", "Region/Iran", "region//iran/", "", "  "],
    )
    assert annotation.tags == ("air-defense", "region/iran")
    assert [(tag.name, tag.count) for tag in store.tags.counts()] == [("air-defense", 1), ("region/iran", 1)]


def test_update_changes_colour_tags_and_note_and_keeps_the_rest(store: Store, document: Document) -> None:
    annotation = store.add_annotation(document.id, 0, 3, tags=["old", "kept"], note="first")
    updated = store.update_annotation(annotation.id, color="green", tags=["Kept", "New"])
    assert (updated.color, updated.tags, updated.note) == ("green", ("kept", "new"), "first")
    assert (updated.start, updated.end, updated.exact, updated.uuid) == (0, 3, "Air", annotation.uuid)
    assert updated.modified >= annotation.modified
    assert [tag.name for tag in store.tags.counts()] == ["kept", "new"]  # the unused tag is gone

    noted = store.update_annotation(annotation.id, note="second")
    assert (noted.color, noted.tags, noted.note) == ("green", ("kept", "new"), "second")
    cleared = store.update_annotation(annotation.id, tags=[], note="")
    assert (cleared.tags, cleared.note) == ((), "")
    assert store.tags.counts() == []


def test_delete_annotation_removes_it_and_its_unused_tags(store: Store, document: Document) -> None:
    keep = store.add_annotation(document.id, 0, 3, tags=["shared"])
    gone = store.add_annotation(document.id, 4, 11, tags=["shared", "only-here"])
    store.delete_annotation(gone.id)
    assert store.annotations_for(document.id) == [keep]
    assert store.find_annotation(gone.id) is None
    assert [(tag.name, tag.count) for tag in store.tags.counts()] == [("shared", 1)]
    with pytest.raises(NotFound):
        store.delete_annotation(gone.id)
    with pytest.raises(NotFound):
        store.update_annotation(gone.id, note="too late")


@pytest.mark.parametrize("color", ["purple", "Yellow", "", "#ff0"])
def test_unknown_colours_are_refused(store: Store, document: Document, open_store: Callable[[], Store], color: str) -> None:
    with pytest.raises(InvalidSelection, match="colour"):
        store.add_annotation(document.id, 0, 3, color=color)
    assert annotation_count(open_store) == 0
    annotation = store.add_annotation(document.id, 0, 3, color="blue")
    with pytest.raises(InvalidSelection):
        store.update_annotation(annotation.id, color=color, note="not saved")
    assert store.annotation(annotation.id) == annotation


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (5, 5), (7, 4), (0, len(TEXT) + 1), (len(TEXT), len(TEXT) + 2), (3, 4)],  # (3, 4) is one space
)
def test_invalid_ranges_are_refused_and_nothing_is_stored(
    store: Store, document: Document, open_store: Callable[[], Store], start: int, end: int
) -> None:
    before = outbox(store)
    with pytest.raises(InvalidSelection):
        store.add_annotation(document.id, start, end, tags=["never"])
    assert store.annotations_for(document.id) == []
    assert annotation_count(open_store) == 0
    assert store.tags.counts() == []
    assert outbox(store) == before


def test_a_failed_multi_annotation_insert_stores_none(store: Store, document: Document, open_store: Callable[[], Store]) -> None:
    before = outbox(store)
    with pytest.raises(InvalidSelection):
        store.add_annotations(document.id, [(0, 3), (4, 11), (len(TEXT) - 2, len(TEXT) + 5)], tags=["batch"])
    assert store.annotations_for(document.id) == []
    assert annotation_count(open_store) == 0
    assert store.tags.counts() == []
    assert outbox(store) == before
    created = store.add_annotations(document.id, [(0, 3), (4, 11)], tags=["batch"], note="both")
    assert [(a.exact, a.tags, a.note) for a in created] == [
        ("Air", ("batch",), "both"),
        ("defense", ("batch",), "both"),
    ]


# -- the index outbox --------------------------------------------------------------------------------
def test_every_write_appends_to_the_outbox(store: Store) -> None:
    document = store.add_document(parsed())
    assert outbox(store) == [("document", document.id)]
    first, second = store.add_annotations(document.id, [(0, 3), (4, 11)])
    assert outbox(store)[1:] == [("annotation", first.id), ("annotation", second.id)]
    store.update_annotation(first.id, note="n")
    assert outbox(store)[-1] == ("annotation", first.id)
    store.delete_annotation(second.id)
    assert outbox(store)[-1] == ("annotation", second.id)
    assert store.pending_index_count() == 5

    store.acknowledge_index_changes(store.pending_index_changes()[2][0])
    assert outbox(store) == [("annotation", first.id), ("annotation", second.id)]
    store.clear_index_changes()
    assert store.pending_index_count() == 0


def test_delete_document_cascades_to_its_annotations(store: Store, document: Document, open_store: Callable[[], Store]) -> None:
    other = store.add_document(parsed("A different text entirely.", title="Other"))
    kept = store.add_annotation(other.id, 2, 11, tags=["kept"])
    doomed = store.add_annotations(document.id, [(0, 3), (4, 11)], tags=["doomed"])
    store.clear_index_changes()

    store.delete_document(document.id)
    assert not store.has_document(document.id)
    assert store.document_ids() == [other.id]
    assert all(store.find_annotation(annotation.id) is None for annotation in doomed)
    assert annotation_count(open_store) == 1
    assert store.annotation_ids() == [kept.id]
    assert [tag.name for tag in store.tags.counts()] == ["kept"]
    assert sorted(outbox(store)) == sorted(
        [("annotation", doomed[0].id), ("annotation", doomed[1].id), ("document", document.id)]
    )
    store.add_document(parsed())  # the same text may come back once it is gone


# -- durability --------------------------------------------------------------------------------------
def test_data_survives_reopening_the_store(open_store: Callable[[], Store]) -> None:
    first = open_store()
    document = first.add_document(parsed())
    annotation = first.add_annotation(document.id, 4, 11, color="pink", tags=["Region/Iran"], note="saved")
    first.close()

    reopened = open_store()
    try:
        assert reopened.document(document.id) == document
        assert reopened.annotations_for(document.id) == [annotation]
        assert reopened.annotation(annotation.id).tags == ("region/iran",)
        assert [tag.name for tag in reopened.tags.counts()] == ["region/iran"]
        assert reopened.pending_index_count() == 2  # the index can catch up after a restart
        with pytest.raises(DuplicateDocument):
            reopened.add_document(parsed())
    finally:
        reopened.close()


def test_a_database_from_a_newer_lectern_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA user_version = 999")
        connection.commit()
    with pytest.raises(LibraryUnreadable, match="newer Lectern"):
        Store(db_path)


def test_a_team_library_from_a_newer_lectern_is_refused(pg_url: str) -> None:
    from annotations.pg_database import PostgresDatabase

    PostgresDatabase(pg_url, SCHEMA_VERSION).close()
    with closing(psycopg.connect(pg_url, autocommit=True)) as connection:
        connection.execute("UPDATE lectern_schema SET version = 999")
    with pytest.raises(LibraryUnreadable, match="newer Lectern"):
        PostgresDatabase(pg_url, SCHEMA_VERSION)


def test_a_version_1_database_is_migrated_and_keeps_its_articles(db_path: Path) -> None:
    from annotations.database import _MIGRATIONS, SCHEMA_VERSION

    with closing(sqlite3.connect(db_path)) as connection:
        connection.executescript(_MIGRATIONS[1])
        connection.execute(
            "INSERT INTO documents (uuid, title, imported_at, format, html, text, sha256)"
            " VALUES ('u1', 'Old article', '2026-01-01', 'text', '<p>Kept text</p>', 'Kept text', 'digest')"
        )
        connection.execute("PRAGMA user_version = 1")
        connection.commit()
    store = Store(db_path)
    try:
        document = store.document(1)
        assert (document.title, document.text, document.site, document.note) == ("Old article", "Kept text", "", "")
        with closing(sqlite3.connect(db_path)) as connection:
            assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        store.close()
