"""What a report covers: the whole library, a saved search, a query, or a tag with its children.

Resolved as an export of the same scope is (``app.exports.scope``), to the highlights it holds and the
articles it speaks of:

- whole library: every highlight and every article;
- a tag: the highlights carrying it or one of its children, and the articles holding those highlights;
- a query or a saved search (its query): the articles the query finds (in their text, title, source or
  note, or in one of their highlights), and every highlight in those articles. (An export of a search
  holds only the highlights the query itself matches; a report looks at the sources the search found,
  which is what "the codes in these articles" asks, and needs no hit located: a few milliseconds.)

Tag frequency, co-occurrence and the matrix count the scope's highlights; a timeline counts inside the
scope's articles (see ``app.reports.timeline``).
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations.store import Store
from annotations.store_reports import ReportQueries
from annotations.tags import normalize_tag
from app.exports.scope import InvalidScope, describe_scope, saved_query
from app.search_index import SearchIndex


@dataclass(frozen=True)
class ReportScope:
    """At most one field set; none means the whole library."""

    saved: str | None = None  # a saved search, by name
    query: str | None = None
    tag: str | None = None

    def describe(self) -> str:
        """A title for the report ("Tag region", "Search “radar”", "Whole library"), worded as an export's."""
        tag = normalize_tag(self.tag) if self.tag is not None else None
        return describe_scope(tag=tag, query=self.query, saved=self.saved)


@dataclass(frozen=True)
class ResolvedScope:
    """The highlights and the articles of a scope; None for "all of them"."""

    annotation_ids: frozenset[int] | None = None
    document_ids: frozenset[int] | None = None


def resolve(store: Store, index: SearchIndex, scope: ReportScope) -> ResolvedScope:
    """The scope's highlights and articles; raises InvalidScope (nothing by that name) or QueryError."""
    if sum(value is not None for value in (scope.saved, scope.query, scope.tag)) > 1:
        raise InvalidScope("choose one of: a saved search, a query or a tag")
    if scope.tag is not None:
        name = normalize_tag(scope.tag)
        if not store.tags.family(name):
            raise InvalidScope(f"no tag “{scope.tag}”")
        annotation_ids = frozenset(store.tags.annotations_tagged(name))
        documents = ReportQueries(store.db).article_of_highlights(annotation_ids)
        return ResolvedScope(annotation_ids, frozenset(documents))
    query = scope.query if scope.saved is None else saved_query(store, scope.saved)
    if query is None:
        return ResolvedScope()
    index.search(query, limit=0)  # QueryError in the search's words; the index brought up to date first
    documents = index.searcher.articles_hit(query)
    return ResolvedScope(frozenset(ReportQueries(store.db).highlights_in(documents)), documents)
