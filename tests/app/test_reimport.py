"""A new version of an article (same source, changed text): its highlights are re-anchored, counted, and the
ones that lost their passage are kept as orphans; the search index serves the new text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from reimport_samples import QUOTES, VERSION_1, VERSION_2

from annotations.errors import LecternError
from annotations.models import Annotation
from app import Library

WriteFile = Callable[[str, str | bytes], Path]



@pytest.fixture
def article(write_file: WriteFile) -> Path:
    return write_file("gulf.md", VERSION_1)


@pytest.fixture
def document_id(library: Library, article: Path) -> int:
    outcome = library.documents.import_file(article).value
    assert outcome.document is not None
    return outcome.document.id


@pytest.fixture
def highlights(library: Library, document_id: int) -> dict[str, Annotation]:
    made = {
        status: library.annotations.add_quote(document_id, quote, tags=[f"status/{status}"], note=f"was {status}").value[0]
        for status, quote in QUOTES.items()
    }
    library.index.flush()
    return made


def check_anchored(library: Library, document_id: int) -> None:
    text = library.documents.get(document_id).text
    for annotation in library.annotations.for_document(document_id):
        if not annotation.orphaned:
            assert text[annotation.start : annotation.end] == annotation.exact


def article_hits(library: Library, query: str) -> list[tuple[int, int, int]]:
    library.index.flush()
    return [(hit.document_id, hit.start, hit.end) for hit in library.index.search(query).hits if hit.kind == "article"]


def test_a_new_version_counts_kept_moved_fuzzy_and_orphaned(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation]
) -> None:
    article.write_text(VERSION_2, encoding="utf-8")
    outcome, report = library.documents.reimport_file(article).value

    assert outcome.document is not None and outcome.document.id == document_id
    assert outcome.newer_version_of is None and not outcome.error
    assert report is not None
    assert report.document_id == document_id
    assert report.kept == (highlights["kept"].id,)
    assert report.moved == (highlights["moved"].id,)
    assert report.fuzzy == (highlights["fuzzy"].id,)
    assert report.orphaned == (highlights["orphaned"].id,)
    assert report.to_json() == {
        "document_id": document_id,
        "kept": 1,
        "moved": 1,
        "fuzzy": 1,
        "orphaned": 1,
        "orphans": [highlights["orphaned"].id],
    }

    document = library.documents.get(document_id)
    assert "Kestrel" in document.text and "Damascus" not in document.text
    assert document.title == "Gulf supply lines"
    assert [summary.id for summary in library.documents.summaries()] == [document_id]  # a new version, not a new article
    check_anchored(library, document_id)
    by_id = {annotation.id: annotation for annotation in library.annotations.for_document(document_id)}
    assert by_id[highlights["kept"].id].start == highlights["kept"].start
    assert by_id[highlights["moved"].id].start > highlights["moved"].start
    assert by_id[highlights["fuzzy"].id].exact == "watches the deal with growing concern"
    orphan = by_id[highlights["orphaned"].id]
    assert orphan.orphaned and orphan.exact == QUOTES["orphaned"]
    for annotation in by_id.values():  # uuids, tags and notes survive the new version
        old = highlights[annotation.note.removeprefix("was ")]
        assert (annotation.uuid, annotation.tags, annotation.color) == (old.uuid, old.tags, old.color)


def test_orphans_are_listed_and_can_be_reattached(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation]
) -> None:
    article.write_text(VERSION_2, encoding="utf-8")
    library.documents.reimport_file(article)
    orphan_id = highlights["orphaned"].id
    assert [annotation.id for annotation in library.annotations.orphans()] == [orphan_id]
    assert [annotation.id for annotation in library.annotations.orphans(document_id)] == [orphan_id]
    library.index.flush()
    found = library.index.search("tag:status/orphaned").hits
    assert [(hit.annotation_id, hit.orphaned, hit.start, hit.end) for hit in found] == [(orphan_id, True, 0, 0)]
    assert found[0].to_json()["orphaned"] is True

    text = library.documents.get(document_id).text
    start = text.index("the Kestrel programme")
    reattached = library.annotations.reattach(orphan_id, start, start + len("the Kestrel programme")).value
    assert not reattached.orphaned
    assert (reattached.exact, reattached.tags, reattached.note) == (
        "the Kestrel programme",
        ("status/orphaned",),
        "was orphaned",
    )
    assert library.annotations.orphans() == []
    check_anchored(library, document_id)
    library.index.flush()
    assert [hit.annotation_id for hit in library.index.search("tag:status/orphaned").hits] == [orphan_id]
    assert {hit.start for hit in library.index.search("tag:status/orphaned").hits} == {start}

    library.history.undo()  # re-attaching is undoable
    assert [annotation.id for annotation in library.annotations.orphans()] == [orphan_id]


def test_an_orphan_is_found_again_when_its_passage_returns(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation]
) -> None:
    article.write_text(VERSION_2, encoding="utf-8")
    library.documents.reimport_file(article)
    article.write_text(VERSION_1, encoding="utf-8")
    _, report = library.documents.reimport_file(article).value
    assert report is not None and report.orphaned == ()
    assert library.annotations.orphans() == []
    check_anchored(library, document_id)
    assert {
        annotation.id: (annotation.start, annotation.end) for annotation in library.annotations.for_document(document_id)
    } == {annotation.id: (annotation.start, annotation.end) for annotation in highlights.values()}


def test_reimporting_an_identical_file_keeps_everything(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation]
) -> None:
    before = library.annotations.for_document(document_id)
    outcome, report = library.documents.reimport_file(article).value
    assert outcome.document is not None and outcome.document.id == document_id
    assert report is not None
    assert sorted(report.kept) == sorted(annotation.id for annotation in highlights.values())
    assert (report.moved, report.fuzzy, report.orphaned) == ((), (), ())
    assert library.annotations.for_document(document_id) == before


def test_reimporting_a_file_that_is_not_in_the_library_imports_it(
    library: Library, document_id: int, write_file: WriteFile
) -> None:
    outcome, report = library.documents.reimport_file(write_file("fresh.md", "# Fresh\n\nSomething else entirely.")).value
    assert report is None
    assert outcome.document is not None and outcome.document.id != document_id
    assert len(library.documents.summaries()) == 2


def test_reimport_clears_undo_history(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation]
) -> None:
    assert library.history.undo_label is not None
    article.write_text(VERSION_2, encoding="utf-8")
    library.documents.reimport_file(article)
    assert library.history.undo_label is None
    assert library.history.undo().value is None


def test_plain_import_of_a_changed_file_offers_a_newer_version_and_stores_nothing(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation]
) -> None:
    before = (library.documents.get(document_id), library.annotations.for_document(document_id))
    article.write_text(VERSION_2, encoding="utf-8")
    [outcome] = library.documents.import_paths([article]).value
    assert outcome.newer_version_of == document_id
    assert not outcome.imported and not outcome.error and outcome.duplicate_of is None
    assert outcome.to_json() == {"path": str(article), "newer_version_of": document_id, "title": "Gulf supply lines"}
    assert [summary.id for summary in library.documents.summaries()] == [document_id]
    assert (library.documents.get(document_id), library.annotations.for_document(document_id)) == before


def test_the_index_serves_the_new_text(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation]
) -> None:
    assert article_hits(library, "kestrel") == []
    assert len(article_hits(library, "damascus")) == 1
    article.write_text(VERSION_2, encoding="utf-8")
    library.documents.reimport_file(article)
    text = library.documents.get(document_id).text
    kestrel = text.index("Kestrel")
    assert article_hits(library, "kestrel") == [(document_id, kestrel, kestrel + len("Kestrel"))]
    assert article_hits(library, "damascus") == []
    growing = text.index("growing")
    assert article_hits(library, "growing") == [(document_id, growing, growing + len("growing"))]
    # Highlight hits carry the new offsets.
    library.index.flush()
    [moved] = library.index.search("tag:status/moved").hits
    assert text[moved.start : moved.end] == QUOTES["moved"]


def test_a_new_version_equal_to_another_article_is_refused(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation], write_file: WriteFile
) -> None:
    before, annotations = library.documents.get(document_id), library.annotations.for_document(document_id)
    other = library.documents.import_file(write_file("other.md", VERSION_2)).value
    assert other.document is not None
    article.write_text(VERSION_2, encoding="utf-8")
    outcome, report = library.documents.reimport_file(article).value
    assert report is None and not outcome.imported
    assert f"#{other.document.id}" in outcome.error  # what the window says
    assert outcome.duplicate_of == other.document.id  # what import --replace --json says, as a plain import does
    assert library.documents.get(document_id).text == before.text
    assert library.annotations.for_document(document_id) == annotations


def test_a_highlight_made_while_the_new_version_is_placed_is_placed_too(
    library: Library,
    article: Path,
    document_id: int,
    highlights: dict[str, Annotation],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Placing highlights runs outside the write; one added meanwhile (the UI thread) must not keep offsets
    into the old text."""
    import app.documents

    real_reanchor_all = app.documents.reanchor_all
    added: list[Annotation] = []

    def reanchor_while_someone_highlights(*args: object, **kwargs: object) -> object:
        if not added:
            old_text = library.documents.get(document_id).text
            for quote in ("before the summer", "its own airspace"):
                start = old_text.index(quote)
                added.append(library.store.add_annotation(document_id, start, start + len(quote)))
        return real_reanchor_all(*args, **kwargs)

    monkeypatch.setattr(app.documents, "reanchor_all", reanchor_while_someone_highlights)
    article.write_text(VERSION_2, encoding="utf-8")
    _, report = library.documents.reimport_file(article).value
    assert report is not None
    assert added[0].id in report.orphaned and added[1].id in report.moved
    check_anchored(library, document_id)


def store_version_2_elsewhere(library: Library, article: Path, data_dir: Path) -> tuple[int, ...]:
    """A new version of the article stored by another process (the command line); the highlights it moved."""
    article.write_text(VERSION_2, encoding="utf-8")
    command_line = Library(data_dir, background=False, team=library.team)
    try:
        _, report = command_line.documents.reimport_file(article).value
        assert report is not None
        return report.moved
    finally:
        command_line.close()


def test_undoing_an_edit_after_a_new_version_elsewhere_keeps_the_new_place(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation], data_dir: Path
) -> None:
    """The window's undo history holds offsets into the old text. Undoing a note edit puts back the note
    only (the fields its step changed), so the highlight stays where the new version put it."""
    moved = highlights["moved"].id
    library.annotations.update(moved, note="edited in the window")
    assert store_version_2_elsewhere(library, article, data_dir) == (moved,)
    placed = library.annotations.get(moved)
    library.history.undo()
    undone = library.annotations.get(moved)
    assert (undone.note, undone.start, undone.end, undone.exact) == (
        highlights["moved"].note, placed.start, placed.end, placed.exact)
    check_anchored(library, document_id)


def test_undo_that_would_write_old_offsets_after_a_new_version_elsewhere_is_refused(
    library: Library, article: Path, document_id: int, highlights: dict[str, Annotation], data_dir: Path
) -> None:
    """Bringing back a highlight deleted before the new version would put it at offsets into the old text:
    the step fails cleanly and changes nothing."""
    library.annotations.delete(highlights["moved"].id)
    store_version_2_elsewhere(library, article, data_dir)
    before = library.annotations.for_document(document_id)
    with pytest.raises(LecternError, match="text has changed"):
        library.history.undo()
    assert library.annotations.for_document(document_id) == before
    check_anchored(library, document_id)
