"""The SQL behind the reports (app/reports/): counts grouped over ``annotation_tags``, read-only.

A report may be limited to some highlights (its scope): ``within`` is then their ids, passed to SQLite as
one JSON array (``json_each``), so 100,000 ids are one parameter and no temporary table is written.
``None`` means every highlight in the library.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence

from annotations.database import Database

_TAGGED = "annotation_tags at JOIN tags t ON t.id = at.tag_id JOIN annotations a ON a.id = at.annotation_id"


def _scoped(within: Collection[int] | None, column: str = "at.annotation_id") -> tuple[str, str, tuple[object, ...]]:
    """A common table expression ``s`` holding the ids ``within`` (none for every highlight), the condition
    keeping ``column`` to them, and the parameter. Read once and probed as a list, which keeps SQLite's plan
    walking the highlights (not the whole list once per tag)."""
    if within is None:
        return "", "TRUE", ()
    return "WITH s(id) AS MATERIALIZED (SELECT value FROM json_each(?)) ", f"{column} IN (SELECT id FROM s)", (json.dumps(sorted(within)),)


class ReportQueries:
    """Grouped counts of tagged highlights, for tag frequency, co-occurrence, the matrix and timelines."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def tag_names(self) -> list[tuple[int, str]]:
        """Every tag as (id, name)."""
        return [(row[0], row[1]) for row in self._db.connection().execute("SELECT id, name FROM tags")]

    def tag_counts(self, within: Collection[int] | None) -> list[tuple[str, int, int]]:
        """(tag, highlights carrying it, articles holding them) for each tag carried by a highlight ``within``."""
        scope, condition, parameters = _scoped(within)
        rows = self._db.connection().execute(
            f"{scope}SELECT t.name, count(*), count(DISTINCT a.document_id) FROM {_TAGGED}"
            f" WHERE {condition} GROUP BY t.name",
            parameters,
        )
        return [(row[0], row[1], row[2]) for row in rows]

    def distinct_counts(self, tag_ids: Sequence[int], within: Collection[int] | None) -> tuple[int, int]:
        """(highlights, articles) carrying any of ``tag_ids``, each highlight and article counted once."""
        scope, condition, parameters = _scoped(within)
        marks = ",".join("?" * len(tag_ids))
        row = self._db.connection().execute(
            f"{scope}SELECT count(DISTINCT at.annotation_id), count(DISTINCT a.document_id) FROM annotation_tags at"
            f" JOIN annotations a ON a.id = at.annotation_id WHERE at.tag_id IN ({marks}) AND {condition}",
            (*parameters, *tag_ids),
        ).fetchone()
        return row[0], row[1]

    def pairs_on_highlights(self, within: Collection[int] | None) -> list[tuple[str, str, int]]:
        """(a, b, highlights carrying both) for each pair of tags, a < b by name."""
        scope, condition, parameters = _scoped(within, "x.annotation_id")
        rows = self._db.connection().execute(
            f"{scope}SELECT ta.name, tb.name, count(*) FROM annotation_tags x"
            " JOIN annotation_tags y ON y.annotation_id = x.annotation_id AND y.tag_id != x.tag_id"
            " JOIN tags ta ON ta.id = x.tag_id JOIN tags tb ON tb.id = y.tag_id"
            f" WHERE ta.name < tb.name AND {condition} GROUP BY ta.name, tb.name",
            parameters,
        )
        return [(row[0], row[1], row[2]) for row in rows]

    def placed_tags(self, within: Collection[int] | None) -> list[tuple[int, int, int, int, str]]:
        """(highlight id, article id, start, end, tag) for every tag on a highlight that has a place in its
        text (orphans have none), by article."""
        scope, condition, parameters = _scoped(within)
        rows = self._db.connection().execute(
            f'{scope}SELECT a.id, a.document_id, a.start, a."end", t.name FROM {_TAGGED}'
            f" WHERE a.orphaned = 0 AND {condition} ORDER BY a.document_id",
            parameters,
        )
        return [(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    def texts(self, document_ids: Iterable[int]) -> Iterable[tuple[int, str]]:
        """(article id, canonical text) for each article, a few hundred read at a time."""
        wanted = list(document_ids)
        connection = self._db.connection()
        for offset in range(0, len(wanted), 200):
            chunk = wanted[offset : offset + 200]
            marks = ",".join("?" * len(chunk))
            yield from ((row[0], row[1]) for row in connection.execute(
                f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk
            ))  # fmt: skip

    def tag_article_counts(self, within: Collection[int] | None) -> list[tuple[str, int, str, int]]:
        """(tag, article id, article title, highlights) for each tag and article with at least one."""
        scope, condition, parameters = _scoped(within)
        rows = self._db.connection().execute(
            f"{scope}SELECT t.name, a.document_id, d.title, count(*) FROM annotation_tags at"
            " JOIN tags t ON t.id = at.tag_id JOIN annotations a ON a.id = at.annotation_id"
            f" JOIN documents d ON d.id = a.document_id WHERE {condition}"
            " GROUP BY t.name, a.document_id, d.title ORDER BY t.name, a.document_id",
            parameters,
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def published(self) -> dict[int, str]:
        """Every article's published date as stored ("" when it has none)."""
        return {row[0]: row[1] for row in self._db.connection().execute("SELECT id, published FROM documents")}

    def highlight_articles(self, annotation_ids: Collection[int]) -> list[tuple[int, int]]:
        """(highlight id, article id) of each highlight."""
        scope, condition, parameters = _scoped(annotation_ids, "a.id")
        rows = self._db.connection().execute(
            f"{scope}SELECT a.id, a.document_id FROM annotations a WHERE {condition}", parameters
        )
        return [(row[0], row[1]) for row in rows]

    def tagged_in_family(self, name: str, within: Collection[int] | None) -> list[tuple[int, int, str]]:
        """(highlight id, article id, tag) for each tag of ``name``'s family on a highlight."""
        scope, condition, parameters = _scoped(within)
        rows = self._db.connection().execute(
            f"{scope}SELECT a.id, a.document_id, t.name FROM {_TAGGED}"
            f" WHERE (t.name = ? OR substr(t.name, 1, ?) = ?) AND {condition}",
            (*parameters, name, len(name) + 1, name + "/"),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    def article_of_highlights(self, within: Collection[int] | None) -> list[int]:
        """The distinct articles of the highlights ``within`` (every article holding a highlight for None)."""
        scope, condition, parameters = _scoped(within, "a.id")
        rows = self._db.connection().execute(
            f"{scope}SELECT DISTINCT a.document_id FROM annotations a WHERE {condition}", parameters
        )
        return [row[0] for row in rows]

    def highlights_in(self, document_ids: Collection[int]) -> list[int]:
        """The ids of every highlight in the articles ``document_ids``."""
        scope, condition, parameters = _scoped(document_ids, "a.document_id")
        rows = self._db.connection().execute(f"{scope}SELECT a.id FROM annotations a WHERE {condition}", parameters)
        return [row[0] for row in rows]
