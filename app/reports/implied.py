"""Tags as the reports count them: a tag another tag on the same highlight implies is set aside.

A highlight carrying ``region`` and ``region/iran`` says no more than one carrying ``region/iran``: the
index files both under the same terms (each tag and its ancestors), so no search can tell them apart. The
reports count both alike, so that the number in a row is the number of highlights its click opens
(``app.reports.clicks``): tag rows, pairs and matrix cells count each highlight's tags *less those with a
tag below them on it* (``region`` above); branch totals are unchanged. Such highlights are rare: the SQL
counts stand, and only these few are read and corrected (``LayeredTags``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from annotations.database import Database
from annotations.store_layered_tags import LayeredTags


def counted_tags(tags: Iterable[str]) -> frozenset[str]:
    """``tags`` without any that another of them lies below (``region`` beside ``region/iran``)."""
    written = frozenset(tags)
    return frozenset(tag for tag in written if not any(other.startswith(tag + "/") for other in written))


@dataclass(frozen=True)
class Layered:
    """The highlights in a scope that carry a tag and one below it: article and tags as written, by id."""

    highlights: dict[int, tuple[int, frozenset[str]]]

    def set_aside(self) -> list[tuple[int, int, str]]:
        """(highlight, article, tag) for each tag the reports do not count on its highlight."""
        return [
            (highlight, document_id, tag)
            for highlight, (document_id, tags) in self.highlights.items()
            for tag in sorted(tags - counted_tags(tags))
        ]

    def pair_change(self, pairs: Counter[tuple[str, str]]) -> None:
        """Move ``pairs`` (counted over tags as written) to the tags as counted."""
        for _document_id, tags in self.highlights.values():
            pairs.subtract(_pairs(tags))
            pairs.update(_pairs(counted_tags(tags)))

    def cell_change(self) -> Counter[tuple[str, int]]:
        """(tag, article) -> how many of its highlights there the matrix does not count."""
        return Counter((tag, document_id) for _highlight, document_id, tag in self.set_aside())


NONE_LAYERED = Layered({})


def layered(db: Database, within: Collection[int] | None) -> Layered:
    found: dict[int, tuple[int, set[str]]] = {}
    for highlight, document_id, tag in LayeredTags(db).layered(within):
        found.setdefault(highlight, (document_id, set()))[1].add(tag)
    return Layered({key: (document_id, frozenset(tags)) for key, (document_id, tags) in found.items()})


def articles_left(carriers: Iterable[tuple[int, int]], set_aside: Collection[int]) -> tuple[int, int]:
    """(highlights, articles) of ``carriers`` (highlight, article) once the highlights ``set_aside`` go."""
    kept: dict[int, int] = defaultdict(int)
    for highlight, document_id in carriers:
        if highlight not in set_aside:
            kept[document_id] += 1
    return sum(kept.values()), len(kept)


def _pairs(tags: Iterable[str]) -> list[tuple[str, str]]:
    ordered = sorted(set(tags))
    return [(a, b) for index, a in enumerate(ordered) for b in ordered[index + 1 :]]
