"""Tag frequency: per tag, the highlights carrying it and the articles they are in, with branch totals.

A tag row counts the highlights carrying exactly that tag. A hierarchical tag (``region/iran``) also gives
a branch row for each ancestor (``region``): the highlights carrying the ancestor or any tag below it,
each counted once (a highlight tagged ``region/iran`` and ``region/iraq`` is one highlight of ``region``).
Rows come in tree order: a branch total just before the tags it gathers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from annotations.store_reports import ReportQueries


@dataclass(frozen=True)
class TagFrequency:
    """One row: ``branch`` is True for a branch total (the tag and everything below it)."""

    tag: str
    highlights: int
    articles: int
    branch: bool = False

    def to_json(self) -> dict[str, object]:
        return {"tag": self.tag, "highlights": self.highlights, "articles": self.articles, "branch": self.branch}


def tag_frequency(queries: ReportQueries, within: Collection[int] | None) -> list[TagFrequency]:
    """The rows for the highlights ``within`` (every highlight for None); tags no highlight there carries are
    left out. Each tag is one grouped count; each branch one count over its tags' ids."""
    rows = [TagFrequency(tag, highlights, articles) for tag, highlights, articles in queries.tag_counts(within)]
    gathered: dict[str, list[int]] = defaultdict(list)  # branch -> the ids of its tags (itself and below it)
    tags = queries.tag_names()
    parents = {name.rsplit("/", 1)[0] for _id, name in tags if "/" in name}
    branches = {branch for parent in parents for branch in _ancestors_and_self(parent)}
    for tag_id, name in tags:
        for branch in _ancestors_and_self(name):
            if branch in branches:
                gathered[branch].append(tag_id)
    for branch, tag_ids in gathered.items():
        highlights, articles = queries.distinct_counts(tag_ids, within)
        if highlights:
            rows.append(TagFrequency(branch, highlights, articles, branch=True))
    return sorted(rows, key=lambda row: (row.tag.split("/"), not row.branch))


def _ancestors_and_self(name: str) -> list[str]:
    parts = name.split("/")
    return ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
