"""Which writing system a character or word belongs to: what tokenising and stemming depend on."""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache

# Han, kana and Hangul: written without spaces between words, so every character is a token of its own.
# (Enclosed and squared forms such as ㈱ and ㍿ are symbols, not letters, and are left out.)
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x115F),  # Hangul initial consonants (a decomposed syllable starts here)
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x303B, 0x303C),
    (0x3041, 0x3096),  # Hiragana
    (0x309D, 0x309F),
    (0x30A1, 0x30FA),  # Katakana
    (0x30FC, 0x30FF),
    (0x3105, 0x312F),  # Bopomofo
    (0x3131, 0x318E),  # Hangul compatibility jamo
    (0x31A0, 0x31BF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul jamo extended A
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9D),  # half-width katakana
    (0xFFA0, 0xFFDC),  # half-width Hangul
    (0x20000, 0x2FA1F),  # CJK extensions B–F and compatibility supplement
    (0x30000, 0x323AF),  # CJK extensions G–H
)

# Characters that belong to the character before them: combining marks, the half-width voicing marks,
# the vowels and finals of a decomposed Hangul syllable, and the invisible joiners (ZWNJ, ZWJ, soft
# hyphen, word joiner, BOM). Inside a word they never split it.
_EXTRA_TRAILING = ((0x1160, 0x11FF), (0xD7B0, 0xD7FF), (0xFF9E, 0xFF9F), (0x200C, 0x200D), (0x00AD, 0x00AD),
                   (0x2060, 0x2060), (0xFEFF, 0xFEFF))


def ranges_of(codes: list[int]) -> list[tuple[int, int]]:
    """Sorted code points as (first, last) ranges of consecutive ones."""
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def _mark_ranges() -> list[tuple[int, int]]:
    """Every combining mark (categories Mn, Mc, Me) of the basic and first supplementary planes."""
    codes = [code for code in range(0x0300, 0x20000) if unicodedata.category(chr(code)).startswith("M")]
    return ranges_of(codes)


def character_class(ranges: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """The inside of a regex character class for code point ranges."""
    return "".join(
        _escaped(low) if low == high else f"{_escaped(low)}-{_escaped(high)}" for low, high in ranges
    )


def _escaped(code: int) -> str:
    return f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}"


MARK_RANGES: tuple[tuple[int, int], ...] = tuple(sorted([*_mark_ranges(), *_EXTRA_TRAILING]))
CJK_CLASS = character_class(CJK_RANGES)
TRAILING_CLASS = character_class(MARK_RANGES)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in CJK_RANGES)


_SCRIPT_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "latin"),
    (0x0250, 0x02AF, "latin"),
    (0x1E00, 0x1EFF, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x1C80, 0x1C8F, "cyrillic"),
    (0x2DE0, 0x2DFF, "cyrillic"),
    (0xA640, 0xA69F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0530, 0x058F, "armenian"),
)


@lru_cache(maxsize=4096)
def _script_of_char(char: str) -> str:
    code = ord(char)
    for low, high, script in _SCRIPT_BLOCKS:
        if low <= code <= high:
            return script
    return "cjk" if is_cjk(char) else "other"


def script_of(word: str) -> str:
    """The script of a word's first letter ("latin", "cyrillic", "arabic", …); "none" for digits only."""
    for char in word:
        if char.isalpha():
            return _script_of_char(char)
    return "none"


assert sys.maxunicode >= 0x10FFFF  # the ranges above assume a wide build (every CPython 3 is one)
