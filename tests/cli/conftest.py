"""Fixtures most CLI tests share: an empty data folder, and one article imported through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from file_writing import WriteFile
from test_cli import ARTICLE, cli


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "cli-data"


@pytest.fixture
def article_id(data: Path, write_file: WriteFile) -> int:
    """The id of ARTICLE, imported through the CLI into an empty library."""
    run = cli("import", "--json", write_file("article.md", ARTICLE), data_dir=data)
    assert run.returncode == 0, run.stderr
    [entry] = run.json()
    return int(entry["id"])
