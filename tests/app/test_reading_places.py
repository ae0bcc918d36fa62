"""Reading places: remembered per article in the library file, gone with the article, kept across opening."""

from __future__ import annotations

from pathlib import Path

from app import Library

TEXT = "# Notes\n\n" + "A paragraph about air defense support.\n\n" * 40


def _library_with_article(folder: Path) -> tuple[Library, int]:
    source = folder / "in" / "notes.md"
    source.parent.mkdir(parents=True)
    source.write_text(TEXT, encoding="utf-8")
    library = Library(folder / "data", background=False)
    outcome = library.documents.import_file(source)
    return library, outcome.value.document.id  # type: ignore[union-attr]


def test_a_place_is_remembered_across_closing_the_library(tmp_path: Path) -> None:
    library, document_id = _library_with_article(tmp_path)
    assert library.reading.get(document_id) is None
    library.reading.save(document_id, 420, 0.37)
    library.close()
    reopened = Library(tmp_path / "data", background=False)
    place = reopened.reading.get(document_id)
    assert place is not None and (place.position, round(place.progress, 2)) == (420, 0.37)
    reopened.reading.save(document_id, 10, 1.7)  # a later place replaces it; progress stays within 0..1
    assert (reopened.reading.get(document_id).position, reopened.reading.get(document_id).progress) == (10, 1.0)
    reopened.close()


def test_a_deleted_article_takes_its_place_with_it(tmp_path: Path) -> None:
    library, document_id = _library_with_article(tmp_path)
    library.reading.save(document_id, 99, 0.5)
    library.documents.delete(document_id)
    assert library.reading.get(document_id) is None
    library.reading.save(document_id, 5, 0.1)  # saved after the delete: nothing is written
    assert library.reading.get(document_id) is None
    library.close()
