"""``lectern import-annotations FILE [--json]`` run as a user runs it: exit 0 when the file was read (even
with orphans or annotations it could not match), 1 when it could not be read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from test_cli import ARTICLE, cli

from app import Library
from app.exports.jsonld import write_jsonld
from app.exports.options import ExportOptions
from app.exports.scope import ExportScope, collect

WriteFile = Callable[[str, str | bytes], Path]


def exported(tmp_path: Path, article: Path) -> Path:
    """A JSON-LD export of two highlights on ARTICLE, made in a library of its own."""
    library = Library(tmp_path / "elsewhere", background=False)
    try:
        document = library.documents.import_file(article).value.document
        assert document is not None
        library.annotations.add_quote(document.id, "Radar exports", tags=["air/radar"], note="Seen **twice**.")
        library.annotations.add_quote(document.id, "Training is quiet", color="green", style="underline")
        path = tmp_path / "annotations.jsonld"
        write_jsonld(collect(library.store, library.index, ExportScope()), path, ExportOptions(format="jsonld"))
        return path
    finally:
        library.close()


def test_import_annotations_prints_the_summary_and_json(tmp_path: Path, write_file: WriteFile) -> None:
    article = write_file("article.md", ARTICLE)
    path = exported(tmp_path, article)
    data = tmp_path / "cli-data"
    assert cli("import", article, data_dir=data).returncode == 0

    run = cli("import-annotations", path, data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Imported 2 of 2 annotations from annotations.jsonld: 2 in place.")
    shown = cli("show", "1", "--json", data_dir=data).json()
    assert [(a["exact"], a["tags"], a["note"], a["color"], a["style"]) for a in shown["annotations"]] == [
        ("Radar exports", ["air/radar"], "Seen **twice**.", "yellow", "highlight"),
        ("Training is quiet", [], "", "green", "underline"),
    ]
    assert cli("search", "tag:air/radar", "--json", data_dir=data).json()["total"] == 1  # indexed before exit

    again = cli("import-annotations", path, "--json", data_dir=data)
    assert again.returncode == 0
    report = again.json()
    assert (report["created"], report["skipped"], report["format"]) == (0, 2, "jsonld")


def test_unmatched_annotations_are_listed_and_still_exit_0(tmp_path: Path, write_file: WriteFile) -> None:
    path = exported(tmp_path, write_file("article.md", ARTICLE))
    run = cli("import-annotations", path, data_dir=tmp_path / "empty-library")
    assert run.returncode == 0, run.stderr
    assert "2 could not be matched to an article" in run.stdout
    assert run.stdout.count("unmatched annotation ") == 2


def test_an_unreadable_file_exits_1_with_a_message(tmp_path: Path, write_file: WriteFile) -> None:
    data = tmp_path / "cli-data"
    bad = write_file("notes.json", "{not json")
    run = cli("import-annotations", bad, data_dir=data)
    assert run.returncode == 1
    assert run.stderr.startswith("lectern: notes.json: not JSON") and run.stdout == ""
    as_json = cli("import-annotations", bad, "--json", data_dir=data)
    assert as_json.returncode == 1 and "not JSON" in as_json.json()["error"]
    missing = cli("import-annotations", tmp_path / "nowhere.json", data_dir=data)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    assert json.loads(cli("list", "--json", data_dir=data).stdout) == []
