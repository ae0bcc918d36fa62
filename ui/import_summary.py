"""The one message shown after an import: how many came in, which were already there, which failed."""

from __future__ import annotations

from dataclasses import dataclass

from index.library import ImportOutcome

MAX_LISTED = 12


@dataclass(frozen=True)
class ImportSummary:
    headline: str
    details: str
    imported: int
    duplicates: int
    failed: int


def summarize_imports(outcomes: list[ImportOutcome], error: BaseException | None = None) -> ImportSummary:
    imported = [outcome for outcome in outcomes if outcome.imported]
    duplicates = [outcome for outcome in outcomes if outcome.duplicate_of is not None]
    failed = [outcome for outcome in outcomes if outcome.error]
    parts = [f"Imported {len(imported)} article{'s' if len(imported) != 1 else ''}"]
    if duplicates:
        parts.append(f"{len(duplicates)} already in the library")
    if failed:
        parts.append(f"{len(failed)} failed")
    headline = ", ".join(parts) + "."
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
