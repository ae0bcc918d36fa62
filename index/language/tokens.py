"""The index's words: where each is in the stored text, its matching form, and its position.

A word is a run of letters and digits (with the combining marks and invisible joiners inside it, and inner
apostrophes and full stops: "don't", "U.S.", "می‌خواهم"); each Chinese, Japanese or Korean character
(with any marks after it) is a token of its own, since those scripts put no spaces between words. A
query of several such characters becomes a phrase of them, so any substring is found.

Positions count tokens, with one gap wherever something (a space, punctuation) stands between a CJK
character and its neighbour: "방공 지원" and "방공지원" are different strings, and "貓，頭" is not "貓頭".
Between two ordinary words there is no gap, so "air-defense" still matches the phrase "air defense".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from index.language.normalize import normalize_word
from index.language.scripts import CJK_CLASS, TRAILING_CLASS, character_class, ranges_of

_WORD_CHAR = rf"[^\W{CJK_CLASS}]"
_WORD_BODY = rf"{_WORD_CHAR}(?:{_WORD_CHAR}|[{TRAILING_CLASS}])*"
WORD_PATTERN = rf"{_WORD_BODY}(?:['’.]{_WORD_BODY})*"
CJK_PATTERN = rf"[{CJK_CLASS}][{TRAILING_CLASS}]*"
TOKEN_PATTERN = re.compile(rf"(?P<cjk>{CJK_PATTERN})|{WORD_PATTERN}")
_PLAIN_WORDS = re.compile(WORD_PATTERN)


class Token(NamedTuple):
    text: str  # the matching form (index.language.normalize)
    start: int  # offsets in the stored text
    end: int
    position: int
    cjk: bool


@lru_cache(maxsize=1)
def _folding() -> re.Pattern[str]:
    """The characters after which lower-casing a text is not its words' matching form: letters and digits
    whose matching form is not their lower case ("ß", "Ａ", Arabic variants, Greek accents), marks and
    joiners, CJK, "İ" (two characters lower-cased), and anything beyond the basic plane. Built once (~30 ms)."""
    codes = []
    for code in range(0x80, 0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or not (char.isalnum() or unicodedata.category(char).startswith("M")):
            continue  # not part of a word: how it folds does not matter
        if normalize_word(char) != char.lower():
            codes.append(code)
    return re.compile(f"[{character_class(ranges_of(codes))}{TRAILING_CLASS}{CJK_CLASS}\u0130\U00010000-\U0010ffff]")


def lowers_plainly(text: str) -> bool:
    """Whether ``text.lower()`` gives every word's matching form at the same offsets (most English text):
    then the words can be found in the lowered text in one pass, as fast as before normalisation."""
    return text.isascii() or _folding().search(text) is None


def tokens(text: str) -> Iterator[Token]:
    """Every token of ``text`` in order."""
    if lowers_plainly(text):
        for position, match in enumerate(_PLAIN_WORDS.finditer(text.lower())):
            yield Token(match.group(), match.start(), match.end(), position, False)
    else:
        yield from tokens_of_any_text(text)


def tokens_of_any_text(text: str) -> Iterator[Token]:
    """``tokens`` the general way, word by word: what the plain path must equal where it applies."""
    position = -1
    previous_end = -1
    previous_cjk = False
    for match in TOKEN_PATTERN.finditer(text):
        start, end = match.span()
        cjk = match.lastgroup == "cjk"
        word = normalize_word(match.group())
        if not word:  # a lone tatweel or the like: nothing to match, and no word between its neighbours
            continue
        position += 1
        if (cjk or previous_cjk) and start > previous_end >= 0:
            position += 1
        previous_end, previous_cjk = end, cjk
        yield Token(word, start, end, position, cjk)


def tokenize(text: str) -> list[Token]:
    return list(tokens(text))


def phrase_offsets(words: list[str], char_ranges: list[tuple[int, int]] | None) -> tuple[int, ...]:
    """The relative positions of a query's words (as ``tokens`` would number them), from where each was in
    the query: a gap wherever characters stood between a CJK word and its neighbour."""
    offsets = [0]
    for at in range(1, len(words)):
        gap = 0
        if char_ranges is not None and len(char_ranges) == len(words):
            touching_cjk = _starts_cjk(words[at]) or _starts_cjk(words[at - 1])
            gap = 1 if touching_cjk and char_ranges[at][0] > char_ranges[at - 1][1] else 0
        offsets.append(offsets[-1] + 1 + gap)
    return tuple(offsets)


_CJK_START = re.compile(f"[{CJK_CLASS}]")


def _starts_cjk(word: str) -> bool:
    return bool(word) and _CJK_START.match(word) is not None
