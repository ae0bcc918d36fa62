"""The timeline: how often a query, a tag or a claim's evidence appears, by the articles' publication month or year.

What is counted (``mentions``) and in how many articles (``articles``), per period:

- a query: every mention, as ``search --mentions`` counts them (``app.mentions``: each occurrence in an
  article's text; a title or highlight match is none), taken from the index's per-article counts;
- a tag: the highlights carrying it or one of its children;
- a claim: its evidence, the highlights linked to it (any stance).

Inside a scope, only the scope's articles are counted (for a tag scope: the articles holding its
highlights). Periods are described in ``app.reports.periods``; undated articles get the row "undated".
Stacking splits each row's mentions into series: ``stack="tag"`` (a tag timeline) by each tag of the
family as written (a highlight with two of them counts in both series), ``stack="stance"`` (a claim
timeline) by supports, contradicts and context.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotations.errors import NotFound
from annotations.models import STANCES
from annotations.store import Store
from annotations.store_reports import ReportQueries
from annotations.tags import normalize_tag
from app.exports.scope import InvalidScope
from app.mentions import mention_query, textless_articles
from app.reports.periods import BY, every_period, period_of
from app.reports.scope import ResolvedScope
from app.search_index import SearchIndex

STACKS = ("tag", "stance")


@dataclass(frozen=True)
class TimelineSubject:
    """What a timeline follows: exactly one of a query, a tag, a claim (by id)."""

    query: str | None = None
    tag: str | None = None
    claim_id: int | None = None

    def describe(self) -> str:
        if self.tag is not None:
            return f"Highlights tagged {normalize_tag(self.tag)}"
        if self.claim_id is not None:
            return f"Evidence of claim #{self.claim_id}"
        return f"Mentions of “{self.query}”"


@dataclass(frozen=True)
class TimelineRow:
    """One period: ``series`` (when stacked) splits ``mentions`` by tag or stance, every series in every row."""

    period: str
    mentions: int
    articles: int
    series: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        row: dict[str, object] = {"period": self.period, "mentions": self.mentions, "articles": self.articles}
        return row | ({"series": dict(self.series)} if self.series else {})


@dataclass(frozen=True)
class _Counted:
    """One counted thing: its article, how many mentions it stands for, and the series it falls in."""

    document_id: int
    mentions: int
    series: tuple[str, ...] = ()


def timeline(
    store: Store,
    index: SearchIndex,
    subject: TimelineSubject,
    scope: ResolvedScope,
    by: str = "month",
    stack: str | None = None,
) -> list[TimelineRow]:
    """The rows in time order, "undated" last; raises QueryError, NotFound (no such claim) or InvalidScope."""
    if by not in BY:
        raise InvalidScope(f"a timeline goes by month or by year, not by “{by}”")
    named = sum(value is not None for value in (subject.query, subject.tag, subject.claim_id))
    if named != 1:
        raise InvalidScope("a timeline follows one thing: a query, a tag or a claim")
    if stack == "tag" and subject.tag is None:
        raise InvalidScope("stacking by tag needs a tag's timeline (its tags below it are the series)")
    if stack == "stance" and subject.claim_id is None:
        raise InvalidScope("stacking by stance needs a claim's timeline")
    queries = ReportQueries(store.db)
    if subject.query is not None:
        counted = _mentions(index, subject.query)
    elif subject.tag is not None:
        counted = _tagged(queries, normalize_tag(subject.tag))
    else:
        assert subject.claim_id is not None
        counted = _evidence(store, queries, subject.claim_id)
    if scope.document_ids is not None:
        counted = [item for item in counted if item.document_id in scope.document_ids]
    return _by_period(counted, queries.published(), by, stack)


def _mentions(index: SearchIndex, query: str) -> list[_Counted]:
    narrowed = mention_query(index, query)  # QueryError as the search says it
    textless = textless_articles(index, narrowed)  # hit by a title or note only: no mention
    return [
        _Counted(document_id, hits)
        for document_id, _title, hits in index.facets(narrowed).articles
        if document_id not in textless
    ]


def _tagged(queries: ReportQueries, name: str) -> list[_Counted]:
    tags_of: dict[int, list[str]] = defaultdict(list)
    article_of: dict[int, int] = {}
    for annotation_id, document_id, tag in queries.tagged_in_family(name, None):
        tags_of[annotation_id].append(tag)
        article_of[annotation_id] = document_id
    if not tags_of and not _has_tag(queries, name):
        raise InvalidScope(f"no tag “{name}”")
    return [_Counted(article_of[a], 1, tuple(sorted(tags))) for a, tags in tags_of.items()]


def _has_tag(queries: ReportQueries, name: str) -> bool:
    return any(tag == name or tag.startswith(name + "/") for _id, tag in queries.tag_names())


def _evidence(store: Store, queries: ReportQueries, claim_id: int) -> list[_Counted]:
    if store.claims.get(claim_id) is None:
        raise NotFound(f"no claim #{claim_id}")
    links = store.claims.links(claim_id)
    article_of = dict(queries.highlight_articles([link.annotation_id for link in links]))
    return [_Counted(article_of[link.annotation_id], 1, (link.stance,)) for link in links]


def _by_period(counted: Iterable[_Counted], published: dict[int, str], by: str, stack: str | None) -> list[TimelineRow]:
    mentions: Counter[str] = Counter()
    articles: dict[str, set[int]] = defaultdict(set)
    series: dict[str, Counter[str]] = defaultdict(Counter)
    names: set[str] = set(STANCES) if stack == "stance" else set()
    for item in counted:
        period = period_of(published.get(item.document_id, ""), by)
        mentions[period] += item.mentions
        articles[period].add(item.document_id)
        if stack is not None:
            series[period].update(dict.fromkeys(item.series, item.mentions))
            names.update(item.series)
    order = list(STANCES) if stack == "stance" else sorted(names)
    return [
        TimelineRow(
            period,
            mentions[period],
            len(articles.get(period, ())),
            {name: series[period][name] for name in order} if stack is not None else {},
        )
        for period in every_period(set(mentions), by)
    ]
