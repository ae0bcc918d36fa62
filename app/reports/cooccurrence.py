"""Tag co-occurrence: which tags meet, on one highlight or in one paragraph.

Tags are counted as written (``region/iran``, not ``region``), less a tag that another below it on the same
highlight implies (``app.reports.implied``); each pair once, ``a < b`` by name.

- ``within="highlight"``: ``highlights`` is the number of highlights carrying both tags.
- ``within="paragraph"``: ``highlights`` is the number of paragraphs in which both tags occur, on one
  highlight or on two. A paragraph is one block of the reader: a line of the article's canonical text,
  between two ``\\n`` (``annotations.blocks``: the text is its blocks joined by ``\\n``, and no block holds
  one; a table row and each line of a code block are blocks too). A highlight belongs to every paragraph
  its span touches; an orphan (no place in the text) to none.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import combinations

from annotations.store_reports import ReportQueries
from app.reports.implied import NONE_LAYERED, Layered, counted_tags

WITHIN = ("highlight", "paragraph")
_BREAK = re.compile("\n")


@dataclass(frozen=True)
class TagPair:
    a: str
    b: str
    highlights: int

    def to_json(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "highlights": self.highlights}


def cooccurrence(
    queries: ReportQueries, within: Collection[int] | None, unit: str = "highlight", layers: Layered = NONE_LAYERED
) -> list[TagPair]:
    """Pairs of tags among the highlights ``within`` (None: every highlight), most frequent first."""
    if unit not in WITHIN:
        raise ValueError(f"co-occurrence within {unit!r}: choose highlight or paragraph")
    if unit == "highlight":
        counted = Counter({(a, b): count for a, b, count in queries.pairs_on_highlights(within)})
        layers.pair_change(counted)
    else:
        counted = _paragraph_pairs(queries, within)
    pairs = [TagPair(a, b, count) for (a, b), count in counted.items() if count > 0]
    return sorted(pairs, key=lambda pair: (-pair.highlights, pair.a, pair.b))


def paragraph_breaks(text: str) -> list[int]:
    """The offsets of the ``\\n`` between paragraphs: paragraph *n* runs from break *n - 1* + 1 to break *n*."""
    return [match.start() for match in _BREAK.finditer(text)]


def paragraphs_of(breaks: list[int], start: int, end: int) -> range:
    """The numbers of the paragraphs the span ``start``–``end`` touches (a break belongs to the paragraph it ends)."""
    return range(bisect_left(breaks, start), bisect_left(breaks, end - 1) + 1)


def _paragraph_pairs(queries: ReportQueries, within: Collection[int] | None) -> Counter[tuple[str, str]]:
    carried: dict[int, tuple[int, int, int, set[str]]] = {}
    for highlight, document_id, start, end, tag in queries.placed_tags(within):
        carried.setdefault(highlight, (document_id, start, end, set()))[3].add(tag)
    spans: dict[int, dict[tuple[int, int], set[str]]] = defaultdict(lambda: defaultdict(set))
    for document_id, start, end, tags in carried.values():
        spans[document_id][(start, end)] |= counted_tags(tags)
    # an article whose highlights carry one tag between them has no pair: its text need not be read
    paired = sorted(document_id for document_id, placed in spans.items() if len(set().union(*placed.values())) > 1)
    pairs: Counter[tuple[str, str]] = Counter()
    for document_id, text in queries.texts(paired):
        breaks = paragraph_breaks(text)
        tags_in: dict[int, set[str]] = defaultdict(set)
        for (start, end), tags in spans[document_id].items():
            for paragraph in paragraphs_of(breaks, start, end):
                tags_in[paragraph] |= tags
        for tags in tags_in.values():
            pairs.update(_pairs(tags))
    return pairs


def _pairs(tags: Iterable[str]) -> Iterable[tuple[str, str]]:
    return combinations(sorted(set(tags)), 2)
