"""The automatic-backup settings are the library's own: stored in it, obeyed by every automatic backup
(the window's daily one and the one on quit, made after the library is closed) and by thinning."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from annotations.backup_archive import BEFORE_MIGRATION, automatic_name, backups_folder
from annotations.paths import database_path
from annotations.store_settings import BackupPolicy, read_backup_policy
from app import Library
from app.backups import DAILY_INTERVAL, automatic_backup, list_backups

WriteFile = Callable[[str, str | bytes], Path]
ARTICLE = "# Baltic notes\n\nThe ministry discussed air defense support with its neighbours.\n"


def _day(day: int) -> datetime:
    return datetime(2026, 3, 1, 12, 0, tzinfo=UTC) + timedelta(days=day)


def _library(data_dir: Path, write_file: WriteFile) -> Library:
    library = Library(data_dir, background=False)
    library.documents.import_file(write_file("notes.md", ARTICLE))
    return library


def test_the_settings_are_kept_in_the_library_and_read_with_it_closed(data_dir: Path, write_file: WriteFile) -> None:
    library = _library(data_dir, write_file)
    assert library.backups.policy() == BackupPolicy(automatic=True, daily=7, weekly=4, monthly=12)
    changes = library.backups.set_policy(BackupPolicy(automatic=False, daily=3, weekly=0, monthly=6))
    assert not changes  # nothing the views show
    library.close()
    assert read_backup_policy(database_path(data_dir)) == BackupPolicy(False, 3, 0, 6)
    reopened = Library(data_dir, background=False)
    assert reopened.backups.policy() == BackupPolicy(False, 3, 0, 6)
    reopened.backups.set_policy(BackupPolicy(True, daily=0, weekly=-2, monthly=5))
    assert reopened.backups.policy() == BackupPolicy(True, 1, 0, 5)  # at least one daily backup is kept
    reopened.close()


def test_unreadable_settings_never_stop_a_backup(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.sqlite3"
    assert read_backup_policy(missing) == BackupPolicy()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 100)
    assert read_backup_policy(garbage) == BackupPolicy()


def test_automatic_backups_off_means_no_daily_or_quit_backup(data_dir: Path, write_file: WriteFile) -> None:
    library = _library(data_dir, write_file)
    library.backups.set_policy(BackupPolicy(automatic=False))
    library.close()
    assert automatic_backup(data_dir, "quit", now=_day(0)) is None
    assert automatic_backup(data_dir, "daily", now=_day(1), interval=DAILY_INTERVAL) is None
    assert list_backups(data_dir) == []
    assert automatic_backup(data_dir, "quit", now=_day(2), force=True) is not None  # asked for: made all the same

    reopened = Library(data_dir, background=False)
    reopened.backups.set_policy(BackupPolicy(automatic=True))
    reopened.annotations.add_quote(1, "ministry")
    reopened.close()
    assert automatic_backup(data_dir, "quit", now=_day(3)) is not None


def test_thinning_keeps_the_counts_the_library_asks_for(data_dir: Path, write_file: WriteFile) -> None:
    library = _library(data_dir, write_file)
    library.backups.set_policy(BackupPolicy(automatic=True, daily=3, weekly=0, monthly=0))
    library.close()
    first = automatic_backup(data_dir, "quit", now=_day(0))
    assert first is not None
    folder = backups_folder(data_dir)
    for day in range(1, 20):
        shutil.copyfile(first, folder / automatic_name(_day(day), "quit"))
    migration = folder / automatic_name(_day(-5), BEFORE_MIGRATION)
    shutil.copyfile(first, migration)

    reopened = Library(data_dir, background=False)
    reopened.annotations.add_quote(1, "ministry")
    reopened.close()
    assert automatic_backup(data_dir, "quit", now=_day(20)) is not None
    kept = [entry.created for entry in list_backups(data_dir) if entry.reason == "quit"]
    assert kept == [_day(20), _day(19), _day(18)]
    assert migration.exists()  # before-migration backups are kept apart
