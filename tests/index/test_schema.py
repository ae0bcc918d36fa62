"""The index's one-pass word positions must equal what Whoosh's own analysis would have indexed."""

from __future__ import annotations

import random

from whoosh.formats import Positions

from index.schema import ANALYZER, WordPositions

SAMPLES = [
    "Air defense support — AIR-DEFENSE support; U.S. aid isn't air defense.",
    "Ünïcödé İstanbul ΣΊΣΥΦΟΣ straße ǅemal ﬁnance 2024-05-17 don’t",
    "",
    "   \n\t  ",
    "word " * 50,
]


def test_word_positions_match_whoosh_positions_with_the_same_analyzer() -> None:
    rng = random.Random(5)
    alphabet = "abcXYZ éÉİıßΣς'’.-_ 0123456789\n\t,;"
    texts = SAMPLES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))) for _ in range(300)]
    fast, reference = WordPositions(), Positions()
    for text in texts:
        expected = sorted(reference.word_values(text, ANALYZER))
        assert sorted(fast.word_values(text, ANALYZER)) == expected, text
