"""What re-importing did to each article's highlights, as plain data for the summary dialog.

``replace_versions`` is an operation (``ui.operations``) run on a worker thread: it reads each
article's highlights before and after ``reimport_file`` so the summary can show, per highlight, the
old quote and where it went, and it returns what all the replacements changed together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotations.models import Annotation, Reanchoring
from app import Applied, Changes, ImportOutcome, Library

STATUSES = ("kept", "moved", "fuzzy", "orphaned")


@dataclass(frozen=True)
class HighlightFate:
    """One highlight after re-anchoring: its quote before, and (unless orphaned) the text it now covers."""

    annotation_id: int
    status: str  # one of STATUSES
    old_quote: str
    new_quote: str  # "" for an orphan
    color: str
    style: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleReport:
    """One re-imported file: the article it replaced and what happened to each of its highlights."""

    path: Path
    document_id: int | None
    title: str
    fates: tuple[HighlightFate, ...] = ()
    error: str = ""

    def with_status(self, status: str) -> list[HighlightFate]:
        return [fate for fate in self.fates if fate.status == status]

    def count(self, status: str) -> int:
        return len(self.with_status(status))


def article_report(
    path: Path, title: str, before: Sequence[Annotation], after: Sequence[Annotation], reanchoring: Reanchoring
) -> ArticleReport:
    """Pair each highlight's state before the new version with its state after, by status."""
    old = {annotation.id: annotation for annotation in before}
    new = {annotation.id: annotation for annotation in after}
    fates = []
    for status in STATUSES:
        for annotation_id in getattr(reanchoring, status):
            then = old.get(annotation_id) or new.get(annotation_id)
            now = new.get(annotation_id)
            if then is None:
                continue
            new_quote = now.exact if now is not None and status != "orphaned" else ""
            fates.append(HighlightFate(annotation_id, status, then.exact, new_quote, then.color, then.style, then.tags))
    return ArticleReport(path, reanchoring.document_id, title, tuple(fates))


def replace_versions(
    library: Library, outcomes: Sequence[ImportOutcome], report: Callable[[int], None] | None = None
) -> Applied[list[ArticleReport]]:
    """Re-import each file as the new version of its article; never raises for one bad file."""
    reports = []
    changes = Changes()
    for done, outcome in enumerate(outcomes):
        if report is not None:
            report(done)
        document_id = outcome.newer_version_of
        before = library.annotations.for_document(document_id) if document_id is not None else []
        applied = library.documents.reimport_file(outcome.path)
        changes |= applied.changes
        result, reanchoring = applied.value
        if result.error or result.document is None:
            error = result.error or f"{outcome.path.name}: was not imported"
            reports.append(ArticleReport(outcome.path, document_id, outcome.duplicate_title, error=error))
        elif reanchoring is None:  # its article was gone by now: the file was imported as a new article
            reports.append(ArticleReport(outcome.path, result.document.id, result.document.title))
        else:
            after = library.annotations.for_document(reanchoring.document_id)
            reports.append(article_report(outcome.path, result.document.title, before, after, reanchoring))
    if report is not None:
        report(len(outcomes))
    return Applied(reports, changes)
