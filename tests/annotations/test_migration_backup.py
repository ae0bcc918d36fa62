"""A schema migration never runs without a verified backup of the library as it was."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotations.backup_archive import (
    BEFORE_MIGRATION,
    BackupFailed,
    automatic_name,
    backups_folder,
    parse_name,
    read_manifest,
)
from annotations.database import _MIGRATIONS, SCHEMA_VERSION, SqliteDatabase


def schema_4_library(path: Path) -> None:
    """A real library as Lectern schema 4 wrote it: one article, one tagged highlight, one saved search."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        for version in range(1, 5):
            connection.executescript(_MIGRATIONS[version])
        connection.execute(
            "INSERT INTO documents (uuid, title, imported_at, format, html, text, sha256)"
            " VALUES ('d-1', 'Old notes', '2025-01-01', 'md', '<p>Old text</p>', 'Old text', 'abc')"
        )
        connection.execute(
            'INSERT INTO annotations (uuid, document_id, start, "end", exact, prefix, suffix, color, created, modified)'
            " VALUES ('a-1', 1, 0, 3, 'Old', '', ' text', 'yellow', '2025-01-01', '2025-01-01')"
        )
        connection.execute("INSERT INTO tags (name) VALUES ('kept')")
        connection.execute("INSERT INTO annotation_tags VALUES (1, 1)")
        connection.execute("INSERT INTO saved_searches (name, query, created) VALUES ('Old', 'old', '2025-01-01')")
        connection.execute("PRAGMA user_version = 4")
    assert SCHEMA_VERSION > 4


def test_migrating_an_older_library_backs_it_up_first(tmp_path: Path) -> None:
    database = tmp_path / "data" / "lectern.sqlite3"
    schema_4_library(database)
    folder = backups_folder(database.parent)

    SqliteDatabase(database).close()

    made = list(folder.iterdir())
    assert len(made) == 1 and parse_name(made[0].name)[1] == BEFORE_MIGRATION  # type: ignore[index]
    manifest = read_manifest(made[0])
    assert manifest.schema_version == 4
    assert manifest.counts.to_json() == {"articles": 1, "highlights": 1, "tags": 1, "saved_searches": 1}
    with zipfile.ZipFile(made[0]) as archive:
        copy = tmp_path / "copy.sqlite3"
        copy.write_bytes(archive.read("lectern.sqlite3"))
    with sqlite3.connect(copy) as connection:  # the copy is the library before the migration
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 4
        assert connection.execute("SELECT uuid, exact FROM annotations").fetchall() == [("a-1", "Old")]
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION

    # Opening it again migrates nothing, so makes no second backup.
    SqliteDatabase(database).close()
    assert sorted(folder.iterdir()) == sorted(made)


def test_only_the_last_three_backups_before_migrations_are_kept(tmp_path: Path) -> None:
    database = tmp_path / "data" / "lectern.sqlite3"
    schema_4_library(database)
    folder = backups_folder(database.parent)
    folder.mkdir()
    template = tmp_path / "template.sqlite3"
    shutil.copyfile(database, template)
    SqliteDatabase(database).close()
    first = next(folder.iterdir())
    older = [folder / automatic_name(datetime(2024, month, 1, tzinfo=UTC), BEFORE_MIGRATION) for month in (1, 2, 3)]
    for path in older:
        shutil.copyfile(first, path)
    first.unlink()
    shutil.copyfile(template, database)  # schema 4 again: the next open migrates (and backs up) again

    SqliteDatabase(database).close()

    names = sorted(path.name for path in folder.iterdir())
    assert len(names) == 3 and older[0].name not in names and older[1].name in names


def test_no_migration_without_a_backup(tmp_path: Path) -> None:
    database = tmp_path / "data" / "lectern.sqlite3"
    schema_4_library(database)
    backups_folder(database.parent).write_text("a file where the backups folder should be", encoding="utf-8")

    with pytest.raises(BackupFailed, match="could not be written"):
        SqliteDatabase(database)

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 4
