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
    alphabet = "abcXYZ éÉİıßΣς'’.-_ 0123456789\n\t,;貓頭鷹방공،الدِّ\u200cｶﾞ"
    texts = SAMPLES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))) for _ in range(300)]
    fast, reference = WordPositions(), Positions()
    for text in texts:
        expected = sorted(reference.word_values(text, ANALYZER))
        assert sorted(fast.word_values(text, ANALYZER)) == expected, text


def test_word_stems_match_whoosh_frequency_with_the_stemming_analyzer() -> None:
    from whoosh.analysis import StemFilter
    from whoosh.formats import Frequency

    from index.language.stemming import stem_term
    from index.schema import WordStems

    stem_analyzer = ANALYZER | StemFilter(stemfn=lambda word: stem_term(word, ""))

    rng = random.Random(9)
    words = "sanction sanctions sanctioned sanctioning Running runs ran ÉTATS états it's U.S. 2024 running".split()
    texts = SAMPLES + [" ".join(rng.choice(words) for _ in range(rng.randint(0, 80))) for _ in range(200)]
    for text in texts:
        expected = sorted(Frequency().word_values(text, stem_analyzer))
        assert sorted(WordStems().word_values(text, ANALYZER)) == expected, text


def test_mention_tokens_are_exactly_the_analyzer_tokens() -> None:
    from index.mentions import tokenize

    rng = random.Random(3)
    alphabet = "abcXYZ éÉİıßΣς'’.-_ 0123456789\n\t,;"
    texts = SAMPLES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))) for _ in range(300)]
    for text in texts:
        expected = [(t.text, t.startchar, t.endchar) for t in ANALYZER(text, chars=True, mode="index")]
        assert [(t.text, t.start, t.end) for t in tokenize(text)] == expected, text
