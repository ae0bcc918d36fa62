"""Auto-coding ("Highlight All"): one highlight with the given tags on every occurrence of a query.

What counts as an occurrence: an article hit with a span (``end > start``), i.e. the query's words or
phrase found in an article's text. Highlights matching the query and articles matched only by their
title, author or note are not occurrences.

What is skipped: an occurrence that an existing highlight already covers *with every one of the given
tags* — at the same offsets or merely overlapping it by at least one character (a highlight on the
whole sentence tagged ``air-defense`` already codes the phrase inside it as ``air-defense``). Colour
and style do not matter; child tags (``air-defense/radars``) do not count for their parent. Orphaned
highlights are ignored, since their offsets no longer point into the text. With no tags at all, any
overlapping highlight skips the occurrence. So running the same auto-coding twice creates nothing
the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from annotations.models import Annotation
from annotations.tags import normalize_tags
from index.search import Hit

Span = tuple[int, int]


@dataclass(frozen=True)
class AutocodeReport:
    created: int  # highlights made
    skipped: int  # occurrences already coded with the tags
    documents: int  # articles that received at least one new highlight
    annotation_ids: tuple[int, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"created": self.created, "skipped": self.skipped, "documents": self.documents}


@dataclass(frozen=True)
class AutocodePlan:
    spans: dict[int, list[Span]]  # document id -> occurrences to highlight, in text order
    skipped: int


def occurrences(hits: Iterable[Hit]) -> dict[int, list[Span]]:
    """Each article's occurrences among ``hits``, in text order, without repeats."""
    found: dict[int, dict[Span, None]] = {}
    for hit in hits:
        if hit.kind == "article" and hit.end > hit.start:
            found.setdefault(hit.document_id, {})[(hit.start, hit.end)] = None
    return {document_id: sorted(spans) for document_id, spans in found.items()}


def plan_autocode(
    hits: Iterable[Hit], tags: Sequence[str], annotations_for: Callable[[int], list[Annotation]]
) -> AutocodePlan:
    """Which occurrences to highlight, and how many are already coded (see the module's docstring)."""
    wanted = set(normalize_tags(tags))
    planned: dict[int, list[Span]] = {}
    skipped = 0
    for document_id, spans in occurrences(hits).items():
        coded = [
            (annotation.start, annotation.end)
            for annotation in annotations_for(document_id)
            if not annotation.orphaned and wanted <= set(annotation.tags)
        ]
        todo = [span for span in spans if not any(_overlap(span, other) for other in coded)]
        skipped += len(spans) - len(todo)
        if todo:
            planned[document_id] = todo
    return AutocodePlan(planned, skipped)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
