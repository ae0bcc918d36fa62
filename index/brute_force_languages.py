"""The truth in every language: a brute-force scan of the stored texts, and the libraries it is asked of.

Like ``index.brute_force`` (the English oracle) it is written from a definition, not from the index:
it imports only the index's normalisation of one word (``normalize_word``) and its stemmer
(``stem_term``), never its tokenizer, its CJK handling or its query parser. The definition:

- The text is read as a row of units, each with its place in the stored text: a *CJK character*
  (a letter of Han, Hiragana, Katakana or Hangul, or a character NFKC makes one, with what belongs
  to it: the combining marks, half-width sound marks, decomposed Hangul vowels and finals and
  invisible joiners after it, i.e. ZWNJ, ZWJ, soft hyphen, word joiner, BOM), a *word* (a maximal
  run of ``\\w`` characters, combining marks, ZWNJ, ZWJ and soft hyphens, where an inner ``'``, ``’``
  or ``.`` joins two runs into one word; CJK characters are never part of a word) or a *gap* (any
  run of everything else: spaces, the zero-width space, punctuation, line breaks).
  CJK characters and words are compared after ``normalize_word``; a word that normalises to nothing
  (a lone tatweel or mark) counts as part of a gap.
- A quoted query, and any query with a CJK character in it, is read into units the same way; its
  mentions are the places where the text's units equal the query's, unit for unit: each CJK
  character of the query matches exactly one CJK character of the text (so ``貓頭鷹`` is found inside
  ``一隻貓頭鷹在``, but ``防空`` is not in ``防、空``, which is ``防 空``), each word a whole word,
  each gap a gap. As a find-next does, an occurrence starts after the one before it ends (``哈哈`` is
  once in ``哈哈哈``, twice in ``哈哈哈哈``).
- An unquoted single word without CJK characters matches every word ``w`` of an article written in
  language L with ``stem_term(normalize_word(w), L) == stem_term(normalize_word(query), L)``.
- A mention's span runs from the start of its first unit to the end of its last, with all that belongs
  to it: a CJK character's combining marks (``か`` + U+3099 is one character, ``が``) and the invisible
  joiners after it, as a word's span holds a ZWNJ at its end (``می‌`` before a space). Checked against
  the index, which does the same; stopping before a trailing joiner was the other choice, and would make
  CJK characters and words disagree.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from index.brute_force import Mention, Span
from index.brute_force_texts import LanguageSet, Query
from index.language.normalize import normalize_word
from index.language.stemming import stem_term

_CJK_RANGES = (
    (0x1100, 0x115F),  # Hangul leading consonants (a decomposed syllable starts with one)
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303B),
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana (its punctuation, ・ and ゠, is no letter: see is_cjk)
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul jamo extended A (leading consonants)
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9D),  # half-width Katakana
    (0xFFA0, 0xFFDC),  # half-width Hangul
    (0x20000, 0x3134F),  # CJK extensions B to G
)
# Invisible joiners (ZWNJ, ZWJ, soft hyphen, word joiner, BOM); a zero-width space (U+200B) is a space: a gap.
_ZERO_WIDTH = frozenset("\u200c\u200d\u00ad\u2060\ufeff")
# What belongs to the CJK character before it besides combining marks and joiners: the half-width
# (semi-)voiced sound marks (ｶﾞ is one character, ガ) and the vowels and finals of a decomposed Hangul
# syllable (ᄌ ᅵ is one character, 지).
_TAIL_RANGES = ((0xFF9E, 0xFF9F), (0x1160, 0x11FF), (0xD7B0, 0xD7FF))
_WORD_EXTRA = frozenset("\u200c\u200d\u00ad")
_JOINERS = frozenset("'’.")
_WORD_CHAR = re.compile(r"\w")

CJK, WORD, GAP = "cjk", "word", "gap"


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


@lru_cache(maxsize=4096)
def is_cjk(char: str) -> bool:
    """A letter of a CJK script (Han, Hiragana, Katakana, Hangul), or a character whose compatibility
    form is one (the Kangxi radical ⼯ that PDFs give for 工): never part of a word, matched one by one."""
    if _in(_CJK_RANGES, char) and _WORD_CHAR.match(char):
        return True
    compatible = unicodedata.normalize("NFKC", char)
    return compatible != char and len(compatible) == 1 and is_cjk(compatible)


def _belongs_to_previous(char: str) -> bool:
    """Part of the CJK character before it: a combining mark, an invisible joiner, a sound mark, a jamo."""
    return _is_mark(char) or char in _ZERO_WIDTH or _in(_TAIL_RANGES, char)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _is_word_char(char: str) -> bool:
    return not is_cjk(char) and (bool(_WORD_CHAR.match(char)) or _is_mark(char) or char in _WORD_EXTRA)


@dataclass(frozen=True)
class Unit:
    """One CJK character, word or gap of a text: ``key`` (normalised; ``" "`` for a gap) and its place."""

    kind: str
    key: str
    start: int
    end: int


def read_units(text: str, normalize: Callable[[str], str] | None = None) -> list[Unit]:
    """``text`` as CJK characters, words and gaps (see the module's docstring), in text order."""
    normalize = normalize or normalize_word
    units: list[Unit] = []

    def gap(start: int, end: int) -> None:
        if units and units[-1].kind == GAP:
            units[-1] = Unit(GAP, " ", units[-1].start, end)
        else:
            units.append(Unit(GAP, " ", start, end))

    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if is_cjk(char):
            after = index + 1
            while after < length and _belongs_to_previous(text[after]):
                after += 1
            key = normalize(text[index:after])
            if key:
                units.append(Unit(CJK, key, index, after))
            else:
                gap(index, after)
            index = after
        elif _is_word_char(char):
            after = _word_end(text, index)
            key = normalize(text[index:after])
            if key:
                units.append(Unit(WORD, key, index, after))
            else:
                gap(index, after)
            index = after
        else:
            after = index + 1
            while after < length and not is_cjk(text[after]) and not _is_word_char(text[after]):
                after += 1
            gap(index, after)
            index = after
    return units


def _word_end(text: str, start: int) -> int:
    """Where the word starting at ``start`` ends: runs of word characters, joined by an inner ' ’ or '.'."""
    end, length = start, len(text)
    while True:
        while end < length and _is_word_char(text[end]):
            end += 1
        if end + 1 < length and text[end] in _JOINERS and _is_word_char(text[end + 1]):
            end += 1
            continue
        return end


def is_cjk_query(words: str) -> bool:
    return any(is_cjk(char) for char in words)


def query_units(words: str, normalize: Callable[[str], str] | None = None) -> list[tuple[str, str]]:
    """The (kind, key) units a text must have in a row to mention ``words``; gaps at the edges dropped."""
    units = [(unit.kind, unit.key) for unit in read_units(words, normalize)]
    while units and units[0][0] == GAP:
        units.pop(0)
    while units and units[-1][0] == GAP:
        units.pop()
    return units


def unit_spans(units: list[Unit], wanted: list[tuple[str, str]]) -> list[Span]:
    """Every place where ``units`` has ``wanted`` in a row, as stored-text spans: leftmost first, and none
    overlapping the one before (``哈哈`` is in ``哈哈哈`` once, in ``哈哈哈哈`` twice)."""
    if not wanted:
        return []
    size = len(wanted)
    found = []
    first = 0
    while first <= len(units) - size:
        if all((units[first + k].kind, units[first + k].key) == wanted[k] for k in range(size)):
            found.append((units[first].start, units[first + size - 1].end))
            first += size  # the next occurrence starts after this one, as a find-next does
        else:
            first += 1
    return found


def stem_spans(units: list[Unit], word: str, language: str, normalize: Callable[[str], str] | None = None) -> list[Span]:
    """Every word of ``units`` with the stem of ``word`` in ``language`` (the same form, if it has no stem)."""
    key = (normalize or normalize_word)(word.strip())
    target = stem_term(key, language)
    return [
        (unit.start, unit.end)
        for unit in units
        if unit.kind == WORD and (unit.key == key if target is None else stem_term(unit.key, language) == target)
    ]


def query_spans(units: list[Unit], query: Query, language: str) -> list[Span]:
    """Every mention of ``query`` in a text read into ``units``, written in ``language``."""
    if query.quoted or is_cjk_query(query.words):
        return unit_spans(units, query_units(query.words))
    return stem_spans(units, query.words, language)


def mentions_in_text(text: str, language: str, query: Query) -> list[Span]:
    """Every mention of ``query`` in ``text`` (an article written in ``language``), in text order."""
    return query_spans(read_units(text), query, language)


@dataclass
class Corpus:
    """The stored texts of a library read once into units: (document id, language, units)."""

    documents: list[tuple[int, str, list[Unit]]] = field(default_factory=list)

    @classmethod
    def read(cls, texts: Iterable[tuple[int, str, str]]) -> Corpus:
        """From (document id, language, text) triples."""
        return cls([(document_id, language, read_units(text)) for document_id, language, text in texts])

    def expected(self, query: Query) -> set[Mention]:
        """Every mention of ``query`` in every article: what a search for it must list."""
        return {
            (document_id, start, end)
            for document_id, language, units in self.documents
            for start, end in query_spans(units, query, language)
        }


def generate_language_articles(language: LanguageSet, folder: Path, count: int, seed: int = 5) -> list[Path]:
    """``count`` plain-text articles of ``language``'s filler and planted sentences; their paths.

    Every article has each planted sentence at most once and at least two of them, so a small library
    already holds every variant; the same seed always writes the same files."""
    rng = random.Random(f"{language.code}-{seed}")
    written = []
    for number in range(count):
        planted = list(language.planted)
        rng.shuffle(planted)
        chosen = planted[: rng.randint(2, len(planted))]
        if number < len(language.planted) and language.planted[number] not in chosen:  # the first articles hold every one
            chosen.append(language.planted[number])
        paragraphs = []
        for start in range(0, len(chosen), 3):
            sentences = rng.choices(language.filler, k=rng.randint(1, 4)) + chosen[start : start + 3]
            rng.shuffle(sentences)
            paragraphs.append(language.sentence_gap.join(sentences))
        title = language.title.format(number=number)
        path = folder / f"{language.code}-{number:04d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        written.append(path)
    return written
