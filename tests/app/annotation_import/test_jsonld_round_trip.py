"""Lectern's JSON-LD back into a library: a second library holding the same articles gets the same highlights
(quotes, offsets, tags, notes, colours, styles, uuids, times, orphans); importing again creates nothing; the
whole import is one undo step."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from file_writing import WriteFile

from app import Library
from app.exports.jsonld import write_jsonld
from app.exports.options import ExportOptions
from app.exports.scope import ExportScope, collect

WEB_ARTICLE = """\
---
title: Interceptors and Radars
source: https://example.org/interceptors/
---

Radar exports are visible. Interceptor stocks are finite, and air defense support is scarce.

Training is quiet. Radar maintenance creates dependency, and air defense support lasts.
"""

LOCAL_ARTICLE = """\
---
title: Sanctions at sea
---

Sanctions on shipping widened in spring. Tankers changed flags twice.

Insurers left the market; ports asked for new papers.
"""

CHANGING = "---\ntitle: Convoys\n---\nThe convoy sailed at dawn under escort. Nothing else happened that week.\n"
CHANGED = "---\ntitle: Convoys\n---\nNothing else happened that week, and the harbour stayed closed.\n"


@pytest.fixture
def first(library: Library, write_file: WriteFile) -> Library:
    """A library with highlights of every kind: colours, styles, tags, Markdown notes, repeats, an orphan."""
    web = library.documents.import_file(write_file("web.md", WEB_ARTICLE)).value.document
    local = library.documents.import_file(write_file("local.md", LOCAL_ARTICLE)).value.document
    changing = write_file("convoys.md", CHANGING)
    convoys = library.documents.import_file(changing).value.document
    assert web is not None and local is not None and convoys is not None
    library.annotations.add_quote(web.id, "Radar", tags=["air/radar", "exports"], note="**Key**.\n\n- one\n- two")
    library.annotations.add_quote(web.id, "air defense support", every=True, color="green", style="underline")
    library.annotations.add_quote(web.id, "Training is quiet. Radar maintenance", color="orange", note="Ünï — “q”")
    library.annotations.add_quote(local.id, "Sanctions", tags=["region/iran", "economy/sanctions"])
    library.annotations.add_quote(local.id, "ports asked for new papers.", color="pink", style="underline")
    library.annotations.add_quote(convoys.id, "The convoy sailed at dawn under escort", tags=["naval"], note="lost")
    library.annotations.add_quote(convoys.id, "Nothing else happened", color="blue")
    changing.write_text(CHANGED, encoding="utf-8")
    library.documents.reimport_file(changing)  # the convoy passage is gone: an orphan
    assert len(library.annotations.orphans()) == 1
    return library


@pytest.fixture
def second(tmp_path: Path) -> Iterator[Library]:
    opened = Library(tmp_path / "second-library", background=False)
    yield opened
    opened.close()


def export(library: Library, path: Path) -> Path:
    write_jsonld(collect(library.store, library.index, ExportScope()), path, ExportOptions(format="jsonld"))
    return path


def highlights_by_article(library: Library) -> dict[str, list[tuple[object, ...]]]:
    """Every highlight, keyed by its article's text digest (the same article in either library)."""
    found: dict[str, list[tuple[object, ...]]] = {}
    for summary in library.documents.summaries():
        document = library.documents.get(summary.id)
        found[document.sha256] = sorted(
            (
                a.uuid,
                a.exact,
                None if a.orphaned else a.start,  # an orphan's offsets fit no text
                None if a.orphaned else a.end,
                a.prefix,
                a.suffix,
                a.tags,
                a.note,
                a.color,
                a.style,
                a.created,
                a.modified,
                a.orphaned,
            )
            for a in library.annotations.for_document(document.id)
        )
        for annotation in library.annotations.for_document(document.id):
            if not annotation.orphaned:
                assert document.text[annotation.start : annotation.end] == annotation.exact
    return found


@pytest.mark.parametrize("files", ["the same files", "copies elsewhere"])
def test_a_second_library_with_the_same_articles_gets_the_same_highlights(
    first: Library, second: Library, tmp_path: Path, files: str
) -> None:
    path = export(first, tmp_path / "library.jsonld")
    incoming = tmp_path / "incoming"
    if files == "copies elsewhere":  # other paths: local articles are found by their text's digest
        incoming = Path(shutil.copytree(incoming, tmp_path / "copies"))
    for name in ("web.md", "local.md", "convoys.md"):
        assert second.documents.import_file(incoming / name).value.document is not None

    applied = second.annotation_imports.import_file(path)
    report = applied.value
    assert (report.placed, report.moved, report.fuzzy, report.orphaned) == (7, 0, 0, 1)
    assert (report.skipped, report.unmatched, report.failed) == (0, 0, 0)
    assert report.format == "jsonld" and report.tags_created == 5
    assert highlights_by_article(second) == highlights_by_article(first)
    assert applied.changes.annotations == frozenset(report.annotation_ids) and applied.changes.tags
    assert [problem.status for problem in report.problems] == ["orphaned"]
    assert "8 of 8 annotations" in report.summary() and "1 orphaned" in report.summary()

    second.index.flush()  # the imported highlights are searchable like any other
    assert second.index.search("tag:exports").total == 1


def test_importing_the_same_file_twice_creates_nothing(first: Library, second: Library, tmp_path: Path) -> None:
    path = export(first, tmp_path / "library.jsonld")
    for name in ("web.md", "local.md", "convoys.md"):
        second.documents.import_file(tmp_path / "incoming" / name)
    second.annotation_imports.import_file(path)
    before = highlights_by_article(second)

    again = second.annotation_imports.import_file(path)
    assert again.value.created == 0 and again.value.skipped == 8
    assert not again.changes
    assert highlights_by_article(second) == before
    # into the library it came from: every highlight is already there
    assert first.annotation_imports.import_file(path).value.skipped == 8


def test_one_import_is_one_undo_step(first: Library, second: Library, tmp_path: Path) -> None:
    path = export(first, tmp_path / "library.jsonld")
    for name in ("web.md", "local.md", "convoys.md"):
        second.documents.import_file(tmp_path / "incoming" / name)
    second.annotations.add_quote(1, "Interceptor stocks", color="blue")  # a highlight of its own, kept by undo
    second.annotation_imports.import_file(path)
    assert second.history.undo_label == "Import Annotations"
    assert len(second.store.all_annotations()) == 9

    undone = second.history.undo()
    assert len(second.store.all_annotations()) == 1
    assert undone.changes.tags and len(undone.changes.annotations) == 8
    assert [tag.name for tag in second.tags.counts()] == []  # the tags the import brought went with it
    second.history.redo()
    assert len(second.store.all_annotations()) == 9
    assert (
        highlights_by_article(second)[second.documents.get(3).sha256]
        == highlights_by_article(first)[first.documents.get(3).sha256]
    )


def test_an_article_not_in_the_library_is_reported_not_guessed(first: Library, second: Library, tmp_path: Path) -> None:
    path = export(first, tmp_path / "library.jsonld")
    second.documents.import_file(tmp_path / "incoming" / "local.md")  # only one of the three articles
    report = second.annotation_imports.import_file(path).value
    assert (report.placed, report.unmatched) == (2, 6)
    unmatched = [problem for problem in report.problems if problem.status == "unmatched"]
    assert len(unmatched) == 6
    assert any("Interceptors and Radars" in problem.reason for problem in unmatched)
    assert {a.exact for a in second.store.all_annotations()} == {"Sanctions", "ports asked for new papers."}
