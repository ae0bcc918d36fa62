"""Importing files: parse (in worker processes, within the import limits), store, and hand postings to the index.

A file never raises for bad input: its ``ImportOutcome`` says what happened, so a batch of a
thousand files with three bad ones imports 997 and names the three.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annotations.errors import DuplicateDocument
from annotations.importers import expand_paths
from annotations.importers.parallel import ParseResult, parse_files
from annotations.models import Document
from annotations.store import Store
from app.search_index import SearchIndex
from index.bulk_analysis import AnalyzedFile, parse_and_analyze

# During a bulk import the index writer is woken after this many new articles, or this many seconds.
_INDEX_BATCH = 1000
_INDEX_WAKE_SECONDS = 5.0


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: imported, already there, or refused with a reason."""

    path: Path
    document: Document | None = None
    duplicate_of: int | None = None
    duplicate_title: str = ""  # the title of the article already there (a duplicate or an older version)
    error: str = ""
    newer_version_of: int | None = None  # same source, different text: offer to replace (``reimport_file``)
    warnings: tuple[str, ...] = ()  # imported, but part of the file was read leniently (and how)
    repointed: tuple[int, ...] = ()  # articles now copies of this one: it is earlier than their story's root

    @property
    def imported(self) -> bool:
        return self.document is not None

    def to_json(self) -> dict[str, object]:
        """One row of ``import --json``: every row names its file's ``path``."""
        if self.document is not None:
            document = self.document
            imported: dict[str, object] = {
                "path": str(self.path),
                "id": document.id,
                "title": document.title,
                "chars": len(document.text),
            }
            if self.warnings:
                imported["warnings"] = list(self.warnings)
            return imported
        if self.duplicate_of is not None:
            return {"path": str(self.path), "duplicate_of": self.duplicate_of, "title": self.duplicate_title}
        if self.newer_version_of is not None:
            return {"path": str(self.path), "newer_version_of": self.newer_version_of, "title": self.duplicate_title}
        return {"path": str(self.path), "error": self.error}


def store_parsed(store: Store, result: ParseResult) -> ImportOutcome:
    """Store one parsed file unless it is a duplicate or a newer version of an article already there."""
    if result.parsed is None:
        return ImportOutcome(result.path, error=result.error)
    older = store.find_by_source(result.parsed.source)
    if older is not None and store.find_duplicate(result.parsed.text) is None:
        return ImportOutcome(result.path, newer_version_of=older, duplicate_title=store.document(older).title)
    try:
        document = store.add_document(result.parsed)
    except DuplicateDocument as duplicate:
        return ImportOutcome(result.path, duplicate_of=duplicate.existing_id, duplicate_title=duplicate.existing_title)
    except (OSError, sqlite3.Error) as error:
        return ImportOutcome(result.path, error=f"{result.path.name}: could not be stored ({error})")
    repointed = tuple(store.copies.members(document.id))  # a new article has copies only if it took over a story
    return ImportOutcome(result.path, document=document, warnings=result.parsed.warnings, repointed=repointed)


def import_many(
    store: Store,
    index: SearchIndex,
    paths: Iterable[Path],
    progress: Callable[[int, int, Path], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[ImportOutcome]:
    """Import files and folders (recursively); see ``Documents.import_paths``."""
    files = list(expand_paths(paths))
    outcomes: list[ImportOutcome] = []
    if progress is not None:
        progress(0, len(files), files[0] if files else Path())
    unindexed = 0
    last_wake = time.monotonic()
    for analyzed in parse_files(files, cancelled, worker=parse_and_analyze, failed=AnalyzedFile):
        outcome = store_parsed(store, analyzed.result)
        if outcome.document is not None and analyzed.analysis is not None:
            index.keeper.remember_analysis(outcome.document.id, analyzed.analysis)
        outcomes.append(outcome)
        unindexed += outcome.imported
        if unindexed and (unindexed >= _INDEX_BATCH or time.monotonic() - last_wake > _INDEX_WAKE_SECONDS):
            index.changed()
            unindexed, last_wake = 0, time.monotonic()
        if progress is not None:
            progress(len(outcomes), len(files), analyzed.result.path)
    if unindexed:
        index.changed()
    return outcomes

