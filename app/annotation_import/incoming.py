"""What an annotation file brings in, before it is placed: one ``IncomingAnnotation`` per annotation read,
an ``ImportProblem`` for each one that could not be used, and the error for a file that cannot be read at all.

Every reader (Lectern's JSON-LD, the Hypothesis API's JSON, REFI-QDA) turns its format into these, and
``placing.place_annotations`` stores them, so all formats are matched, re-anchored and reported alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from annotations.errors import ImportRefused
from annotations.models import DEFAULT_COLOR, DEFAULT_STYLE

ProblemStatus = Literal["fuzzy", "orphaned", "unmatched", "failed", "skipped"]


class AnnotationFileUnreadable(ImportRefused):
    """An annotation file that cannot be read at all (not JSON, an unknown shape, past a limit); nothing is stored."""


@dataclass(frozen=True)
class IncomingClaim:
    """A claim an incoming annotation is linked to (Lectern's own exports): matched by ``uuid`` on import."""

    uuid: str
    text: str
    stance: str  # supports, contradicts or context
    note: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class IncomingAnnotation:
    """One annotation as a file states it, in Lectern's terms (a W3C TextQuote- and TextPositionSelector).

    ``uuid`` is kept when given, so importing the same file again creates nothing new (a reader derives a
    stable one where the format's ids are not UUIDs). ``start``/``end`` are offsets in the text the
    annotation was made on (None when the file has no position). The article is ``document_id`` when the
    caller already knows it (REFI-QDA), else found by ``source`` (a URL, ``urn:uuid:<document uuid>``, a file
    path), ``source_digest`` (sha256 of the canonical text, hex) or, failing those, by the quote itself.
    ``created``/``modified`` are ISO 8601 (empty: now)."""

    uuid: str | None
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    source: str = ""
    document_id: int | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    color: str = DEFAULT_COLOR
    style: str = DEFAULT_STYLE
    created: str = ""
    modified: str = ""
    source_aliases: tuple[str, ...] = ()  # other names of the same article (a file path, a canonical URL)
    source_digest: str = ""  # sha256 hex of the article's canonical text, when the file says (Lectern's JSON-LD)
    source_title: str = ""  # for messages only ("… on “Title”")
    label: str = ""  # how messages name this annotation when its quote is not enough ("row 12", an id)
    claims: tuple[IncomingClaim, ...] = ()  # the claims it is evidence for, with their stances


@dataclass(frozen=True)
class ImportProblem:
    """One annotation that needs a word in the report: fuzzy (stored on similar text), orphaned (stored,
    passage not found), unmatched (no article found, not stored), failed (unreadable or refused, not stored)."""

    status: ProblemStatus
    reason: str
    exact: str = ""  # the quote, shortened
    label: str = ""
    document_id: int | None = None
    annotation_id: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "reason": self.reason,
            "exact": self.exact,
            "label": self.label,
            "document_id": self.document_id,
            "annotation_id": self.annotation_id,
        }


def shorten(text: str, limit: int = 80) -> str:
    """A quote as messages show it: one line, at most ``limit`` characters."""
    line = " ".join(re.sub("[\ud800-\udfff]", "\ufffd", text).split())  # JSON may carry lone surrogates
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
