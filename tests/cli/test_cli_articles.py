"""An article's language and details in the terminal: ``show --json``, ``list --json`` and ``article edit``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from file_writing import WriteFile
from test_cli import cli, show

from annotations.language import LANGUAGE_NAMES
from annotations.paths import DATABASE_NAME

PERSIAN = """---
title: همکاری پدافند هوایی
date: 2024-09-21
---
وزارت دفاع اعلام کرد که سامانه پدافند هوایی چند موشک را بر فراز شهر رهگیری کرده است.
کارشناسان می‌گویند همکاری منطقه‌ای در زمینه پدافند هوایی گسترش خواهد یافت.
"""
SHOWN_FIELDS = {"id", "title", "author", "date", "source", "site", "language", "copy_of", "copy_similarity"}


def imported(data: Path, write_file: WriteFile, name: str, text: str) -> int:
    run = cli("import", "--json", write_file(name, text), data_dir=data)
    assert run.returncode == 0, run.stderr
    return int(run.json()[0]["id"])


def test_show_and_list_give_the_detected_language_and_the_copy_fields(
    data: Path, article_id: int, write_file: WriteFile
) -> None:
    persian = imported(data, write_file, "persian.md", PERSIAN)
    with sqlite3.connect(data / DATABASE_NAME) as connection:  # marked a copy, as the import's detector would
        connection.execute("UPDATE documents SET copy_of = ?, copy_similarity = 0.91 WHERE id = ?", (article_id, persian))

    english, copy = show(data, article_id), show(data, persian)
    assert set(english) == SHOWN_FIELDS | {"text", "annotations"}
    assert (english["language"], english["copy_of"], english["copy_similarity"]) == ("en", None, None)
    assert (copy["language"], copy["copy_of"], copy["copy_similarity"]) == ("fa", article_id, 0.91)
    rows = cli("list", "--json", data_dir=data).json()
    assert {row["id"]: row["language"] for row in rows} == {article_id: "en", persian: "fa"}


def test_article_edit_changes_the_language_and_details_and_search_follows(data: Path, article_id: int) -> None:
    run = cli("article", "edit", str(article_id), "--language", "Persian", "--site", "Example Review",
              "--title", "Radars, revised", "--json", data_dir=data)  # fmt: skip
    assert run.returncode == 0, run.stderr
    edited = run.json()
    assert set(edited) == SHOWN_FIELDS | {"annotations"}  # show --json without the text
    assert (edited["language"], edited["site"], edited["title"], edited["author"]) == (
        "fa", "Example Review", "Radars, revised", "Jane Doe"
    )  # fmt: skip
    assert show(data, article_id)["language"] == "fa"
    found = cli("search", "revised", "--json", data_dir=data).json()
    assert [hit["document_id"] for hit in found["hits"]] == [article_id]

    run = cli("article", "edit", str(article_id), "--language", "pt-BR", "--published", "2025-03", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == f"edited #{article_id}: Radars, revised"
    assert "  language: Portuguese (pt)" in run.stdout.splitlines()
    assert "  date:     2025-03" in run.stdout.splitlines()
    run = cli("article", "edit", str(article_id), "--language", "tlh", "--json", data_dir=data)  # an ISO 639-2 code
    assert (run.returncode, run.json()["language"]) == (0, "tlh")


def test_article_edit_refuses_what_it_cannot_store_in_one_line(data: Path, article_id: int) -> None:
    run = cli("article", "edit", str(article_id), "--language", "Farsi language", data_dir=data)
    assert (run.returncode, run.stdout) == (2, "")
    [line] = run.stderr.splitlines()
    assert line.startswith("lectern: “Farsi language” is not a language code")
    assert all(code in line for code in LANGUAGE_NAMES)

    for arguments, status, message in (
        ((), 2, "lectern: nothing to change (give --title"),
        (("--published", "last Tuesday"), 2, "lectern: write the date as a year"),
        (("--source", "javascript:alert(1)"), 1, "lectern: the source must be a web address"),
    ):
        run = cli("article", "edit", str(article_id), *arguments, data_dir=data)
        assert (run.returncode, run.stdout) == (status, ""), arguments
        [line] = run.stderr.splitlines()
        assert line.startswith(message), line
    run = cli("article", "edit", "99", "--language", "fa", data_dir=data)
    assert (run.returncode, run.stderr.strip()) == (1, "lectern: no document #99")
    unchanged = show(data, article_id)
    assert (unchanged["language"], unchanged["title"]) == ("en", "Interceptors and Radars")
