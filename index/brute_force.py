"""The truth that every-mention search is checked against: a brute-force scan of the canonical texts.

For a quoted phrase, every mention is each case-insensitive occurrence of its words, as whole words,
separated only by spaces or punctuation (a hyphen, a line break, a comma, quotes), in an article's
text. A word joined to the next by an apostrophe or a full stop is one word ("support's",
"air.defense"), so those are not mentions; nor are longer words ("supports", "xair").

The scan is written from that definition with ``re`` alone and imports nothing of the index (not
its analyzer, not its word pattern), so it is an independent oracle. ``tests/index`` and
``benchmarks/search_truth.py`` compare the search against it on the corpus ``generate_articles``
writes: the phrases in the forms real text uses, and near misses that must not count.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

Span = tuple[int, int]
Mention = tuple[int, int, int]  # (document id, start, end)

PHRASES = (
    "air defense support",
    "supply chains",
    "spare parts",
    "grid resilience",
    "export controls",
    "dual-use",
    "sanctions",
    "the",
)
_FILLER = (
    "analysts noted that the ministry would review its budget before the summit while officials "
    "described export rules as porous and maintenance as a quiet form of dependency across the region"
).split()
_VARIANTS = (
    "{p}",
    "{P}",
    "{T}",
    "{hyphenated}",
    "{p},",
    "({p})",
    "“{p}”",
    "{linebroken}",
)
_NEAR_MISSES = ("{p}s", "{p}'s", "{dotted}", "x{p}", "{p}ing")
_JOINERS = "'’."  # inside a word ("support's", "air.defense"), they make one word of two


def word_pattern(phrase: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive occurrences of ``phrase``'s words with only spaces/punctuation between."""
    words = re.findall(r"\w+", phrase)
    separator = rf"(?:[^\w{_JOINERS}]|[{_JOINERS}](?!\w)|(?<!\w)[{_JOINERS}])+"
    body = separator.join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?<!\w[{_JOINERS}]){body}(?!\w)(?![{_JOINERS}]\w)", re.IGNORECASE)


def brute_force_spans(text: str, phrase: str) -> list[Span]:
    """Every mention of ``phrase`` in ``text`` as (start, end) character offsets, in text order."""
    return [(match.start(), match.end()) for match in word_pattern(phrase).finditer(text)]


def expected_mentions(texts: Iterable[tuple[int, str]], phrase: str) -> set[Mention]:
    """Every mention of ``phrase`` in (document id, text) pairs: what a search for it must list."""
    return {(document_id, start, end) for document_id, text in texts for start, end in brute_force_spans(text, phrase)}


class _Hit(Protocol):  # what ``found_mentions`` reads of ``index.search.Hit``
    kind: str
    document_id: int
    start: int
    end: int


def found_mentions(hits: Iterable[_Hit]) -> set[Mention]:
    """The mentions among a search's hits: occurrences in an article's text (a highlight, or an article
    matched only by its title or note, is no mention)."""
    return {(hit.document_id, hit.start, hit.end) for hit in hits if hit.kind == "article" and hit.end > hit.start}


@dataclass(frozen=True)
class Truth:
    """How the mentions a search returned for ``phrase`` compare with the scan's."""

    phrase: str
    expected: int
    found: int
    correct: int

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


def compare(phrase: str, expected: set[Mention], found: set[Mention]) -> Truth:
    return Truth(phrase, len(expected), len(found), len(expected & found))


def _variant(template: str, phrase: str) -> str:
    return template.format(
        p=phrase,
        P=phrase.upper(),
        T=phrase.title(),
        hyphenated=phrase.replace(" ", "-"),
        linebroken=phrase.replace(" ", "\n", 1),
        dotted=phrase.replace(" ", ".", 1),
    )


def generate_articles(folder: Path, count: int, seed: int = 3) -> list[Path]:
    """Markdown articles that use each of ``PHRASES`` in real-world forms and near misses; their paths."""
    rng = random.Random(seed)
    written = []
    for number in range(count):
        paragraphs = []
        for _ in range(rng.randint(3, 7)):
            words = rng.choices(_FILLER, k=rng.randint(20, 60))
            for _ in range(rng.randint(1, 4)):
                phrase = rng.choice(PHRASES)
                template = rng.choice(_VARIANTS + _NEAR_MISSES)
                words.insert(rng.randrange(len(words) + 1), _variant(template, phrase))
            paragraphs.append(" ".join(words).capitalize() + ".")
        text = f"# Generated report {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        path = folder / f"generated-{number:04d}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
