"""The tag × article matrix: how many highlights of each tag each article holds (which sources speak to
which code). Tags as written (``region/iran``, not rolled up into ``region``).

Kept as "long" rows, one per (tag, article) with at least one highlight: a spreadsheet pivots them, a view
pages them, and ``grid()`` gives the matrix itself for a heat map.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from annotations.store_reports import ReportQueries


@dataclass(frozen=True)
class MatrixCell:
    tag: str
    document_id: int
    title: str
    highlights: int

    def to_json(self) -> dict[str, object]:
        return {"tag": self.tag, "document_id": self.document_id, "title": self.title, "highlights": self.highlights}


@dataclass(frozen=True)
class MatrixGrid:
    """``counts[i][j]``: highlights of ``tags[i]`` in ``articles[j]`` (id, title); zeros included."""

    tags: list[str]
    articles: list[tuple[int, str]]
    counts: list[list[int]]


def tag_article_matrix(queries: ReportQueries, within: Collection[int] | None) -> list[MatrixCell]:
    """The non-empty cells, by tag then article id."""
    return [MatrixCell(*row) for row in queries.tag_article_counts(within)]


def grid(cells: list[MatrixCell]) -> MatrixGrid:
    """The cells as a full matrix: tags by name, articles by id."""
    tags = sorted({cell.tag for cell in cells})
    articles = sorted({(cell.document_id, cell.title) for cell in cells})
    row_of = {tag: number for number, tag in enumerate(tags)}
    column_of = {document_id: number for number, (document_id, _title) in enumerate(articles)}
    counts = [[0] * len(articles) for _ in tags]
    for cell in cells:
        counts[row_of[cell.tag]][column_of[cell.document_id]] = cell.highlights
    return MatrixGrid(tags, articles, counts)
