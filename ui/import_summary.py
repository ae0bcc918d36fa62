"""The one message shown after an import: how many came in, which were already there, which failed,
and how many are newer versions of articles already in the library (offered for replacement separately)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import ImportOutcome

MAX_LISTED = 12


@dataclass(frozen=True)
class ImportSummary:
    headline: str
    details: str
    imported: int
    duplicates: int
    failed: int
    newer: int = 0  # newer versions of articles in the library: not imported, offered for replacement


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
    newer = [outcome for outcome in outcomes if outcome.newer_version_of is not None]
    warned = [outcome for outcome in imported if outcome.warnings]
    parts = [f"Imported {len(imported)} article{'s' if len(imported) != 1 else ''}"]
    if warned:
        parts[0] += f" ({len(warned)} with {'a warning' if len(warned) == 1 else 'warnings'})"
    if duplicates:
        parts.append(f"{len(duplicates)} already in the library")
    if newer:
        parts.append(f"{len(newer)} newer version{'s' if len(newer) != 1 else ''} of articles in the library")
    if failed:
        parts.append(f"{len(failed)} failed")
    headline = ", ".join(parts) + "."
    if total > len(outcomes):
        headline = f"Import cancelled after {len(outcomes):,} of {total:,} files. " + headline
    lines = [f"• {outcome.error}" for outcome in failed[:MAX_LISTED]]
    lines += [f"• {warning}" for outcome in warned[:MAX_LISTED] for warning in outcome.warnings]
    lines += [
        f"• {outcome.path.name}: already in the library as “{outcome.duplicate_title}”"
        for outcome in duplicates[:MAX_LISTED]
    ]
    if len(failed) > MAX_LISTED or len(duplicates) > MAX_LISTED or len(warned) > MAX_LISTED:
        lines.append("…")
    if error is not None:
        headline = f"The import stopped: {error}"
    return ImportSummary(headline, "\n".join(lines), len(imported), len(duplicates), len(failed), len(newer))


def context_for_offer(summary: ImportSummary) -> str:
    """The rest of an import's news, shown above the offer to replace newer versions ("" if there is none)."""
    if not (summary.imported or summary.duplicates or summary.failed or summary.details):
        return ""
    return "\n".join(filter(None, [summary.headline, summary.details]))
