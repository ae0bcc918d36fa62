"""The form a word is matched in: one spelling for what a reader would call the same word.

Used for matching only, never for the stored text: the index and the mention finder normalise each token
and keep its offsets in the stored text, so the reader selects exactly the characters that matched.

Folded: Unicode compatibility forms (NFKC: full- and half-width forms, ligatures, Arabic presentation
forms), case (``casefold``, so German ß = ss), the Arabic and Persian letter variants (ي ی ى → ي;
ك ک → ك; ة ۀ → ه; أ إ آ ٱ → ا), tatweel, Arabic and Hebrew diacritics, Greek accents, Arabic-Indic and
Persian digits (→ 0–9), the stress marks of Russian and Ukrainian (оборо́на = оборона), and the invisible
joiners (ZWNJ, ZWJ, soft hyphen, word joiner, BOM).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_DROPPED = [0x0640, 0x200C, 0x200D, 0x00AD, 0x2060, 0xFEFF]  # tatweel, joiners, soft hyphen
_DROPPED += list(range(0x0610, 0x061B))  # Arabic honorific marks
_DROPPED += list(range(0x064B, 0x0660))  # Arabic harakat: fatha, damma, kasra, shadda, sukun, tanwin …
_DROPPED += [0x0670]  # superscript alef
_DROPPED += list(range(0x06D6, 0x06DD)) + list(range(0x06DF, 0x06E5)) + [0x06E7, 0x06E8]
_DROPPED += list(range(0x06EA, 0x06EE))  # Quranic annotation marks
_DROPPED += list(range(0x0591, 0x05BE)) + [0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7]  # Hebrew points

_FOLDED: dict[int, str | None] = dict.fromkeys(_DROPPED)
_FOLDED.update(
    {
        0x0649: "\u064a",  # ى alef maksura → ي
        0x06CC: "\u064a",  # ی Persian yeh → ي
        0x06A9: "\u0643",  # ک Persian kaf → ك
        0x0629: "\u0647",  # ة teh marbuta → ه
        0x06C0: "\u0647",  # ۀ heh with yeh above → ه
        0x0623: "\u0627",  # أ → ا
        0x0625: "\u0627",  # إ → ا
        0x0622: "\u0627",  # آ → ا
        0x0671: "\u0627",  # ٱ → ا
    }
)
_FOLDED.update({0x0660 + digit: str(digit) for digit in range(10)})  # Arabic-Indic digits
_FOLDED.update({0x06F0 + digit: str(digit) for digit in range(10)})  # Persian digits


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def _has_greek(text: str) -> bool:
    return any("\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff" for char in text)


def _without_greek_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


@lru_cache(maxsize=300_000)
def _normalized(word: str) -> str:
    folded = unicodedata.normalize("NFKC", word).casefold().translate(_FOLDED)
    if _has_greek(folded):
        folded = _without_greek_accents(folded)
    if ("\u0301" in folded or "\u0300" in folded) and _has_cyrillic(folded):
        folded = folded.replace("\u0301", "").replace("\u0300", "")  # stress marks
    return folded


def normalize_word(word: str) -> str:
    """``word`` (a token of the stored text, or of a query) in the form it is matched in."""
    if word.isascii():
        return word.lower()
    return _normalized(word)
