"""``backup``, ``restore`` and ``backups``: a verified copy of the library, putting one back, the automatic ones.

``restore`` and ``backups`` work on a closed library (even a damaged one), so they take the data folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import LecternError
from ui.cli.output import EXIT_OK, answer, counted, fail, print_json, terminal_progress

if TYPE_CHECKING:
    from annotations.backup import Counts
    from app import Library


def command_backup(library: Library, arguments: argparse.Namespace) -> int:
    with terminal_progress("backing up", unit="%") as progress:
        report = library.backups.create(
            arguments.output,
            None if progress is None else lambda fraction: progress(round(fraction * 100), 100, arguments.output),
        )
    line = f"backed up {_contents(report.manifest.counts)} to {report.path} ({report.bytes:,} bytes, {report.seconds:.2f} s)"
    return answer(arguments.json, report.to_json(), line)


def command_restore(data_dir: Path, arguments: argparse.Namespace) -> int:
    """Verify the backup, keep the current library aside, put the backup in its place, rebuild the index.

    Refused while a Lectern window has the library open (it would go on writing to the old file)."""
    from app import Library
    from app.backups import restore_library
    from app.instance_lock import InstanceLock

    lock = InstanceLock(data_dir)
    if not lock.acquire():
        return fail(f"a Lectern window has the library in {data_dir} open; close it, then restore")
    try:
        try:
            report = restore_library(data_dir, arguments.file)
        except LecternError as error:
            return fail(str(error))
        library = Library(data_dir, background=False)
        try:
            rebuilt = library.index.rebuild()
        finally:
            library.close()
    finally:
        lock.release()
    kept = f"; the library that was there is kept in {report.replaced}" if report.replaced else ""
    line = (
        f"restored {_contents(report.manifest.counts, singular=False)} from {report.path}"
        f" (made {report.manifest.created}){kept}; rebuilt the search index in {rebuilt.seconds:.2f} s"
    )
    return answer(arguments.json, report.to_json() | {"index_seconds": round(rebuilt.seconds, 3)}, line)


def command_backups(data_dir: Path, arguments: argparse.Namespace) -> int:
    from app.backups import list_backups

    entries = list_backups(data_dir)
    if arguments.json:
        print_json([entry.to_json() for entry in entries])
        return EXIT_OK
    if not entries:
        print(f"no automatic backups yet in {data_dir / 'backups'}")
    for entry in entries:
        row = entry.to_json()
        state = "" if entry.verified else "  NOT USABLE"
        print(f"{row['created']}  {entry.reason:<16} {entry.size / 1e6:8.1f} MB  {row['articles']:>6} articles"
              f"  {row['highlights']:>7} highlights  {entry.path}{state}")  # fmt: skip
    return EXIT_OK


def _contents(counts: Counts, *, singular: bool = True) -> str:
    """What a backup holds, as ``backup`` and ``restore`` report it. ``restore`` has always said
    ``1 highlights`` (scripts match its line), so it keeps the plural even for one."""
    articles, highlights = (
        (counted(counts.articles, "article"), counted(counts.highlights, "highlight"))
        if singular
        else (f"{counts.articles} articles", f"{counts.highlights} highlights")
    )
    return f"{articles}, {highlights}, {counts.tags} tags and {counts.saved_searches} saved searches"
