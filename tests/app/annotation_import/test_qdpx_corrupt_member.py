"""A REFI-QDA project whose project.qde holds corrupt deflate data is refused in words, not with zlib's own
("Error -3 while decompressing data: invalid literal/lengths set"), as ``benchmarks/fuzz.py`` found it; so is
one whose zip headers name a zip version Python cannot read, and one with a member whose name is empty (a
NotImplementedError and an IndexError that escaped as tracebacks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing.zips import Member, build_zip

from app import Library
from app.annotation_import.incoming import AnnotationFileUnreadable


def test_a_corrupt_project_file_is_refused_in_words(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "project.qdpx"
    path.write_bytes(build_zip([Member("project.qde", raw=b"\xff" * 64, true_size=500, crc=0)]))
    with pytest.raises(AnnotationFileUnreadable) as refused:
        library.annotation_imports.import_file(path)
    assert str(refused.value) == "project.qdpx: project.qde is damaged (its compressed data is corrupt)"
    assert library.store.document_count() == 0


def test_a_zip_header_naming_an_unknown_version_is_refused_in_words(tmp_path: Path, library: Library) -> None:
    data = build_zip([Member("project.qde", b"<Project/>")])
    entry = data.index(b"PK\x01\x02")  # its central-directory entry asks for zip version 19.2 to extract
    path = tmp_path / "future.qdpx"
    path.write_bytes(data[: entry + 6] + (192).to_bytes(2, "little") + data[entry + 8 :])
    with pytest.raises(AnnotationFileUnreadable, match="unknown zip version"):
        library.annotation_imports.import_file(path)


def test_a_member_without_a_name_is_left_out(tmp_path: Path, library: Library) -> None:
    project = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources/></Project>'
    path = tmp_path / "nameless.qdpx"
    path.write_bytes(build_zip([Member("project.qde", project), Member("", b"x")]))
    report = library.annotation_imports.import_file(path).value  # zipfile's is_dir() raised IndexError on it
    assert (report.created, report.failed) == (0, 0)
