"""The ``.lectern-backup`` file: a zip holding a consistent copy of the database and a JSON manifest.

Written whole or not at all (temp file, fsync, rename) and read back before it gets its name, so a file
with a ``.lectern-backup`` name in the backups folder was verified when written. Reading treats every
file as hostile: exactly two members with known names (nothing is extracted by a name from the file),
a small manifest read with a limit, the database extracted only up to its declared size and only when
the disk has room, then checksum, ``integrity_check`` and counts compared with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from annotations.backup import Counts, change_fingerprint, check_database, copy_database
from annotations.durable import sync_file, sync_folder
from annotations.errors import LecternError

FORMAT = "lectern-backup"
FORMAT_VERSION = 1
SUFFIX = ".lectern-backup"
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBER = "lectern.sqlite3"
BACKUPS_DIR = "backups"
BEFORE_MIGRATION = "before-migration"
KEEP_BEFORE_MIGRATION = 3
_MANIFEST_LIMIT = 64 * 1024
_CHUNK = 1 << 20
_ROOM_TO_SPARE = 16 * 1024 * 1024
_NAME = re.compile(r"^lectern-(\d{4}-\d{2}-\d{2}-\d{6})-([a-z][a-z-]*)" + re.escape(SUFFIX) + "$")

Progress = Callable[[float], None]


class BackupFailed(LecternError):
    """A backup could not be written (nothing was left behind in its place)."""


class BackupRefused(LecternError):
    """A file is not a usable Lectern backup; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, as written in its ``manifest.json``."""

    schema_version: int
    created: str
    reason: str
    counts: Counts
    sha256: str
    size: int
    data_dir: str
    fingerprint: str

    def to_json(self) -> dict[str, object]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": self.schema_version,
                "created": self.created, "reason": self.reason, "counts": self.counts.to_json(),
                "database": {"name": DATABASE_MEMBER, "size": self.size, "sha256": self.sha256},
                "data_dir": self.data_dir, "fingerprint": self.fingerprint}  # fmt: skip

    @classmethod
    def from_json(cls, value: object) -> Manifest:
        if not isinstance(value, dict) or value.get("format") != FORMAT:
            raise ValueError("its manifest is not a Lectern manifest")
        if value.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"it is in backup format {value.get('format_version')!r}, which this Lectern cannot read")
        database = value.get("database")
        if not isinstance(database, dict):
            raise ValueError("its manifest does not describe the database")
        fields = {"schema_version": value.get("schema_version"), "size": database.get("size")}
        if not all(isinstance(number, int) and not isinstance(number, bool) and number >= 0
                   for number in fields.values()):  # fmt: skip
            raise ValueError("its manifest has no valid schema version or size")
        texts = {name: value.get(name, "") for name in ("created", "reason", "data_dir", "fingerprint")}
        sha256 = database.get("sha256")
        if not all(isinstance(text, str) for text in texts.values()) or not isinstance(sha256, str):
            raise ValueError("its manifest is malformed")
        return cls(counts=Counts.from_json(value.get("counts")), sha256=sha256, **fields, **texts)  # type: ignore[arg-type]


def backups_folder(data_dir: Path) -> Path:
    return data_dir / BACKUPS_DIR


def automatic_name(created: datetime, reason: str) -> str:
    """``lectern-2026-12-04-201500-quit.lectern-backup``: sorts by time; the time and reason are in the name."""
    return f"lectern-{created.astimezone(UTC):%Y-%m-%d-%H%M%S}-{reason}{SUFFIX}"


def parse_name(name: str) -> tuple[datetime, str] | None:
    """The time and reason of an automatic backup's file name, or None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y-%m-%d-%H%M%S").replace(tzinfo=UTC), match.group(2)
    except ValueError:
        return None


def write_backup(
    database: Path,
    target: Path,
    *,
    reason: str,
    data_dir: Path,
    created: datetime | None = None,
    progress: Progress | None = None,
) -> Manifest:
    """Copy ``database`` into a new backup at ``target``, verify it, and only then give it that name.

    Raises BackupFailed (the library is damaged, the disk is full, the folder is not writable); an
    earlier file at ``target`` is then left as it was."""
    report = progress or (lambda fraction: None)
    when = (created or datetime.now(UTC)).astimezone(UTC)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise BackupFailed(f"the backup could not be written to {target.parent}: {error.strerror or error}") from error
    try:
        copy = work / DATABASE_MEMBER
        copy_database(database, copy)
        report(0.3)
        check = check_database(copy)
        if not check.ok or check.counts is None:
            raise BackupFailed(f"the library's database is damaged ({check.problem}); no backup was written")
        report(0.45)
        packed = work / "packed.zip"
        manifest = _pack(packed, copy, Manifest(
            schema_version=check.schema, created=when.isoformat(timespec="seconds"), reason=reason,
            counts=check.counts, sha256="", size=copy.stat().st_size, data_dir=str(data_dir),
            fingerprint=_fingerprint_of(copy),
        ))  # fmt: skip
        report(0.85)
        verified = read_manifest(packed)
        if verified != manifest or _member_sha256(packed) != manifest.sha256:
            raise BackupFailed("the backup read back differently from what was written; no backup was kept")
        sync_file(packed)
        os.replace(packed, target)
        sync_folder(target.parent)
        report(1.0)
        return manifest
    except OSError as error:
        raise BackupFailed(f"the backup could not be written to {target.parent}: {error.strerror or error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fingerprint_of(database: Path) -> str:
    with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        return change_fingerprint(connection)


def _pack(path: Path, copy: Path, manifest: Manifest) -> Manifest:
    """Zip the copy (hashing it on the way: one read), then the manifest with that checksum in it."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with copy.open("rb") as source, archive.open(DATABASE_MEMBER, "w", force_zip64=True) as member:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                member.write(chunk)
        manifest = replace(manifest, sha256=digest.hexdigest())
        archive.writestr(MANIFEST_NAME, json.dumps(manifest.to_json(), indent=2))
    return manifest


def read_manifest(path: Path) -> Manifest:
    """The manifest of the backup at ``path`` after checking the file's shape; raises BackupRefused."""
    with _open_zip(path) as archive:
        manifest, _ = _checked_members(archive, path)
        return manifest


def extract_verified(path: Path, destination: Path, progress: Progress | None = None) -> Manifest:
    """Extract the backup's database to ``destination`` and prove it whole; raises BackupRefused.

    Checked: the zip's shape, the declared size against the free disk space, the bytes against the
    manifest's SHA-256, ``integrity_check``, the schema version and the counts against the manifest."""
    report = progress or (lambda fraction: None)
    try:
        with _open_zip(path) as archive:
            manifest, database = _checked_members(archive, path)
            if shutil.disk_usage(destination.parent).free < manifest.size + _ROOM_TO_SPARE:
                raise _refused(path, f"the disk has no room for its {manifest.size:,}-byte database")
            digest = _extract(archive, database, destination, manifest.size, report)
        if digest != manifest.sha256:
            raise _refused(path, "its database does not match the checksum in its manifest")
        report(0.8)
        check = check_database(destination)
        if not check.ok:
            raise _refused(path, f"its database is damaged ({check.problem})")
        if check.schema != manifest.schema_version or check.counts != manifest.counts:
            raise _refused(path, "its database does not hold what its manifest lists")
        report(1.0)
        return manifest
    except BaseException:
        destination.unlink(missing_ok=True)
        raise


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, destination: Path, size: int, report: Progress) -> str:
    digest, written = hashlib.sha256(), 0
    try:
        with archive.open(member) as source, destination.open("wb") as target:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > size:
                    raise _refused(Path(archive.filename or ""), "its database is bigger than declared")
                digest.update(chunk)
                target.write(chunk)
                report(0.7 * written / max(size, 1))
            target.flush()
            os.fsync(target.fileno())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as error:
        raise _refused(Path(archive.filename or ""), f"its database cannot be read ({error})") from error
    return digest.hexdigest()


def _open_zip(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise _refused(path, "there is no such file")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _refused(path, "it is not a zip file" if isinstance(error, zipfile.BadZipFile) else str(error)) from error


def _checked_members(archive: zipfile.ZipFile, path: Path) -> tuple[Manifest, zipfile.ZipInfo]:
    members = archive.infolist()
    names = sorted(member.filename for member in members)
    if names != sorted((MANIFEST_NAME, DATABASE_MEMBER)):
        shown = ", ".join(repr(name[:60]) for name in names[:4]) + (" …" if len(names) > 4 else "")
        raise _refused(path, f"it should hold {MANIFEST_NAME} and {DATABASE_MEMBER}, not {shown or 'nothing'}")
    by_name = {member.filename: member for member in members}
    if any(member.flag_bits & 0x1 for member in members):
        raise _refused(path, "it is encrypted")
    if by_name[MANIFEST_NAME].file_size > _MANIFEST_LIMIT:
        raise _refused(path, "its manifest is too big")
    try:
        with archive.open(by_name[MANIFEST_NAME]) as file:
            raw = file.read(_MANIFEST_LIMIT + 1)
        if len(raw) > _MANIFEST_LIMIT:
            raise ValueError("its manifest is too big")
        manifest = Manifest.from_json(json.loads(raw.decode("utf-8")))
    except (ValueError, zipfile.BadZipFile, EOFError, NotImplementedError, UnicodeDecodeError) as error:
        reason = str(error) if isinstance(error, ValueError) and str(error).startswith("it") else "its manifest is unreadable"
        raise _refused(path, reason) from error
    if by_name[DATABASE_MEMBER].file_size != manifest.size:
        raise _refused(path, "its database is not the size its manifest gives")
    return manifest, by_name[DATABASE_MEMBER]


def _member_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive, archive.open(DATABASE_MEMBER) as member:
        while chunk := member.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _refused(path: Path, reason: str) -> BackupRefused:
    return BackupRefused(f"{path.name} is not a usable Lectern backup: {reason}. Nothing was changed.")


def backup_before_migration(database: Path, schema: int) -> Path:
    """A verified backup of a library about to be migrated from ``schema``; keeps the last few such backups."""
    folder = backups_folder(database.parent)
    target = folder / automatic_name(datetime.now(UTC), BEFORE_MIGRATION)
    if target.exists():  # two migrations within a second: keep the first
        return target
    write_backup(database, target, reason=BEFORE_MIGRATION, data_dir=database.parent)
    earlier = sorted(
        (parsed[0], entry) for entry in folder.iterdir()
        if (parsed := parse_name(entry.name)) is not None and parsed[1] == BEFORE_MIGRATION
    )  # fmt: skip
    for _, old in earlier[:-KEEP_BEFORE_MIGRATION]:
        old.unlink(missing_ok=True)
    return target
