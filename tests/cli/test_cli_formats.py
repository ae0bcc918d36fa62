"""PDF, Word and saved web pages import from the command line and are searchable at once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from format_samples import DOCX_TITLE, HTML_TITLE, PDF_TITLE, write_all

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(data_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_each_format_imports_and_every_mention_is_found(tmp_path: Path) -> None:
    write_all(tmp_path / "incoming")
    data_dir = tmp_path / "data"

    imported = run(data_dir, "import", tmp_path / "incoming", "--json")
    assert imported.returncode == 0, imported.stderr
    titles = {item["title"] for item in json.loads(imported.stdout)}
    assert titles == {PDF_TITLE, DOCX_TITLE, HTML_TITLE}

    listed = {row["title"]: row for row in json.loads(run(data_dir, "list", "--json").stdout)}
    assert listed[PDF_TITLE]["author"] == "Ilse Berg"
    assert listed[DOCX_TITLE]["author"] == "Omar Haddad"
    assert listed[HTML_TITLE]["author"] == "Mia Wong"

    hits = json.loads(run(data_dir, "search", '"air defense support"', "--json").stdout)["hits"]
    assert {hit["title"] for hit in hits} == {PDF_TITLE, DOCX_TITLE, HTML_TITLE}
    for hit in hits:
        shown = json.loads(run(data_dir, "show", str(hit["document_id"]), "--json").stdout)
        assert shown["text"][hit["start"] : hit["end"]].lower() == "air defense support"
        assert "cookies" not in shown["text"]
