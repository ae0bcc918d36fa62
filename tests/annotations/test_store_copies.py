"""Syndicated copies in the store: a copy points at its story's earliest article (by published date, then
id), an earlier arrival takes the story over, deleting a root re-roots its copies, and an older library's
articles are fingerprinted by ``refresh`` (the backfill)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from copy_texts import CHINESE_STORY, OTHER_CHINESE_STORY, OTHER_STORY, STORY, original, quoting, syndicated

from annotations import near_duplicates as nd
from annotations.errors import DuplicateDocument
from annotations.models import Document, ParsedDocument
from annotations.store import Store


@pytest.fixture
def store(open_store: Callable[[], Store]) -> Store:
    """The store on each engine: SQLite and PostgreSQL."""
    return open_store()


def add(store: Store, text: str, published: str = "", title: str = "An article") -> Document:
    return store.add_document(ParsedDocument(title=title, text=text, html="", format="txt", published=published))


def marks(store: Store) -> dict[int, tuple[int | None, float | None]]:
    return {s.id: (s.copy_of, s.copy_similarity) for s in store.document_summaries()}


def outbox_documents(store: Store) -> list[int]:
    return [entity_id for _, kind, entity_id in store.pending_index_changes(10_000) if kind == "document"]


def test_a_copy_points_at_the_earlier_article_with_its_similarity(store: Store) -> None:
    source = add(store, original(), "2024-09-20")
    copy = add(store, syndicated(), "2024-09-21")
    assert copy.copy_of == source.id
    expected = nd.similarity(nd.shingles(original()), nd.shingles(syndicated()))
    assert copy.copy_similarity == pytest.approx(expected)
    assert store.document(source.id).copy_of is None
    assert store.copies.members(source.id) == [copy.id]
    assert store.copies.stories([source.id, copy.id]) == {source.id: source.id, copy.id: source.id}


def test_quoting_a_paragraph_or_another_story_makes_no_copy(store: Store) -> None:
    add(store, original(), "2024-09-20")
    assert add(store, quoting(), "2024-09-22").copy_of is None


def test_an_article_quoting_another_is_a_copy_of_its_own_story_only(store: Store) -> None:
    source = add(store, original(), "2024-09-20")
    trains = add(store, original(OTHER_STORY, "Night trains return"), "2024-09-21")
    assert trains.copy_of is None
    assert add(store, quoting(), "2024-09-22").copy_of == trains.id  # the train story again, plus a quote
    assert store.copies.members(source.id) == []


def test_an_earlier_article_imported_later_becomes_the_root(store: Store) -> None:
    first_copy = add(store, syndicated(), "2024-09-22")
    second_copy = add(store, syndicated(drop=None), "2024-09-23")
    assert second_copy.copy_of == first_copy.id
    queued = len(outbox_documents(store))
    source = add(store, original(), "2024-09-20")  # the wire story, published first, saved last
    assert source.copy_of is None
    found = marks(store)
    assert found[first_copy.id][0] == source.id and found[second_copy.id][0] == source.id
    assert found[second_copy.id][1] == pytest.approx(
        nd.similarity(nd.shingles(original()), nd.shingles(syndicated(drop=None)))
    )  # the similarity is to the new root now
    assert set(outbox_documents(store)[queued:]) == {source.id, first_copy.id, second_copy.id}
    assert store.copies.members(source.id) == [first_copy.id, second_copy.id]


def test_same_date_or_no_date_the_lower_id_is_the_root(store: Store) -> None:
    undated = add(store, syndicated(), "")
    dated = add(store, syndicated(drop=None), "2024-09-21")
    assert dated.copy_of is None and store.document(undated.id).copy_of == dated.id  # a dated one comes first
    same_day = add(store, original(), "2024-09-21")
    assert same_day.copy_of == dated.id  # same date: the lower id stays the root


def test_dates_with_times_order_the_story(store: Store) -> None:
    later = add(store, syndicated(), "2024-09-20T18:30:00Z")
    earlier = add(store, original(), "2024-09-20T07:05:00Z")
    assert earlier.copy_of is None and store.document(later.id).copy_of == earlier.id


def test_an_article_matching_two_stories_joins_them(store: Store) -> None:
    """The first six paragraphs and the last six are too different to be copies of each other (about 50 %),
    but the whole story is a copy of each: the three are one story, rooted at the earliest."""
    head = add(store, "\n\n".join(STORY[:6]), "2024-09-21")
    tail = add(store, "\n\n".join(STORY[2:]), "2024-09-22")
    tail_copy = add(store, "\n\n".join(STORY[2:]) + "\n\nFrom the Evening Courier.", "2024-09-23")
    assert head.copy_of is None and tail.copy_of is None and tail_copy.copy_of == tail.id
    whole = add(store, "\n\n".join(STORY), "2024-09-24")
    assert whole.copy_of == head.id
    assert marks(store)[tail.id][0] == head.id and marks(store)[tail_copy.id][0] == head.id
    assert store.copies.story_count([head.id, tail.id, tail_copy.id, whole.id]) == 1


def test_deleting_a_root_makes_its_earliest_copy_the_root(store: Store) -> None:
    source = add(store, original(), "2024-09-20")
    late = add(store, syndicated(drop=None), "2024-09-25")
    early = add(store, syndicated(), "2024-09-21")
    assert {late.copy_of, early.copy_of} == {source.id}
    repointed = store.delete_document(source.id)
    assert sorted(repointed) == sorted([late.id, early.id])
    found = marks(store)
    assert found[early.id] == (None, None)
    assert found[late.id][0] == early.id
    assert found[late.id][1] == pytest.approx(nd.similarity(nd.shingles(syndicated()), nd.shingles(syndicated(drop=None))))
    assert store.copies.stories([early.id, late.id]) == {early.id: early.id, late.id: early.id}


def test_deleting_a_copy_leaves_the_story_alone(store: Store) -> None:
    source = add(store, original(), "2024-09-20")
    copy = add(store, syndicated(), "2024-09-21")
    other = add(store, syndicated(drop=None), "2024-09-22")
    assert store.delete_document(copy.id) == []
    assert marks(store)[other.id][0] == source.id
    rows = store.db.connection().execute("SELECT count(*) FROM fingerprint_bands WHERE document_id = ?", (copy.id,))
    assert rows.fetchone()[0] == 0  # its bands went with it


def test_every_article_gets_its_fingerprint_with_it_and_a_duplicate_none(store: Store) -> None:
    add(store, original(), "2024-09-20")
    add(store, "Too short to compare.", "2024-09-20")
    with pytest.raises(DuplicateDocument):
        add(store, original(), "2024-09-21")
    connection = store.db.connection()
    assert connection.execute("SELECT count(*) FROM document_fingerprints").fetchone()[0] == 2
    assert connection.execute("SELECT count(DISTINCT document_id) FROM fingerprint_bands").fetchone()[0] == 1
    assert store.copies.unfingerprinted() == []


def test_chinese_copies_are_marked(store: Store) -> None:
    source = add(store, original(CHINESE_STORY, "港口起重机因风暴关闭"), "2024-09-20")
    assert add(store, syndicated(CHINESE_STORY, drop=None), "2024-09-21").copy_of == source.id
    assert add(store, original(OTHER_CHINESE_STORY, "夜班火车恢复运行"), "2024-09-22").copy_of is None


def forget_copies(store: Store) -> None:
    """The library as a Lectern before copies left it: no fingerprints, no marks."""
    with store.db.transaction() as connection:
        connection.execute("DELETE FROM fingerprint_bands")
        connection.execute("DELETE FROM document_fingerprints")
        connection.execute("UPDATE documents SET copy_of = NULL, copy_similarity = NULL")


def test_refresh_marks_the_copies_of_an_older_library(store: Store, tmp_path: Path) -> None:
    copy = add(store, syndicated(), "2024-09-21")
    source = add(store, original(), "2024-09-20")
    other = add(store, quoting(), "2024-09-22")
    before = marks(store)
    forget_copies(store)
    waiting = store.copies.unfingerprinted()
    assert waiting == [source.id, copy.id, other.id]  # earliest first: roots before their copies
    changed = [store.copies.refresh(document_id) for document_id in waiting]
    assert changed == [[], [copy.id], []]
    assert marks(store) == before
    assert store.copies.unfingerprinted() == []


def test_fingerprints_of_another_version_are_computed_again(store: Store) -> None:
    source = add(store, original(), "2024-09-20")
    with store.db.transaction() as connection:
        connection.execute("UPDATE document_fingerprints SET signature = ?", (b"\x00",))  # an older SIGNATURE_VERSION
    assert store.copies.unfingerprinted() == [source.id]
    store.copies.refresh(source.id)
    assert store.copies.unfingerprinted() == []
