"""Backups and restore: an exact round trip, hostile files refused with nothing changed, thinning 7/4/12."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from annotations.backup_archive import (
    BEFORE_MIGRATION,
    BackupFailed,
    BackupRefused,
    automatic_name,
    backups_folder,
    read_manifest,
)
from annotations.paths import database_path, index_path
from app import Library
from app.backups import automatic_backup, list_backups, restore_library

WriteFile = Callable[[str, str | bytes], Path]
TABLES = ("documents", "annotations", "tags", "annotation_tags", "saved_searches", "saved_search_seen")
FIRST = "# Baltic notes\n\nThe ministry discussed air defense support with its neighbours.\n"
SECOND = "<html><head><title>Gulf notes</title></head><body><p>Air defense support arrived in <b>spring</b>.</p></body></html>"


def dump(data_dir: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every user table, in id order: what an exact restore must give back."""
    with sqlite3.connect(database_path(data_dir)) as connection:
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in TABLES}


def filled(data_dir: Path, write_file: WriteFile) -> Library:
    library = Library(data_dir, background=False)
    first = library.documents.import_file(write_file("first.md", FIRST)).value.document
    second = library.documents.import_file(write_file("second.html", SECOND)).value.document
    assert first is not None and second is not None
    library.annotations.add_quote(first.id, "air defense", tags=["region/baltic", "support"], note="**why** it matters")
    library.annotations.add_quote(second.id, "spring", color="blue", style="underline", tags=["season"])
    library.searches.save("Support", '"air defense support"', watch=True)
    library.index.flush()
    return library


def test_restore_gives_back_exactly_the_rows_uuids_and_offsets_that_were_backed_up(
    data_dir: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    library = filled(data_dir, write_file)
    target = tmp_path / "out" / "library.lectern-backup"
    report = library.backups.create(target)
    assert (report.manifest.counts.articles, report.manifest.counts.highlights, report.manifest.counts.tags) == (2, 2, 3)
    before = dump(data_dir)
    assert before["annotations"] and before["saved_searches"]
    totals = {query: library.index.search(query).total for query in ('"air defense"', "ministry", "help", "spring")}
    # Changes after the backup: an article deleted, a highlight added, a tag renamed.
    library.documents.delete(before["documents"][1][0])
    library.annotations.add_quote(before["documents"][0][0], "ministry")
    library.tags.rename("support", "help")
    library.index.flush()
    library.close()
    changed = dump(data_dir)
    assert changed != before

    restored = restore_library(data_dir, target)

    assert dump(data_dir) == before  # same rows, same UUIDs, same offsets, same texts and HTML
    assert restored.replaced is not None and restored.replaced.is_file()
    with sqlite3.connect(restored.replaced) as connection:  # the library that was there is kept, whole
        assert connection.execute("SELECT count(*) FROM annotations").fetchone()[0] == len(changed["annotations"])
    assert not index_path(data_dir).exists()
    with sqlite3.connect(database_path(data_dir)) as connection:  # the old index's identity, key and folder
        assert connection.execute("SELECT count(*) FROM library_state WHERE name LIKE 'index%'").fetchone()[0] == 0
    reopened = Library(data_dir, background=False)
    try:
        # Rebuilt from the restored rows: not the later highlight of "ministry", nor the renamed tag "help".
        assert {query: reopened.index.search(query).total for query in totals} == totals
        texts = {document.id: document.text for document in map(reopened.documents.get, [row[0] for row in before["documents"]])}
        for annotation in reopened.annotations.for_document(before["documents"][0][0]):
            assert texts[annotation.document_id][annotation.start : annotation.end] == annotation.exact
    finally:
        reopened.close()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _members(backup: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(backup) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _hostile_files(good: Path, folder: Path) -> dict[str, Path]:
    members = _members(good)
    manifest = json.loads(members["manifest.json"])
    database = members["lectern.sqlite3"]
    garbled = bytearray(database)
    garbled[len(garbled) // 2] ^= 0xFF
    wrong_counts = dict(manifest, counts=dict(manifest["counts"], highlights=99))
    bigger = dict(manifest, database=dict(manifest["database"], size=1000))
    text = folder / "notes.lectern-backup"
    text.write_text("these are not the notes you are looking for", encoding="utf-8")
    truncated = folder / "truncated.lectern-backup"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return {
        "not a zip": text,
        "truncated": truncated,
        "path traversal": _zip(folder / "traversal.zip", {"manifest.json": members["manifest.json"],
                                                          "../../lectern.sqlite3": database}),  # fmt: skip
        "extra member": _zip(folder / "extra.zip", {**members, "/etc/cron.d/x": b"* * * * * root true"}),
        "missing database": _zip(folder / "missing.zip", {"manifest.json": members["manifest.json"]}),
        "checksum": _zip(folder / "checksum.zip", {"manifest.json": members["manifest.json"],
                                                   "lectern.sqlite3": bytes(garbled)}),  # fmt: skip
        "counts": _zip(folder / "counts.zip", {"manifest.json": json.dumps(wrong_counts).encode(),
                                               "lectern.sqlite3": database}),  # fmt: skip
        "bomb": _zip(folder / "bomb.zip", {"manifest.json": json.dumps(bigger).encode(),
                                           "lectern.sqlite3": bytes(50_000_000)}),  # fmt: skip
        "manifest bomb": _zip(folder / "manifest-bomb.zip", {"manifest.json": b" " * 5_000_000,
                                                             "lectern.sqlite3": database}),  # fmt: skip
        "not json": _zip(folder / "notjson.zip", {"manifest.json": b"\x80\x81", "lectern.sqlite3": database}),
    }


def test_hostile_or_damaged_backups_are_refused_and_change_nothing(
    data_dir: Path, write_file: WriteFile, tmp_path: Path
) -> None:
    library = filled(data_dir, write_file)
    good = library.backups.create(tmp_path / "good.lectern-backup").path
    library.close()
    folder = tmp_path / "hostile"
    folder.mkdir()
    before = database_path(data_dir).read_bytes()
    listing = sorted(path.relative_to(data_dir) for path in data_dir.rglob("*"))

    for case, path in _hostile_files(good, folder).items():
        with pytest.raises(BackupRefused) as refused:
            restore_library(data_dir, path)
        message = str(refused.value)
        assert "not a usable Lectern backup" in message and "Nothing was changed" in message, case
        assert database_path(data_dir).read_bytes() == before, case
        assert sorted(path.relative_to(data_dir) for path in data_dir.rglob("*")) == listing, case
    assert not (tmp_path.parent / "lectern.sqlite3").exists()
    restore_library(data_dir, good)  # the good one still restores


def _day(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, 0, tzinfo=UTC)


def test_automatic_backups_are_thinned_to_7_daily_4_weekly_12_monthly(data_dir: Path, write_file: WriteFile) -> None:
    library = filled(data_dir, write_file)
    library.close()
    first = automatic_backup(data_dir, "quit", now=_day(2025, 6, 1))
    assert first is not None
    folder = backups_folder(data_dir)
    day = _day(2025, 6, 2)
    while day <= _day(2026, 12, 31):  # real backups, dated by their names: one a day for 19 months
        shutil.copyfile(first, folder / automatic_name(day, "quit"))
        day += timedelta(days=1)
    migration = folder / automatic_name(_day(2025, 1, 1), BEFORE_MIGRATION)
    shutil.copyfile(first, migration)
    assert automatic_backup(data_dir, "quit", now=_day(2027, 1, 1)) is None  # nothing changed: no backup

    reopened = Library(data_dir, background=False)
    reopened.annotations.add_quote(1, "ministry")
    reopened.close()
    newest = automatic_backup(data_dir, "quit", now=_day(2027, 1, 1))

    kept = sorted(entry.created.date().isoformat() for entry in list_backups(data_dir) if entry.reason == "quit")
    assert kept == sorted([
        "2027-01-01", "2026-12-31", "2026-12-30", "2026-12-29", "2026-12-28", "2026-12-27", "2026-12-26",  # days
        "2026-12-20", "2026-12-13",  # the newest of ISO weeks 51 and 50 (weeks 53 and 52 are in the days)
        "2026-11-30", "2026-10-31", "2026-09-30", "2026-08-31", "2026-07-31", "2026-06-30", "2026-05-31",
        "2026-04-30", "2026-03-31", "2026-02-28",  # months back to February (January 2027 and December are above)
    ])  # fmt: skip
    assert migration.exists()  # kept apart from the 7/4/12 count
    assert newest is not None and read_manifest(newest).counts.highlights == 3


def test_a_backup_that_fails_verification_deletes_nothing(data_dir: Path, write_file: WriteFile) -> None:
    library = filled(data_dir, write_file)
    library.close()
    folder = backups_folder(data_dir)
    first = automatic_backup(data_dir, "quit", now=_day(2026, 1, 1))
    assert first is not None
    for offset in range(1, 40):
        shutil.copyfile(first, folder / automatic_name(_day(2026, 1, 1) + timedelta(days=offset), "quit"))
    existing = sorted(folder.iterdir())
    database = database_path(data_dir)
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'annotations'").fetchone()[0]
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    with database.open("r+b") as file:  # damage the highlights table's root page
        file.seek((root - 1) * page_size + 8)
        file.write(os.urandom(64))

    with pytest.raises(BackupFailed, match="damaged"):
        automatic_backup(data_dir, "quit", now=_day(2026, 3, 1), force=True)

    assert sorted(folder.iterdir()) == existing  # no new file, and not one older backup thinned away
