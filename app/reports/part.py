"""``library.reports``: the reports of issue 16 over a scope, as rows a view pages and the CLI prints.

Each report resolves its scope (``app.reports.scope``), counts in SQL where it can (``annotations.store_reports``)
and returns plain dataclasses; ``table()`` turns any of them into a ``ReportTable`` for CSV and Markdown.
Reads only: nothing here writes, so nothing returns Changes. Safe off the GUI thread (each thread has its
own SQLite connection).
"""

from __future__ import annotations

from collections.abc import Sequence

from annotations.store import Store
from annotations.store_reports import ReportQueries
from annotations.tags import normalize_tag
from app.reports.clicks import ScopeFilter, articles_term, tag_term
from app.reports.cooccurrence import TagPair, cooccurrence
from app.reports.implied import layered
from app.reports.matrix import MatrixCell, tag_article_matrix
from app.reports.scope import ReportScope, resolve
from app.reports.tables import ReportTable
from app.reports.tag_frequency import TagFrequency, tag_frequency
from app.reports.timeline import TimelineRow, TimelineSubject, timeline
from app.search_index import SearchIndex

WHOLE_LIBRARY = ReportScope()


class Reports:
    """Each report over a scope (the whole library by default); a window pages the rows (``table().page``)."""

    def __init__(self, store: Store, index: SearchIndex) -> None:
        self._store = store
        self._index = index
        self._queries = ReportQueries(store.db)

    def tags(self, scope: ReportScope = WHOLE_LIBRARY) -> list[TagFrequency]:
        """Highlights and articles per tag, with branch totals (``app.reports.tag_frequency``)."""
        within = self._highlights(scope)
        return tag_frequency(self._queries, within, layered(self._store.db, within))

    def cooccurrence(self, scope: ReportScope = WHOLE_LIBRARY, within: str = "highlight") -> list[TagPair]:
        """Pairs of tags on one highlight or in one paragraph (``app.reports.cooccurrence``)."""
        highlights = self._highlights(scope)
        return cooccurrence(self._queries, highlights, within, layered(self._store.db, highlights))

    def matrix(self, scope: ReportScope = WHOLE_LIBRARY) -> list[MatrixCell]:
        """Highlights per (tag, article), the non-empty cells (``app.reports.matrix``; ``grid()`` for a heat map)."""
        within = self._highlights(scope)
        return tag_article_matrix(self._queries, within, layered(self._store.db, within))

    def timeline(
        self, subject: TimelineSubject, scope: ReportScope = WHOLE_LIBRARY, by: str = "month", stack: str | None = None
    ) -> list[TimelineRow]:
        """Mentions of a query, a tag or a claim's evidence per publication period (``app.reports.timeline``)."""
        return timeline(self._store, self._index, subject, resolve(self._store, self._index, scope), by, stack)

    def scope_filter(self, scope: ReportScope = WHOLE_LIBRARY) -> ScopeFilter:
        """The query terms that narrow a clicked row's search to ``scope`` (``app.reports.clicks``)."""
        resolved = resolve(self._store, self._index, scope)
        if resolved.document_ids is None:
            return ScopeFilter()
        articles = articles_term(resolved.document_ids)
        return ScopeFilter(tag_term(normalize_tag(scope.tag)) if scope.tag is not None else articles, articles)

    def parent_tags(self) -> frozenset[str]:
        """The tags with tags below them ("region" for "region/iran"): their rows ask for the tag alone."""
        names = [name for _id, name in self._queries.tag_names()]
        parts = [name.split("/") for name in names]
        return frozenset("/".join(path[:depth]) for path in parts for depth in range(1, len(path)))

    def _highlights(self, scope: ReportScope) -> frozenset[int] | None:
        return resolve(self._store, self._index, scope).annotation_ids


REPORTS: dict[str, tuple[str, tuple[str, ...]]] = {  # kind -> (title, columns)
    "tags": ("Tag frequency", ("tag", "highlights", "articles", "branch")),
    "cooccurrence": ("Tag co-occurrence", ("a", "b", "highlights")),
    "matrix": ("Tag × article matrix", ("tag", "document_id", "title", "highlights")),
    "timeline": ("Timeline", ("period", "mentions", "articles")),
}


def table(
    kind: str,
    scope: ReportScope,
    rows: Sequence[TagFrequency | TagPair | MatrixCell | TimelineRow],
    stack: str | None = None,
    about: str = "",
) -> ReportTable:
    """A report's rows as a table for CSV and Markdown: its JSON fields as columns, and a stacked timeline's
    series as columns of their own, named ``tag:region/iran`` or ``stance:supports``; ``about`` follows the
    title ("Timeline: Mentions of “sanctions”")."""
    title, columns = REPORTS[kind]
    series: dict[str, None] = {}
    for row in rows:
        if isinstance(row, TimelineRow):
            series.update(dict.fromkeys(row.series))
    body = []
    for row in rows:
        record = row.to_json()
        values = [record[column] for column in columns]
        if isinstance(row, TimelineRow):
            values += [row.series.get(name, 0) for name in series]
        body.append(tuple(values))
    names = columns + tuple(f"{stack}:{name}" for name in series)
    return ReportTable(f"{title}: {about}" if about else title, scope.describe(), names, tuple(body))
