"""Where Lectern keeps its data: one folder holding the database and the derived search index."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Lectern"
DATA_DIR_ENV = "LECTERN_DATA_DIR"
DATABASE_NAME = "lectern.sqlite3"
INDEX_DIR_NAME = "index"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder: ``--data-dir`` first, then ``$LECTERN_DATA_DIR``, then the platform default."""
    if explicit:
        chosen = Path(explicit)
    elif os.environ.get(DATA_DIR_ENV):
        chosen = Path(os.environ[DATA_DIR_ENV])
    else:
        chosen = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    chosen = chosen.expanduser().resolve()
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME


def index_path(data_dir: Path) -> Path:
    return data_dir / INDEX_DIR_NAME


TEAM_DIR_NAME = "team"


def team_cache_dir(data_dir: Path, url: str) -> Path:
    """This desktop's folder for a team library (its index and local cache), named by server, port,
    database and user (never the password), so several team libraries and the own one share a data folder."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = "-".join(
        piece
        for piece in (parts.username or "", parts.hostname or "local", str(parts.port or 5432), parts.path.strip("/"))
        if piece
    )
    safe = "".join(character if character.isalnum() or character in "-._" else "_" for character in name)
    return data_dir / TEAM_DIR_NAME / safe
