"""Fixtures shared by every test folder: a temporary data folder, a library in it, and files to import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from file_writing import WriteFile

from app import Library

pytest_plugins = ["engines", "team_members"]  # open_store, pg_cluster: both store engines; team: two members


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder that does not exist yet, as on a first start."""
    return tmp_path / "data"


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    """A library whose index is updated only by ``library.index.flush()`` (as the CLI runs it)."""
    opened = Library(data_dir, background=False)
    yield opened
    opened.close()


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """``write_file(name, content)`` writes text (UTF-8) or bytes into ``tmp_path/incoming`` and returns the path."""
    folder = tmp_path / "incoming"

    def write(name: str, content: str | bytes) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
