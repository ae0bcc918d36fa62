"""The command line, run as a user runs it: ``python main.py --data-dir DIR COMMAND ...`` in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

WriteFile = Callable[[str, str | bytes], Path]

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "resources" / "samples"

ARTICLE = """\
---
title: Interceptors and Radars
author: Jane Doe
date: 2025-03-04
source: https://example.org/interceptors
---

Radar exports are visible. Interceptor stocks are finite, and air defense support is scarce.

Training is quiet. Radar maintenance creates dependency, and air-defense support lasts.
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """The one JSON document on stdout (json.loads refuses anything after it)."""
        assert self.stdout.endswith("\n")
        return json.loads(self.stdout)


def cli(*args: str | Path, data_dir: Path | None = None, env_data_dir: Path | None = None) -> Run:
    env = {key: value for key, value in os.environ.items() if key != "LECTERN_DATA_DIR"}
    env["PYTHONIOENCODING"] = "utf-8"
    if env_data_dir is not None:
        env["LECTERN_DATA_DIR"] = str(env_data_dir)
    command = [sys.executable, str(REPO_ROOT / "main.py")]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    completed = subprocess.run(
        command + [str(arg) for arg in args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "Traceback" not in completed.stderr, completed.stderr
    return Run(completed.returncode, completed.stdout, completed.stderr)


def show(data: Path, document_id: int) -> dict[str, Any]:
    run = cli("show", str(document_id), "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    shown = run.json()
    assert isinstance(shown, dict)
    return shown


# -- import ------------------------------------------------------------------------------------------
def test_import_files_and_folders_lists_each_imported_document(data: Path, write_file: WriteFile) -> None:
    single = write_file("article.md", ARTICLE)
    write_file("folder/notes.txt", "Field Notes\n\nOne paragraph.\n\nAnother one.")
    write_file(
        "folder/deeper/page.html", "<html><head><title>Saved Page</title></head><body><p>Body.</p></body></html>"
    )
    write_file("folder/picture.png", b"\x89PNG\r\n")  # not a supported type: skipped inside folders
    run = cli("import", "--json", single, single.parent / "folder", data_dir=data)
    assert run.returncode == 0, run.stderr
    imported = run.json()
    assert isinstance(imported, list)
    assert [set(entry) for entry in imported] == [{"path", "id", "title", "chars"}] * 3
    assert [entry["path"] for entry in imported] == [
        str(single),
        str(single.parent / "folder" / "deeper" / "page.html"),
        str(single.parent / "folder" / "notes.txt"),
    ]
    assert [entry["title"] for entry in imported] == ["Interceptors and Radars", "Saved Page", "Field Notes"]
    assert len({entry["id"] for entry in imported}) == 3
    for entry in imported:
        assert entry["chars"] == len(show(data, entry["id"])["text"])


def test_front_matter_read_leniently_is_imported_with_a_warning(data: Path, write_file: WriteFile) -> None:
    path = write_file("memo.md", '---\ntitle: "Unclosed memo\nauthor: [A, B\n---\n\nThe body.\n')
    run = cli("import", "--json", path, data_dir=data)
    assert run.returncode == 0, run.stderr  # imported: a warning is not a failure
    [entry] = run.json()
    assert entry["title"] == "Unclosed memo"
    [warning] = entry["warnings"]
    assert warning.startswith("memo.md: the front matter is not valid YAML") and "read line by line" in warning

    again = cli("import", write_file("other/memo2.md", '---\ntitle: "Another\n---\n\nMore.\n'), data_dir=data)
    assert again.returncode == 0
    assert again.stdout.startswith("imported #2 Another")
    assert "warning memo2.md: the front matter is not valid YAML" in again.stderr


def test_a_failed_file_is_reported_while_the_others_import(data: Path, write_file: WriteFile, tmp_path: Path) -> None:
    good = write_file("good.md", ARTICLE)
    binary = write_file("binary.txt", b"\x00\x01\x02binary\x00")
    missing = tmp_path / "missing.md"
    run = cli("import", "--json", binary, good, missing, data_dir=data)
    assert run.returncode == 1
    entries = run.json()
    assert isinstance(entries, list)
    imported = [entry for entry in entries if "id" in entry]
    failed = {entry["path"]: entry["error"] for entry in entries if "error" in entry}
    assert [entry["title"] for entry in imported] == ["Interceptors and Radars"]
    assert all(set(entry) == {"path", "error"} for entry in entries if "error" in entry)
    assert set(failed) == {str(binary), str(missing)}
    assert "binary.txt" in failed[str(binary)] and "binary" in failed[str(binary)]
    assert "missing.md" in failed[str(missing)]
    listed = cli("list", "--json", data_dir=data).json()
    assert [row["title"] for row in listed] == ["Interceptors and Radars"]


def test_a_failed_file_is_named_on_stderr_without_json(data: Path, write_file: WriteFile) -> None:
    run = cli("import", write_file("empty.md", b""), write_file("ok.md", ARTICLE), data_dir=data)
    assert run.returncode == 1
    assert "imported #1 Interceptors and Radars" in run.stdout
    assert "empty.md" in run.stderr and "empty" in run.stderr


def test_a_duplicate_is_reported_and_not_imported_twice(data: Path, article_id: int, write_file: WriteFile) -> None:
    copy = write_file("copy-with-another-name.md", ARTICLE)
    run = cli("import", "--json", copy, data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.json() == [{"path": str(copy), "duplicate_of": article_id, "title": "Interceptors and Radars"}]
    listed = cli("list", "--json", data_dir=data).json()
    assert [row["id"] for row in listed] == [article_id]


# -- list and show -----------------------------------------------------------------------------------
def test_list_json_fields(data: Path, article_id: int) -> None:
    assert cli("annotate", str(article_id), "--quote", "Radar", "--all", data_dir=data).returncode == 0
    run = cli("list", "--json", data_dir=data)
    assert run.returncode == 0
    assert run.json() == [
        {
            "id": article_id,
            "title": "Interceptors and Radars",
            "author": "Jane Doe",
            "date": "2025-03-04",
            "source": "https://example.org/interceptors",
            "highlights": 2,
            "language": "en",
            "copy_of": None,
            "copy_similarity": None,
        }
    ]


def test_list_of_an_empty_library_is_an_empty_json_list(data: Path) -> None:
    run = cli("list", "--json", data_dir=data)
    assert (run.returncode, run.json()) == (0, [])


def test_show_json_has_the_text_and_annotations(data: Path, article_id: int) -> None:
    cli("annotate", str(article_id), "--quote", "Training is quiet.", "--tag", "Training", data_dir=data)
    shown = show(data, article_id)
    text = shown["text"]
    assert text.startswith("Radar exports are visible.") and "title:" not in text
    assert (shown["id"], shown["title"], shown["author"], shown["date"]) == (
        article_id,
        "Interceptors and Radars",
        "Jane Doe",
        "2025-03-04",
    )
    [annotation] = shown["annotations"]
    fields = {"id", "document_id", "start", "end", "exact", "tags", "note", "color", "style", "orphaned"}
    assert set(annotation) == fields
    assert text[annotation["start"] : annotation["end"]] == annotation["exact"] == "Training is quiet."
    assert annotation["tags"] == ["training"]


def test_show_of_an_unknown_document_fails_with_a_message(data: Path) -> None:
    run = cli("show", "99", "--json", data_dir=data)
    assert (run.returncode, run.stdout) == (1, "")
    assert "#99" in run.stderr


# -- annotate ----------------------------------------------------------------------------------------
def test_annotate_quote_highlights_the_first_occurrence(data: Path, article_id: int) -> None:
    run = cli("annotate", str(article_id), "--quote", "Radar", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    [created] = run.json()
    text = show(data, article_id)["text"]
    assert (created["start"], created["end"]) == (text.index("Radar"), text.index("Radar") + 5)
    assert created["exact"] == "Radar"
    assert (created["color"], created["tags"], created["note"]) == ("yellow", [], "")


def test_annotate_all_tags_note_and_colour(data: Path, article_id: int) -> None:
    run = cli(
        "annotate", str(article_id), "--quote", "Radar", "--all", "--tag", "Air Defense", "--tag", "region/Iran",
        "--tag", "air-defense", "--note", "Radars **everywhere**", "--color", "green", "--json", data_dir=data,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    created = run.json()
    assert isinstance(created, list)
    text = show(data, article_id)["text"]
    assert [(entry["start"], entry["end"]) for entry in created] == [
        (match.start(), match.end()) for match in re.finditer("Radar", text)
    ]
    assert len(created) == 2
    for entry in created:
        assert entry["tags"] == ["air-defense", "region/iran"]
        assert (entry["note"], entry["color"], entry["exact"]) == ("Radars **everywhere**", "green", "Radar")
    stored = show(data, article_id)["annotations"]
    assert [(entry["id"], entry["tags"]) for entry in stored] == [(entry["id"], entry["tags"]) for entry in created]


def test_annotate_text_output_names_each_highlight(data: Path, article_id: int) -> None:
    run = cli("annotate", str(article_id), "--quote", "Training", data_dir=data)
    assert run.returncode == 0
    assert re.fullmatch(r"highlighted #\d+ at \d+–\d+: Training\n", run.stdout)


def test_annotate_with_a_quote_not_in_the_text_fails_cleanly(data: Path, article_id: int) -> None:
    run = cli("annotate", str(article_id), "--quote", "radar exports", "--json", data_dir=data)  # case-sensitive
    assert run.returncode == 1
    assert run.stdout == ""
    assert "radar exports" in run.stderr and "does not occur" in run.stderr
    assert show(data, article_id)["annotations"] == []


def test_annotate_with_an_unknown_colour_is_a_usage_error(data: Path, article_id: int) -> None:
    run = cli("annotate", str(article_id), "--quote", "Radar", "--color", "purple", data_dir=data)
    assert run.returncode == 2
    assert "purple" in run.stderr
    assert show(data, article_id)["annotations"] == []


# -- search ------------------------------------------------------------------------------------------
def test_search_json_shape_and_offsets(data: Path, article_id: int) -> None:
    annotated = cli(
        "annotate", str(article_id), "--quote", "air defense support is scarce", "--tag", "supply", "--json",
        data_dir=data,
    )  # fmt: skip
    [annotation] = annotated.json()
    run = cli("search", '"air defense support"', "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    result = run.json()
    assert isinstance(result, dict)
    assert set(result) == {"query", "total", "hits", "articles", "stories"}
    assert (result["articles"], result["stories"]) == (1, 1)  # one article; it is no copy
    assert result["query"] == '"air defense support"'
    hits = result["hits"]
    assert result["total"] == len(hits) == 3  # two mentions in the article, one highlight

    text = show(data, article_id)["text"]
    articles = [hit for hit in hits if hit["kind"] == "article"]
    annotations = [hit for hit in hits if hit["kind"] == "annotation"]
    assert [text[hit["start"] : hit["end"]] for hit in articles] == ["air defense support", "air-defense support"]
    for hit in articles:
        assert set(hit) == {"kind", "document_id", "title", "start", "end", "snippet", "tags"}
        assert (hit["document_id"], hit["title"], hit["tags"]) == (article_id, "Interceptors and Radars", [])
        assert "<mark>" in hit["snippet"]
    [highlight] = annotations
    assert {"kind", "document_id", "title", "start", "end", "snippet", "tags", "annotation_id"} <= set(highlight)
    assert highlight["annotation_id"] == annotation["id"]
    assert (highlight["start"], highlight["end"], highlight["tags"]) == (
        annotation["start"],
        annotation["end"],
        ["supply"],
    )
    assert text[highlight["start"] : highlight["end"]] == "air defense support is scarce"


def test_search_finds_tags_and_samples(data: Path) -> None:
    cli("import", SAMPLES, data_dir=data)
    listed = cli("list", "--json", data_dir=data).json()
    assert isinstance(listed, list) and len(listed) == 3
    first = listed[0]["id"]
    annotated = cli(
        "annotate", str(first), "--quote", "air defense support", "--all", "--tag", "air-defense", "--json",
        data_dir=data,
    ).json()  # fmt: skip
    assert len(annotated) > 1
    result = cli("search", "tag:air-defense", "--json", "--limit", "100", data_dir=data).json()
    assert result["total"] == len(annotated)
    assert sorted(hit["annotation_id"] for hit in result["hits"]) == sorted(entry["id"] for entry in annotated)
    assert {(hit["kind"], hit["document_id"], hit["title"]) for hit in result["hits"]} == {
        ("annotation", first, listed[0]["title"])
    }
    limited = cli("search", "the", "--json", "--limit", "3", data_dir=data).json()
    assert len(limited["hits"]) == 3 and limited["total"] > 3


@pytest.mark.parametrize("query", ['"unclosed phrase', "(air OR defense", ""])
def test_malformed_query_exits_2_with_one_line_on_stderr(data: Path, article_id: int, query: str) -> None:
    for extra in ([], ["--json"]):
        run = cli("search", query, *extra, data_dir=data)
        assert run.returncode == 2
        assert run.stdout == ""
        assert run.stderr.startswith("lectern: ")
        assert run.stderr.count("\n") == 1 and run.stderr.endswith("\n")


# -- data folder -------------------------------------------------------------------------------------
def test_lectern_data_dir_is_honoured_without_data_dir(tmp_path: Path, write_file: WriteFile) -> None:
    from_env = tmp_path / "from-env"
    run = cli("import", "--json", write_file("article.md", ARTICLE), env_data_dir=from_env)
    assert run.returncode == 0, run.stderr
    assert (from_env / "lectern.sqlite3").is_file()
    listed = cli("list", "--json", env_data_dir=from_env).json()
    assert [row["title"] for row in listed] == ["Interceptors and Radars"]
    elsewhere = cli("list", "--json", data_dir=tmp_path / "explicit", env_data_dir=from_env).json()
    assert elsewhere == []  # --data-dir wins over the environment


def test_a_library_this_lectern_cannot_open_is_refused_in_words(tmp_path: Path) -> None:
    """A database from a newer Lectern is left as it is; a file that is not a database is kept aside: a sentence, exit 1."""
    import sqlite3
    from contextlib import closing

    from annotations.paths import database_path

    newer = tmp_path / "newer"
    assert cli("list", data_dir=newer).returncode == 0  # creates the library
    with closing(sqlite3.connect(database_path(newer))) as connection:
        connection.execute("PRAGMA user_version = 999")
        connection.commit()
    run = cli("list", "--json", data_dir=newer)
    assert run.returncode == 1 and run.stdout == ""
    assert "cannot open the library" in run.stderr and "newer Lectern" in run.stderr
    assert "Traceback" not in run.stderr

    garbage = tmp_path / "garbage"
    garbage.mkdir()
    database_path(garbage).write_bytes(b"this is not an SQLite file at all" * 100)
    run = cli("list", data_dir=garbage)
    assert run.returncode == 1 and "damaged" in run.stderr and "Traceback" not in run.stderr
    kept = list((garbage / "damaged").glob("*.sqlite3"))  # kept aside, byte for byte, and named to the user
    assert [path.read_bytes() for path in kept] == [b"this is not an SQLite file at all" * 100]
    assert str(kept[0]) in run.stderr
