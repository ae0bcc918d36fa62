"""``list`` and syndicated copies: ``--json`` rows carry ``copy_of`` and ``copy_similarity``, the text names a
copy's story, ``--hide-copies`` leaves copies out, and a library from before copies is marked by ``list``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from copy_texts import markdown, original, quoting, syndicated
from file_writing import WriteFile
from test_cli import cli


def import_story(data: Path, write_file: WriteFile) -> dict[str, int]:
    """The wire story (published first, listed second), a syndicated copy and an article quoting it."""
    files = [
        write_file("copy.md", markdown("Cranes out of action", "2024-09-21", syndicated())),
        write_file("wire.md", markdown("Storm damage closes harbour cranes", "2024-09-20", original())),
        write_file("quoting.md", markdown("Night trains return", "2024-09-22", quoting())),
    ]
    run = cli("import", "--json", *files, data_dir=data)
    assert run.returncode == 0, run.stderr
    return {Path(row["path"]).stem: row["id"] for row in run.json()}


def test_list_shows_copies_and_hides_them(data: Path, write_file: WriteFile) -> None:
    ids = import_story(data, write_file)
    run = cli("list", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    rows = {row["id"]: row for row in run.json()}
    copy = rows[ids["copy"]]
    assert copy["copy_of"] == ids["wire"]  # the earliest article of the story, whatever the order of import
    assert 0.7 <= copy["copy_similarity"] < 1
    for name in ("wire", "quoting"):
        assert rows[ids[name]]["copy_of"] is None and rows[ids[name]]["copy_similarity"] is None

    text = cli("list", data_dir=data).stdout
    [copy_line] = [line for line in text.splitlines() if line.startswith(f"#{ids['copy']} ")]
    assert copy_line.endswith(f"(copy of #{ids['wire']}, {round(100 * copy['copy_similarity'])} %)")
    assert "copy of" not in text.replace(copy_line, "")

    hidden = cli("list", "--hide-copies", "--json", data_dir=data)
    assert hidden.returncode == 0, hidden.stderr
    assert sorted(row["id"] for row in hidden.json()) == sorted([ids["wire"], ids["quoting"]])
    text = cli("list", "--hide-copies", data_dir=data).stdout
    assert f"#{ids['copy']} " not in text and f"#{ids['wire']} " in text


def test_list_marks_the_copies_of_a_library_from_before_copies(data: Path, write_file: WriteFile) -> None:
    ids = import_story(data, write_file)
    connection = sqlite3.connect(data / "lectern.sqlite3")
    with connection:  # as schema 6 leaves an older library: no fingerprints, no marks
        connection.execute("DELETE FROM fingerprint_bands")
        connection.execute("DELETE FROM document_fingerprints")
        connection.execute("UPDATE documents SET copy_of = NULL, copy_similarity = NULL")
    connection.close()
    run = cli("list", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert {row["id"]: row["copy_of"] for row in run.json()} == {ids["copy"]: ids["wire"], ids["wire"]: None,
                                                                 ids["quoting"]: None}  # fmt: skip
    connection = sqlite3.connect(data / "lectern.sqlite3")
    assert connection.execute("SELECT count(*) FROM document_fingerprints").fetchone()[0] == 3
    connection.close()
