"""The search a report's row stands for: a click on it opens as many highlights as the row counts.

Qt-free, so the core tests hold each row's number against the hits of its query.

- A tag as counted in a row is a tag as the highlight carries it *once what its other tags imply is set
  aside* (``app.reports.implied``): ``tag:x`` alone also finds the tags below ``x`` (the index files a
  highlight under each ancestor of its tags), so for a tag with tags below it the row asks
  ``tag:x NOT tag:x/*``, "x and nothing below". (``NOT``, not ``-``: ``tag:x document_id:2 -tag:x/*``
  lets through highlights the pattern should exclude, a fault of Whoosh's AND NOT over an AND.)
  A branch total (``x`` with everything below) is ``tag:x``.
- A matrix cell is its tag in one article, by id (``document_id:12``): two articles may share a title.
- A timeline period is ``published:2024-09``; the undated row has none (a search cannot ask for "no
  date"), so it has no query.
- Inside a scope the row's query is narrowed to it (``ScopeFilter``): a tag scope by ``tag:region`` (its
  highlights are exactly those the tag and its children find), a search scope by its articles, named by id
  (``document_id:3 OR document_id:8``: a report of a search counts every highlight in the articles the
  search found, which no other query term says). A timeline counts inside the scope's articles, so it is
  narrowed by articles whatever the scope.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
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


@dataclass(frozen=True)
class ScopeFilter:
    """How a row's query is narrowed to the report's scope: by highlights (tag frequency, co-occurrence,
    matrix) or by articles (timeline); an empty text means the whole library."""

    highlights: str = ""
    articles: str = ""


def quoted(text: str) -> str:
    """``text`` as one term of the query language: quoted when it holds a space or a quote."""
    if text and not any(character.isspace() or character in "\"():" for character in text):
        return text
    return '"' + text.replace('"', " ").strip() + '"'


def tag_term(name: str) -> str:
    return f"tag:{quoted(name)}"


def exact_tag_term(name: str, parents: Collection[str]) -> str:
    """``name`` carried as itself: for a tag with tags below it, without the highlights of those."""
    term = tag_term(name)
    if name in parents and quoted(name) == name:
        return f"{term} NOT tag:{name}/*"
    return term


def articles_term(document_ids: Iterable[int]) -> str:
    """The articles by id, as one term; a scope with no article gets a term that finds nothing."""
    ids = sorted(document_ids)
    if not ids:
        return "document_id:0"
    if len(ids) == 1:
        return f"document_id:{ids[0]}"
    return "(" + " OR ".join(f"document_id:{number}" for number in ids) + ")"


def row_query(
    kind: str,
    row: tuple[object, ...],
    subject: Subject | None = None,
    *,
    parents: Collection[str] = (),
    scope: ScopeFilter = ScopeFilter(),
) -> str | None:
    """The query for one row of a report table (``app.reports.table``'s columns); None when none exists.
    ``parents``: the tags with tags below them (``Reports.parent_tags``)."""
    if kind == "tags":
        name = str(row[0])
        branch = len(row) > 3 and bool(row[3])  # a bar of the chart is a tag's own row
        found = tag_term(name) if branch else exact_tag_term(name, parents)
        return _within(found, scope.highlights)
    if kind == "cooccurrence":
        if row[0] == row[1]:
            return None  # the heat map's diagonal: a tag is no pair with itself
        return _within(f"{exact_tag_term(str(row[0]), parents)} {exact_tag_term(str(row[1]), parents)}", scope.highlights)
    if kind == "matrix":
        return _within(f"{exact_tag_term(str(row[0]), parents)} document_id:{int(str(row[1]))}", scope.highlights)
    if kind == "timeline":
        period = str(row[0])
        if period == UNDATED or subject is None:
            return None
        base = subject.as_query()
        found = f"({base}) published:{period}" if subject.query is not None else f"{base} published:{period}"
        return _within(found, scope.articles)
    return None


def _within(query: str, scope: str) -> str:
    return f"{scope} {query}" if scope else query
