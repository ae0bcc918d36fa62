"""Tag frequency: per tag, the highlights carrying it and the articles they are in, with branch totals.

A tag row counts the highlights carrying exactly that tag (and no tag below it on the same highlight:
``app.reports.implied``). A hierarchical tag (``region/iran``) also gives
a branch row for each ancestor (``region``): the highlights carrying the ancestor or any tag below it,
each counted once (a highlight tagged ``region/iran`` and ``region/iraq`` is one highlight of ``region``).
Rows come in tree order: a branch total just before the tags it gathers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from annotations.store_reports import ReportQueries
from app.reports.implied import NONE_LAYERED, Layered, articles_left


@dataclass(frozen=True)
class TagFrequency:
    """One row: ``branch`` is True for a branch total (the tag and everything below it)."""

    tag: str
    highlights: int
    articles: int
    branch: bool = False

    def to_json(self) -> dict[str, object]:
        return {"tag": self.tag, "highlights": self.highlights, "articles": self.articles, "branch": self.branch}


def tag_frequency(
    queries: ReportQueries, within: Collection[int] | None, layers: Layered = NONE_LAYERED
) -> list[TagFrequency]:
    """The rows for the highlights ``within`` (every highlight for None); tags no highlight there carries are
    left out. Each tag is one grouped count; each branch one count over its tags' ids; a tag ``layers`` sets
    aside on some highlights is counted again without them."""
    counts = {tag: (highlights, articles) for tag, highlights, articles in queries.tag_counts(within)}
    aside: dict[str, set[int]] = defaultdict(set)
    for highlight, _document_id, tag in layers.set_aside():
        aside[tag].add(highlight)
    for tag, highlights in aside.items():
        carriers = [(hid, did) for hid, did, name in queries.tagged_in_family(tag, within) if name == tag]
        counts[tag] = articles_left(carriers, highlights)
    rows = [TagFrequency(tag, highlights, articles) for tag, (highlights, articles) in counts.items() if highlights]
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
