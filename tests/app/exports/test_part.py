"""``library.exports``: one entry for every format, a report of what was written, a clear refusal of a
destination that cannot be written, whole files only, and nothing changed in the library."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from file_writing import WriteFile

from annotations.errors import LecternError
from app import Library
from app.exports import part
from app.exports.options import ExportOptions, InvalidExport
from app.exports.scope import ExportScope

ARTICLE = (
    "---\ntitle: Radars\nauthor: Jane Doe\ndate: 2025\n---\n\nRadar exports are visible. Radar stocks are finite.\n"
)


@pytest.fixture
def coded(library: Library, write_file: WriteFile) -> Library:
    document = library.documents.import_file(write_file("a.md", ARTICLE)).value.document
    other = library.documents.import_file(write_file("b.md", "---\ntitle: Other\n---\n\nNothing here.\n")).value
    assert document is not None and other.document is not None
    library.annotations.add_quote(document.id, "Radar exports", tags=["air-defense"])
    library.annotations.add_quote(document.id, "stocks are finite", tags=["supply"])
    library.index.flush()
    return library


@pytest.mark.parametrize("format_name", ["markdown", "csv", "xlsx"])
def test_each_format_reports_what_it_wrote(coded: Library, tmp_path: Path, format_name: str) -> None:
    path = tmp_path / f"out.{format_name}"
    seen: list[tuple[int, int]] = []
    report = coded.exports.export(
        ExportScope(tag="air-defense"), ExportOptions(format=format_name), path, lambda *step: seen.append(step)
    )
    assert (report.path, report.format, report.articles, report.highlights) == (path, format_name, 1, 1)
    assert report.bytes == path.stat().st_size > 0
    assert report.seconds >= 0
    assert report.to_json()["path"] == str(path)
    done = [step[0] / step[1] for step in seen]
    assert done == sorted(done) and seen[-1][0] == seen[-1][1]  # forward only, to the end


def test_formats_of_other_modules_are_called_or_refused_until_they_exist(
    coded: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    fake = type(sys)("fake_format")
    fake.write_fake = lambda export_set, path, options: (calls.append(export_set.title), path.write_text("x"))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_format", fake)
    monkeypatch.setitem(part._OTHER_WRITERS, "qdpx", ("fake_format", "write_fake"))
    report = coded.exports.export(ExportScope(), ExportOptions(format="qdpx"), tmp_path / "project.qdpx")
    assert calls == ["Whole library"] and report.bytes == 1
    monkeypatch.setitem(part._OTHER_WRITERS, "qdpx", ("app.exports.not_written_yet", "write_qdpx"))
    with pytest.raises(InvalidExport, match="not available"):
        coded.exports.export(ExportScope(), ExportOptions(format="qdpx"), tmp_path / "later.qdpx")


def test_a_destination_that_cannot_be_written_is_refused_in_words(coded: Library, tmp_path: Path) -> None:
    options = ExportOptions(format="markdown")
    with pytest.raises(InvalidExport, match="is a folder"):
        coded.exports.export(ExportScope(), options, tmp_path)
    a_file = tmp_path / "file.txt"
    a_file.write_text("not a folder")
    with pytest.raises(InvalidExport, match="is not a folder"):
        coded.exports.export(ExportScope(), options, a_file / "digest.md")
    with pytest.raises(InvalidExport, match="unknown citation style"):
        coded.exports.export(ExportScope(), ExportOptions(style="harvard"), tmp_path / "x.md")
    made = coded.exports.export(ExportScope(), options, tmp_path / "new" / "folder" / "digest.md")
    assert made.path.exists()  # missing folders are made


def test_a_read_only_file_or_folder_is_refused(coded: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "old.md").write_text("kept")
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) not in (locked, locked / "old.md"))  # as for a user
    with pytest.raises(InvalidExport, match="no permission to write in .*locked"):
        coded.exports.export(ExportScope(), ExportOptions(), locked / "digest.md")
    with pytest.raises(InvalidExport, match="the file is read-only"):
        coded.exports.export(ExportScope(), ExportOptions(), locked / "old.md")


def test_a_failed_write_is_reported_and_leaves_the_old_file(
    coded: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out" / "digest.md"
    path.parent.mkdir()
    path.write_text("the previous digest", encoding="utf-8")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(part, "write_markdown", lambda export_set, target, options, progress: _half(target, disk_full))
    with pytest.raises(InvalidExport, match="cannot write .*No space left on device"):
        coded.exports.export(ExportScope(), ExportOptions(), path)
    assert path.read_text(encoding="utf-8") == "the previous digest"
    assert [entry.name for entry in path.parent.iterdir()] == ["digest.md"]


def _half(target: Path, fail: object) -> int:
    from app.exports.atomic import atomic_file

    with atomic_file(target, "w", encoding="utf-8") as file:
        file.write("half a digest")
        fail()  # type: ignore[operator]
    return 0


def test_exports_change_nothing_in_the_library(coded: Library, tmp_path: Path) -> None:
    before = (coded.documents.summaries(), coded.annotations.for_document(1), coded.tags.counts())
    for format_name in ("markdown", "csv", "xlsx"):
        coded.exports.export(ExportScope(), ExportOptions(format=format_name), tmp_path / f"all.{format_name}")
    assert (coded.documents.summaries(), coded.annotations.for_document(1), coded.tags.counts()) == before
    assert coded.store.pending_index_count() == 0  # nothing queued for the index: nothing was written


def test_an_isolated_export_writes_the_same_file_from_a_child_process(coded: Library, tmp_path: Path) -> None:
    """What the window runs for big scopes: the same bytes, the same report, progress, and errors in words."""
    here, there = tmp_path / "here.md", tmp_path / "there.md"
    options = ExportOptions(format="markdown", style="apa")
    in_process = coded.exports.export(ExportScope(), options, here)
    seen: list[tuple[int, int]] = []
    isolated = coded.exports.export(ExportScope(), options, there, lambda *step: seen.append(step), isolated=True)
    assert there.read_bytes() == here.read_bytes()
    assert (isolated.articles, isolated.highlights) == (in_process.articles, in_process.highlights) == (2, 2)
    assert seen and seen[-1][0] == seen[-1][1]
    with pytest.raises(LecternError, match="no tag"):
        coded.exports.export(ExportScope(tag="nowhere"), options, tmp_path / "none.md", isolated=True)
    assert not (tmp_path / "none.md").exists()
