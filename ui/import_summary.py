"""The one message shown after an import: how many came in, which were already there, which failed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.library import ImportOutcome

MAX_LISTED = 12


@dataclass(frozen=True)
class ImportSummary:
    headline: str
    details: str
    imported: int
    duplicates: int
    failed: int


def import_progress_text(done: int, total: int, current: Path) -> str:
    """The progress dialog's label: how far along, and the file just read."""
    if total == 0:
        return "Looking for articles…"
    return f"{done:,} of {total:,} files\n{current.name}"


def summarize_imports(
    outcomes: list[ImportOutcome], error: BaseException | None = None, *, total: int = 0
) -> ImportSummary:
    """One headline and a detail list; ``total`` (files found) reveals an import cancelled part way."""
    imported = [outcome for outcome in outcomes if outcome.imported]
    duplicates = [outcome for outcome in outcomes if outcome.duplicate_of is not None]
    failed = [outcome for outcome in outcomes if outcome.error]
    parts = [f"Imported {len(imported)} article{'s' if len(imported) != 1 else ''}"]
    if duplicates:
        parts.append(f"{len(duplicates)} already in the library")
    if failed:
        parts.append(f"{len(failed)} failed")
    headline = ", ".join(parts) + "."
    if total > len(outcomes):
        headline = f"Import cancelled after {len(outcomes):,} of {total:,} files. " + headline
    lines = [f"• {outcome.error}" for outcome in failed[:MAX_LISTED]]
    lines += [
        f"• {outcome.path.name}: already in the library as “{outcome.duplicate_title}”"
        for outcome in duplicates[:MAX_LISTED]
    ]
    if len(failed) + len(duplicates) > 2 * MAX_LISTED:
        lines.append("…")
    if error is not None:
        headline = f"The import stopped: {error}"
    return ImportSummary(headline, "\n".join(lines), len(imported), len(duplicates), len(failed))
