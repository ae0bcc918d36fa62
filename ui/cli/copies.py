"""Syndicated copies on the command line: marking an older library's articles, and how a copy is named."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.output import terminal_progress

if TYPE_CHECKING:
    from annotations.models import DocumentSummary
    from app import Library


def mark_unmarked_copies(library: Library) -> None:
    """Compare the articles no one has compared yet (a library from before copies were marked), so that
    ``list`` names every copy. Each article is one transaction: an interrupted run resumes where it stopped.
    The index is left to the next process that writes it (a list never waits for an index)."""
    if library.copies.unmarked() == 0:
        return
    with terminal_progress("Looking for syndicated copies", "article") as progress:
        report = None if progress is None else (lambda done, total: progress(done, total, Path("")))
        library.copies.backfill(limit=None, progress=report)


def copy_fields(summary: DocumentSummary) -> dict[str, object]:
    """``copy_of`` (the story's earliest article, or null) and ``copy_similarity`` (0..1, or null)."""
    similarity = None if summary.copy_similarity is None else round(summary.copy_similarity, 4)
    return {"copy_of": summary.copy_of, "copy_similarity": similarity}


def copy_label(summary: DocumentSummary) -> str:
    """" (copy of #12, 96 %)" for a copy, "" for any other article."""
    if summary.copy_of is None:
        return ""
    return f" (copy of #{summary.copy_of}, {round(100 * (summary.copy_similarity or 0.0))} %)"
