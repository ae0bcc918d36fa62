"""Export scopes resolve to the same highlights whatever the format; files are written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from file_writing import WriteFile

from app import Library
from app.exports.atomic import atomic_file
from app.exports.scope import ExportScope, InvalidScope, collect


@pytest.fixture
def coded(library: Library, write_file: WriteFile) -> Library:
    first = library.documents.import_file(write_file("a.md", "---\ntitle: A\n---\nRadars and sanctions, radars.\n"))
    second = library.documents.import_file(write_file("b.md", "---\ntitle: B\n---\nOnly sanctions here.\n"))
    a, b = first.value.document.id, second.value.document.id
    library.annotations.add_quote(a, "Radars", tags=["region/iran"], note="first")
    library.annotations.add_quote(a, "sanctions", tags=["economy"])
    library.annotations.add_quote(b, "sanctions", tags=["region/russia"])
    library.index.flush()
    return library


def titles_and_quotes(library: Library, scope: ExportScope) -> list[tuple[str, list[str]]]:
    exported = collect(library.store, library.index, scope)
    return [(item.document.title, [a.exact for a in item.annotations]) for item in exported.items]


def test_each_scope_holds_what_it_names(coded: Library) -> None:
    assert titles_and_quotes(coded, ExportScope()) == [("A", ["Radars", "sanctions"]), ("B", ["sanctions"])]
    assert titles_and_quotes(coded, ExportScope(tag="region")) == [("A", ["Radars"]), ("B", ["sanctions"])]
    assert titles_and_quotes(coded, ExportScope(document_id=2)) == [("B", ["sanctions"])]
    assert titles_and_quotes(coded, ExportScope(query="tag:economy")) == [("A", ["sanctions"])]
    second = coded.annotations.for_document(1)[1].id
    assert titles_and_quotes(coded, ExportScope(annotation_ids=(second,))) == [("A", ["sanctions"])]
    coded.searches.save("Economy", "tag:economy")
    assert titles_and_quotes(coded, ExportScope(saved="Economy")) == [("A", ["sanctions"])]


def test_a_query_scope_can_carry_every_mention_and_the_codebook_has_parents(coded: Library) -> None:
    exported = collect(coded.store, coded.index, ExportScope(query="sanctions", mentions=True))
    assert [(item.document.title, len(item.mentions)) for item in exported.items] == [("A", 1), ("B", 1)]
    whole = collect(coded.store, coded.index, ExportScope())
    assert [tag.name for tag in whole.tags] == ["economy", "region", "region/iran", "region/russia"]


def test_scopes_that_name_nothing_or_two_things_are_refused(coded: Library) -> None:
    with pytest.raises(InvalidScope, match="no tag"):
        collect(coded.store, coded.index, ExportScope(tag="nowhere"))
    with pytest.raises(InvalidScope, match="no saved search"):
        collect(coded.store, coded.index, ExportScope(saved="Nothing"))
    with pytest.raises(InvalidScope, match="choose one"):
        collect(coded.store, coded.index, ExportScope(tag="economy", document_id=1))


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "digest.md"
    with atomic_file(target, "w", encoding="utf-8") as file:
        file.write("first version")
    with pytest.raises(RuntimeError), atomic_file(target, "w", encoding="utf-8") as file:
        file.write("half of a second")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "first version"
    assert [path.name for path in target.parent.iterdir()] == ["digest.md"]
