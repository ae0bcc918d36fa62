"""Opening a library's database with the start-up checks (``annotations.integrity``) in front of it.

A damaged database, or a file that is not one, never reaches the user as a SQLite traceback: it is
kept aside and ``LibraryDamaged`` says where, and which backup to restore.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotations.integrity import LibraryDamaged, Session, confirm_damage, open_session
from annotations.paths import database_path, team_cache_dir
from annotations.store import Store

LOCAL_CACHE_NAME = "cache.sqlite3"  # a team desktop's own file: its index's state and place in the feed


def open_store(data_dir: Path) -> tuple[Session, Store]:
    """This process's session marker and the store; raises LibraryDamaged for a damaged database."""
    database = database_path(data_dir)
    session = open_session(data_dir, database)
    try:
        return session, Store(database)
    except BaseException as error:
        session.end()
        damage = damage_from(data_dir, error)
        if damage is not None:
            raise damage from error
        raise


def open_team_store(data_dir: Path, url: str, *, offline_ok: bool = True) -> tuple[Session, Store, bool]:
    """A team library: the server's store, with this desktop's local cache in its own folder of ``data_dir``;
    and whether it is offline. When the server cannot be reached and this desktop has a copy from an earlier
    sync, the copy opens read-only (``annotations.team_offline``); without one, ServerUnreachable is raised."""
    from annotations.database import SCHEMA_VERSION, SqliteDatabase
    from annotations.errors import ServerUnreachable
    from annotations.pg_open import open_team_database  # every failure said in one line
    from annotations.team_offline import ReadOnlyCopy, has_copy

    folder = team_cache_dir(data_dir, url)
    folder.mkdir(parents=True, exist_ok=True)
    cache = folder / LOCAL_CACHE_NAME
    session = open_session(folder, cache)
    try:
        try:
            return session, Store(open_team_database(url, SCHEMA_VERSION), local_cache=cache), False
        except ServerUnreachable:
            if not (offline_ok and has_copy(cache)):
                raise
            return session, Store(ReadOnlyCopy(SqliteDatabase(cache))), True
    except BaseException:
        session.end()
        raise


def damage_from(data_dir: Path, error: BaseException) -> LibraryDamaged | None:
    """For an error met while opening or reading the library: LibraryDamaged when the file is damaged
    (then already kept aside), else None (a locked or missing file is not damage)."""
    if isinstance(error, LibraryDamaged):
        return error
    if not isinstance(error, sqlite3.DatabaseError):
        return None
    return confirm_damage(data_dir, database_path(data_dir), error)
