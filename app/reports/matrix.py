"""The tag × article matrix: how many highlights of each tag each article holds (which sources speak to
which code). Tags as written (``region/iran``, not rolled up into ``region``), less those a tag below them on the same
highlight implies (``app.reports.implied``).

Kept as "long" rows, one per (tag, article) with at least one highlight: a spreadsheet pivots them, a view
pages them, and ``grid()`` gives the matrix itself for a heat map.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from annotations.store_reports import ReportQueries
from app.reports.implied import NONE_LAYERED, Layered


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


def tag_article_matrix(
    queries: ReportQueries, within: Collection[int] | None, layers: Layered = NONE_LAYERED
) -> list[MatrixCell]:
    """The non-empty cells, by tag then article id; a tag ``layers`` sets aside is not counted there."""
    aside = layers.cell_change()
    cells = [MatrixCell(tag, document_id, title, count - aside[(tag, document_id)])
             for tag, document_id, title, count in queries.tag_article_counts(within)]  # fmt: skip
    return [cell for cell in cells if cell.highlights > 0]


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
