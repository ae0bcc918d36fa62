"""Syndicated copies through the application: the Changes of an import, a delete and the backfill name every
article whose mark changed, so that the window refreshes just those rows."""

from __future__ import annotations

from copy_texts import OTHER_STORY, markdown, original, syndicated
from file_writing import WriteFile

from app import Library


def test_an_earlier_article_imported_later_names_the_copies_it_took_over(
    library: Library, write_file: WriteFile
) -> None:
    copy = library.documents.import_file(write_file("copy.md", markdown("Copy", "2024-09-21", syndicated()))).value
    assert copy.document is not None
    second = write_file("other-copy.md", markdown("Second copy", "2024-09-22", syndicated(drop=None)))
    applied = library.documents.import_paths([second])
    [outcome] = applied.value
    assert outcome.document is not None and outcome.document.copy_of == copy.document.id
    assert applied.changes.documents == {outcome.document.id}  # a new copy changes no other article

    wire = library.documents.import_paths([write_file("wire.md", markdown("Wire", "2024-09-20", original()))])
    [source] = wire.value
    assert source.document is not None
    assert wire.changes.documents == {source.document.id, copy.document.id, outcome.document.id}
    assert {library.documents.get(i).copy_of for i in (copy.document.id, outcome.document.id)} == {source.document.id}


def test_deleting_a_root_names_the_re_pointed_copies(library: Library, write_file: WriteFile) -> None:
    ids = {}
    for name, published, text in (("wire", "2024-09-20", original()), ("a", "2024-09-21", syndicated()),
                                  ("b", "2024-09-22", syndicated(drop=None))):  # fmt: skip
        outcome = library.documents.import_file(write_file(f"{name}.md", markdown(name, published, text))).value
        assert outcome.document is not None
        ids[name] = outcome.document.id
    changes = library.documents.delete(ids["wire"])
    assert changes.documents == {ids["wire"], ids["a"], ids["b"]}
    assert library.documents.get(ids["a"]).copy_of is None
    assert library.documents.get(ids["b"]).copy_of == ids["a"]


def test_a_new_version_of_a_text_is_compared_again(library: Library, write_file: WriteFile) -> None:
    wire = library.documents.import_file(write_file("wire.md", markdown("Wire", "2024-09-20", original()))).value
    path = write_file("later.md", markdown("Trains", "2024-09-21", original(OTHER_STORY, "Night trains")))
    later = library.documents.import_file(path).value
    assert wire.document is not None and later.document is not None and later.document.copy_of is None
    path.write_text(markdown("Trains", "2024-09-21", syndicated()), encoding="utf-8")  # now the wire story
    applied = library.documents.reimport_file(path)
    assert library.documents.get(later.document.id).copy_of == wire.document.id
    assert later.document.id in applied.changes.documents


def test_backfill_marks_an_older_library_in_batches(library: Library, write_file: WriteFile) -> None:
    paths = [write_file("wire.md", markdown("Wire", "2024-09-20", original())),
             write_file("copy.md", markdown("Copy", "2024-09-21", syndicated())),
             write_file("trains.md", markdown("Trains", "2024-09-22", original(OTHER_STORY, "Night trains")))]  # fmt: skip
    outcomes = library.documents.import_paths(paths).value
    ids = {outcome.path.stem: outcome.document.id for outcome in outcomes if outcome.document is not None}
    with library.store.db.transaction() as connection:
        connection.execute("DELETE FROM fingerprint_bands")
        connection.execute("DELETE FROM document_fingerprints")
        connection.execute("UPDATE documents SET copy_of = NULL, copy_similarity = NULL")
    assert library.copies.unmarked() == 3
    first = library.copies.backfill(limit=1)
    assert first.value == 2 and not first.changes  # the wire story came first: nothing to mark yet
    rest = library.copies.backfill(limit=None)
    assert rest.value == 0
    assert rest.changes.documents == {ids["copy"]}
    assert library.documents.get(ids["copy"]).copy_of == ids["wire"]
    assert library.copies.root_labels() == {ids["wire"]: ("", "2024-09-20")}
    assert library.copies.backfill().value == 0 and not library.copies.backfill().changes
