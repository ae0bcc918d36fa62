"""The search a report's row stands for, so a click on it opens the matching highlights or mentions.

Qt-free and small: each report kind knows which of its columns name tags, an article or a period.
A matrix cell narrows its tag's highlights to one article by ``article:"…"`` (the highlight's article
title; the query language has no filter by article id). A timeline period becomes ``published:2024-09``;
the undated row has no query (a search cannot ask for "no date"), so it returns None.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.reports.periods import UNDATED


@dataclass(frozen=True)
class Subject:
    """What a timeline follows, as the window chose it: exactly one of the three."""

    query: str | None = None
    tag: str | None = None
    claim_id: int | None = None

    def as_query(self) -> str:
        if self.tag is not None:
            return tag_term(self.tag)
        if self.claim_id is not None:
            return f"claim:{self.claim_id}"
        return self.query or ""


def quoted(text: str) -> str:
    """``text`` as one term of the query language: quoted when it holds a space or a quote."""
    if text and not any(character.isspace() or character in "\"():" for character in text):
        return text
    return '"' + text.replace('"', " ").strip() + '"'


def tag_term(name: str) -> str:
    return f"tag:{quoted(name)}"


def row_query(kind: str, row: tuple[object, ...], subject: Subject | None = None) -> str | None:
    """The query for one row of a report table (``app.reports.table``'s columns); None when none exists."""
    if kind == "tags":
        return tag_term(str(row[0]))
    if kind == "cooccurrence":
        return f"{tag_term(str(row[0]))} {tag_term(str(row[1]))}"
    if kind == "matrix":
        return f'{tag_term(str(row[0]))} article:{quoted(str(row[2]))}'
    if kind == "timeline":
        period = str(row[0])
        if period == UNDATED or subject is None:
            return None
        base = subject.as_query()
        return f"({base}) published:{period}" if subject.query is not None else f"{base} published:{period}"
    return None
