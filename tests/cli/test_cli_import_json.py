"""``import --json`` and ``import --replace --json``: every row names its file's ``path``, whatever became of it.

One run per mode with one file of each kind: imported, a duplicate, a newer version, a refused file and a
path that does not exist (and with --replace: replaced, new, and a duplicate of another article).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from test_cli import cli

WriteFile = Callable[[str, str | bytes], Path]


def memo(title: str, body: str, source: str) -> str:
    return f"---\ntitle: {title}\nsource: {source}\n---\n\n{body}\n"


FIRST = memo("Pipeline memo", "Pipelines carry gas. Sanctions slow the spare parts.", "https://example.org/pipeline")
FIRST_V2 = memo("Pipeline memo", "Pipelines carry gas. Sanctions stop the spare parts.", "https://example.org/pipeline")
OTHER = memo("Radar memo", "Radars watch the coast.", "https://example.org/radar")


def by_path(entries: Any) -> dict[str, dict[str, Any]]:
    assert isinstance(entries, list)
    rows = {entry["path"]: entry for entry in entries}  # a KeyError here: a row without its path
    assert len(rows) == len(entries)
    return rows


def test_every_import_row_names_its_path(tmp_path: Path, write_file: WriteFile) -> None:
    data = tmp_path / "data"
    original = write_file("pipeline.md", FIRST)
    assert cli("import", original, data_dir=data).returncode == 0
    fresh = write_file("radar.md", OTHER)
    duplicate = write_file("copy-of-pipeline.md", FIRST)
    newer = write_file("pipeline-v2.md", FIRST_V2)  # same source, other text
    refused = write_file("binary.txt", b"\x00\x01binary\x00")
    missing = tmp_path / "nowhere.md"

    run = cli("import", "--json", fresh, duplicate, newer, refused, missing, data_dir=data)
    assert run.returncode == 1  # the refused and the missing file failed; the rest went through
    rows = by_path(run.json())
    assert set(rows) == {str(path) for path in (fresh, duplicate, newer, refused, missing)}
    assert set(rows[str(fresh)]) == {"path", "id", "title", "chars"} and rows[str(fresh)]["title"] == "Radar memo"
    assert rows[str(duplicate)] == {"path": str(duplicate), "duplicate_of": 1, "title": "Pipeline memo"}
    assert rows[str(newer)] == {"path": str(newer), "newer_version_of": 1, "title": "Pipeline memo"}
    assert set(rows[str(refused)]) == set(rows[str(missing)]) == {"path", "error"}
    assert "binary.txt" in rows[str(refused)]["error"] and "no such file" in rows[str(missing)]["error"]


def test_every_import_replace_row_names_its_path(tmp_path: Path, write_file: WriteFile) -> None:
    data = tmp_path / "data"
    original = write_file("pipeline.md", FIRST)
    assert cli("import", original, data_dir=data).returncode == 0
    original.write_text(FIRST_V2, encoding="utf-8")  # a new version of the same file
    fresh = write_file("radar.md", OTHER)
    duplicate = write_file("copy.md", memo("Copy", "Pipelines carry gas. Sanctions stop the spare parts.", "x:copy"))
    refused = write_file("empty.md", b"")
    missing = tmp_path / "nowhere.md"
    # The pipeline's source again, with the radar memo's text: a new version that would copy another article.
    clash = write_file("clash.md", memo("Pipeline memo", "Radars watch the coast.", "https://example.org/pipeline"))

    paths = (original, fresh, duplicate, refused, missing, clash)
    run = cli("import", "--replace", "--json", *paths, data_dir=data)
    assert run.returncode == 1
    entries = run.json()
    assert [entry["path"] for entry in entries] == [str(path) for path in paths]
    replaced, new, copied, empty, absent, clashing = entries
    # Its text is article #2's: a duplicate, as a plain import of the same file says.
    assert clashing == {"path": str(clash), "duplicate_of": 2, "title": "Radar memo"}
    counts = {"kept": 0, "moved": 0, "fuzzy": 0, "orphaned": 0, "orphans": []}
    assert replaced == {"path": str(original), "document_id": 1, **counts}
    assert new == {"path": str(fresh), "document_id": 2, **counts, "new": True}
    assert copied == {"path": str(duplicate), "duplicate_of": 1, "title": "Pipeline memo"}
    assert set(empty) == set(absent) == {"path", "error"}
    assert "empty.md" in empty["error"] and "no such file" in absent["error"]

    again = cli("import", "--replace", "--json", original, data_dir=data)  # one file: one object
    assert again.returncode == 0, again.stderr
    assert again.json() == {"path": str(original), "document_id": 1, **counts}
