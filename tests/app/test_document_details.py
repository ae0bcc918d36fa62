"""Correcting an article's details after import: stored in one write, reflected in search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.errors import InvalidMetadata, NotFound
from annotations.models import DocumentMetadata
from app import Library

WriteFile = Callable[[str, str | bytes], Path]

ARTICLE = "# Untitled draft\n\nThe ministry discussed air defense support with its neighbours.\n"


@pytest.fixture
def document_id(library: Library, write_file: WriteFile) -> int:
    outcome = library.documents.import_file(write_file("draft.md", ARTICLE)).value
    assert outcome.document is not None
    library.index.flush()
    return outcome.document.id


def test_edited_details_are_stored_and_unchanged_fields_stay(library: Library, document_id: int) -> None:
    before = library.documents.get(document_id)
    library.documents.update_metadata(
        document_id,
        DocumentMetadata(title="  Baltic   air defense ", byline="Jane Doe", published="2024-05-17", site="RAND"),
    )
    after = library.documents.get(document_id)
    assert (after.title, after.byline, after.published, after.site) == (
        "Baltic air defense",
        "Jane Doe",
        "2024-05-17",
        "RAND",
    )
    assert after.source == before.source
    assert after.text == before.text
    assert library.documents.summaries()[0].title == "Baltic air defense"


def test_new_title_author_and_note_are_searchable_and_old_title_is_not(library: Library, document_id: int) -> None:
    highlight = library.annotations.add_quote(document_id, "air defense support", tags=["air-defense"]).value[0]
    library.documents.update_metadata(
        document_id, DocumentMetadata(title="Kestrel memo", byline="Jane Doe", note="Compare with the **Riga** cable.")
    )
    library.index.flush()

    assert [hit.document_id for hit in library.index.search("title:kestrel").hits] == [document_id]
    assert library.index.search("title:untitled").total == 0
    assert [hit.document_id for hit in library.index.search("author:doe").hits] == [document_id]
    note_hits = library.index.search("riga").hits
    assert [hit.document_id for hit in note_hits] == [document_id]
    assert "<mark>Riga</mark>" in note_hits[0].snippet
    tagged = library.index.search("tag:air-defense").hits
    assert [(hit.annotation_id, hit.title) for hit in tagged] == [(highlight.id, "Kestrel memo")]


def test_an_empty_title_is_refused_and_nothing_changes(library: Library, document_id: int) -> None:
    with pytest.raises(InvalidMetadata, match="needs a title"):
        library.documents.update_metadata(document_id, DocumentMetadata(title="   ", byline="Someone"))
    assert library.documents.get(document_id).title == "Untitled draft"
    assert library.documents.get(document_id).byline == ""


def test_an_over_long_field_is_refused(library: Library, document_id: int) -> None:
    with pytest.raises(InvalidMetadata, match="limit"):
        library.documents.update_metadata(document_id, DocumentMetadata(byline="x" * 5000))


def test_details_of_a_missing_article_cannot_be_edited(library: Library) -> None:
    with pytest.raises(NotFound):
        library.documents.update_metadata(999, DocumentMetadata(title="Ghost"))
