"""The application's use cases run on both store engines: every test here that takes ``library`` runs on
a SQLite library and again on a team library (a fresh database on the throwaway PostgreSQL server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import Library


@pytest.fixture
def library(data_dir: Path, engine: str, request: pytest.FixtureRequest) -> Iterator[Library]:
    """A library whose index is updated only by ``library.index.flush()`` (as the CLI runs it), on ``engine``."""
    team = request.getfixturevalue("pg_url") if engine == "postgresql" else None
    opened = Library(data_dir, background=False, team=team)
    yield opened
    opened.close()
