"""Every write of the application layer says what it changed, so each view refreshes just that."""

from __future__ import annotations

from pathlib import Path

import pytest
from file_writing import WriteFile

from app import Changes, Library

ARTICLE = "---\ntitle: Radars and Interceptors\n---\nThe air defense support package arrived late.\n"
OTHER = "---\ntitle: Grid Notes\n---\nGrid resilience after the strikes.\n"


@pytest.fixture
def two_articles(library: Library, write_file: WriteFile) -> tuple[int, int]:
    first = library.documents.import_file(write_file("radars.md", ARTICLE))
    second = library.documents.import_file(write_file("grid.md", OTHER))
    assert first.changes == Changes(documents=frozenset({first.value.document.id}))
    return first.value.document.id, second.value.document.id


def test_highlights_name_themselves_and_their_article(library: Library, two_articles: tuple[int, int]) -> None:
    radars, grid = two_articles
    added = library.annotations.add(radars, 4, 15, tags=["air-defense"])
    assert added.changes.annotations == {added.value.id}
    assert added.changes.annotated_documents == {radars}
    assert added.changes.tags, "a tagged highlight changes the tag counts"
    assert added.changes.history and not added.changes.documents
    assert added.changes.touches_document(radars) and not added.changes.touches_document(grid)

    untagged = library.annotations.add(radars, 20, 27)
    assert not untagged.changes.tags, "an untagged highlight leaves the tag counts alone"

    edited = library.annotations.update(added.value.id, note="Late by a month")
    assert edited.changes.annotations == {added.value.id}

    deleted = library.annotations.delete(untagged.value.id)
    assert deleted.annotations == {untagged.value.id} and deleted.annotated_documents == {radars}


def test_undo_and_redo_say_what_they_put_back(library: Library, two_articles: tuple[int, int]) -> None:
    radars, _ = two_articles
    added = library.annotations.add(radars, 4, 15, tags=["air-defense"])
    undone = library.history.undo()
    assert undone.value is not None and undone.value.label == "Highlight"
    assert undone.changes.annotations == {added.value.id} and undone.changes.annotated_documents == {radars}
    assert library.annotations.for_document(radars) == []
    redone = library.history.redo()
    assert redone.changes.annotated_documents == {radars}
    nothing = library.history.redo()
    assert nothing.value is None and not nothing.changes


def test_tag_and_saved_search_writes(library: Library, two_articles: tuple[int, int]) -> None:
    radars, _ = two_articles
    library.annotations.add(radars, 4, 15, tags=["air-defense"])
    renamed = library.tags.rename("air-defense", "defense")
    assert renamed.value == 1 and renamed.changes.tags and renamed.changes.annotated_documents == {radars}
    library.index.flush()
    saved = library.searches.save("Defense", "tag:defense")
    assert saved.changes == Changes(saved_searches=True)
    assert library.searches.delete(saved.value.id) == Changes(saved_searches=True)


def test_document_writes(library: Library, two_articles: tuple[int, int], write_file: WriteFile) -> None:
    radars, grid = two_articles
    library.annotations.add(grid, 0, 4, tags=["energy"])
    deleted = library.documents.delete(grid)
    assert deleted.documents == {grid} and deleted.annotated_documents == {grid} and deleted.tags
    imported = library.documents.import_paths([write_file("again.md", OTHER), Path("/nowhere/missing.md")])
    assert [outcome.imported for outcome in imported.value] == [True, False]
    assert imported.changes.documents == {imported.value[0].document.id}


def test_no_changes_is_false_and_changes_combine() -> None:
    assert not Changes()
    combined = Changes(documents=frozenset({1})) | Changes(annotations=frozenset({7}), tags=True)
    assert combined == Changes(documents=frozenset({1}), annotations=frozenset({7}), tags=True)
