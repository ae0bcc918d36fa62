"""Facets of a search: how its hits divide by tag, colour, article and year, for narrowing a result.

Counted over every hit of the query (never just the page shown), one count per hit:

- ``tags``: highlight hits by each tag the highlight carries, as written (``region/iran`` counts for
  ``region/iran``, not for ``region``); a highlight with two tags counts once for each.
- ``colors``: highlight hits by the highlight's colour.
- ``articles``: every hit (occurrences in the text and matching highlights) by its article.
- ``years``: every hit by the published year of its article; hits in undated articles are not listed.

Each list is sorted by count, most first; ties by name, by title (numbers by value) then id, and by year, newest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from annotations.natural_order import natural_key


@dataclass(frozen=True, slots=True)  # many are kept (index.segment_tallies): 110 bytes each, not 150
class Tally:
    """What one matching entry adds to a result: its article, how many hits it gives, a highlight's tags and colour."""

    kind: str  # "article" | "annotation"
    document_id: int
    mentions: int
    tags: tuple[str, ...] = ()
    color: str = ""


@dataclass(frozen=True)
class Facets:
    tags: list[tuple[str, int]] = field(default_factory=list)  # (tag, hits)
    colors: list[tuple[str, int]] = field(default_factory=list)  # (colour, hits)
    articles: list[tuple[int, str, int]] = field(default_factory=list)  # (document id, title, hits)
    years: list[tuple[int, int]] = field(default_factory=list)  # (published year, hits)

    def to_json(self) -> dict[str, object]:
        return {
            "tags": [{"tag": tag, "hits": count} for tag, count in self.tags],
            "colors": [{"color": color, "hits": count} for color, count in self.colors],
            "articles": [
                {"document_id": document_id, "title": title, "hits": count}
                for document_id, title, count in self.articles
            ],
            "years": [{"year": year, "hits": count} for year, count in self.years],
        }


def count_facets(tallies: Iterable[Tally], article_of: Callable[[int], tuple[str, int | None]]) -> Facets:
    """The facets of the hits ``tallies`` stand for; ``article_of(document_id)`` gives an article's
    (title, published year or None)."""
    tags: Counter[str] = Counter()
    colors: Counter[str] = Counter()
    articles: Counter[int] = Counter()
    years: Counter[int] = Counter()
    for tally in tallies:
        articles[tally.document_id] += tally.mentions
        if tally.kind == "annotation":
            tags.update(dict.fromkeys(tally.tags, 1))
            if tally.color:
                colors[tally.color] += 1
    titles: dict[int, str] = {}
    for document_id, count in articles.items():
        title, year = article_of(document_id)
        titles[document_id] = title
        if year is not None:
            years[year] += count
    return Facets(
        tags=sorted(tags.items(), key=lambda item: (-item[1], item[0])),
        colors=sorted(colors.items(), key=lambda item: (-item[1], item[0])),
        articles=sorted(
            ((document_id, titles[document_id], count) for document_id, count in articles.items()),
            key=lambda item: (-item[2], natural_key(item[1]), item[0]),
        ),
        years=sorted(years.items(), key=lambda item: (-item[1], -item[0])),
    )
