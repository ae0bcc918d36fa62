"""Find in one article's text: every place a phrase occurs, as offsets into the stored text.

The reader's Find bar matches as search does (``normalize.normalize_word``: NFKC, case, the Arabic and
Persian letter variants, diacritics, joiners, …), but inside words too, as a substring. The text is
folded once into its matching form with a map back to the stored characters (cached per text, so each
keystroke is one ``str.find`` loop). Folding goes by clusters (a character with the combining marks and
joiners after it), because NFKC may join a letter and its marks (e + ◌́ → é) or expand one character into
several (ﬁ → fi, ß → ss): a match starts and ends on cluster edges, so it always covers whole stored
characters; one that would cut a cluster's folded form in two (the "s" of "ß") is no match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from index.language.normalize import normalize_word
from index.language.scripts import CJK_CLASS, MARK_RANGES, TRAILING_CLASS, character_class, ranges_of

_TRAILING = re.compile(f"[{TRAILING_CLASS}]")
_WORD_CHAR = re.compile(rf"[\w{TRAILING_CLASS}]")
_CJK_CHAR = re.compile(f"[{CJK_CLASS}]")


def fold_cluster(cluster: str, match_case: bool) -> str:
    """A cluster's matching form: ``normalize_word``'s, or with ``match_case`` the same with its case kept."""
    if not match_case:
        return normalize_word(cluster)
    if cluster.isascii():
        return cluster
    folded = normalize_word(cluster)
    base = cluster[0]
    return folded.upper() if base.isupper() or base.istitle() else folded


@dataclass(frozen=True)
class _Folding:
    """How a text folds in one mode: most characters one for one (``str.lower`` and a translation table,
    applied in bulk), the rest (expanding, vanishing, or with marks after them) cluster by cluster."""

    table: dict[int, str]
    special: re.Pattern[str]
    lower: bool


@lru_cache(maxsize=2)
def _folding(match_case: bool) -> _Folding:
    """Built once per mode from ``normalize_word`` itself over the basic plane (~90 ms)."""
    table: dict[int, str] = {}
    marks = {code for low, high in MARK_RANGES if low <= 0xFFFF for code in range(low, min(high, 0xFFFF) + 1)}
    special = sorted(marks)  # a mark always folds with the letter before it
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF or code in marks:
            continue
        char = chr(code)
        folded = fold_cluster(char, match_case)
        plain = char if match_case else char.lower()  # what the bulk pass makes of it
        if folded == plain and len(plain) == 1:
            continue
        if len(folded) == 1 and (match_case or folded.lower() == folded):
            table[code] = folded
        else:
            special.append(code)  # expands (ﬁ, İ), vanishes (tatweel) or is a mark
    if not match_case:
        table[0x03A3] = "\u03c3"  # Σ: str.lower() makes it ς at a word's end, normalize_word always σ
    # Basic plane and beyond apart: a class of basic-plane characters only is a bitmap to the regex engine.
    bmp_class = character_class(ranges_of(sorted(special)))
    pattern = re.compile(f"(?:[{bmp_class}]|[\U00010000-\U0010ffff])[{TRAILING_CLASS}]*")
    return _Folding(table, pattern, not match_case)


@dataclass(frozen=True)
class FoldedText:
    """A text in its matching form, with where each piece of it came from.

    Pieces are plain runs (one folded character per stored character) or clusters (folded as one,
    never split). ``folded_starts`` holds each piece's first index in ``folded``, ``stored_starts`` its
    first offset in the stored text, ``stored_ends`` its end there; ``whole`` says it is a cluster."""

    folded: str
    folded_starts: list[int]
    stored_starts: list[int]
    stored_ends: list[int]
    whole: list[bool]

    def stored_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The stored characters behind ``folded[start:end]``; None when it cuts a cluster."""
        first = bisect_right(self.folded_starts, start) - 1
        last = bisect_right(self.folded_starts, end - 1) - 1
        if self.whole[first]:
            if start != self.folded_starts[first]:
                return None
            stored_start = self.stored_starts[first]
        else:
            stored_start = self.stored_starts[first] + start - self.folded_starts[first]
        following = self.folded_starts[last + 1] if last + 1 < len(self.folded_starts) else len(self.folded)
        if self.whole[last]:
            if end != following:
                return None
            stored_end = self.stored_ends[last]
        else:
            stored_end = self.stored_starts[last] + end - self.folded_starts[last]
        return stored_start, stored_end


@lru_cache(maxsize=8)
def folded_text(text: str, match_case: bool = False) -> FoldedText:
    """``text`` in its matching form (cached: the open article is folded once, not at every keystroke)."""
    pieces: list[str] = []
    folded_starts: list[int] = []
    stored_starts: list[int] = []
    stored_ends: list[int] = []
    whole: list[bool] = []
    length = 0

    def add(piece: str, start: int, end: int, is_cluster: bool) -> None:
        nonlocal length
        if not piece:  # a tatweel, a lone joiner: nothing to match; a match around it covers it
            return
        pieces.append(piece)
        folded_starts.append(length)
        stored_starts.append(start)
        stored_ends.append(end)
        whole.append(is_cluster)
        length += len(piece)

    if text.isascii():
        add(text if match_case else text.lower(), 0, len(text), False)
        return FoldedText("".join(pieces), folded_starts, stored_starts, stored_ends, whole)
    folding = _folding(match_case)
    done = 0
    for match in folding.special.finditer(text):
        start, end = match.span()
        if start > done and _TRAILING.match(text, start):
            start -= 1  # marks after a letter: fold the letter with them (e + ◌́ → é)
        if start > done:
            add(_fold_run(text[done:start], folding), done, start, False)
        add(fold_cluster(text[start:end], match_case), start, end, True)
        done = end
    if done < len(text):
        add(_fold_run(text[done:], folding), done, len(text), False)
    return FoldedText("".join(pieces), folded_starts, stored_starts, stored_ends, whole)


def _fold_run(run: str, folding: _Folding) -> str:
    """A run of characters that fold one for one."""
    run = run.translate(folding.table)
    return run.lower() if folding.lower else run


def find_in_text(
    text: str, needle: str, *, match_case: bool = False, whole_words: bool = False
) -> list[tuple[int, int]]:
    """Every occurrence of ``needle`` in ``text`` as ``(start, end)`` offsets into ``text``, in order.

    Matching is search's (a Persian ی finds ي, ك finds ک, "Strasse" finds "Straße", a word with
    diacritics finds it without them); ``match_case`` keeps only case apart. ``whole_words`` wants a
    non-word character (or the text's edge) on both sides; every CJK character is a word of its own,
    so there it finds what a substring search finds."""
    wanted = folded_text(needle, match_case).folded if needle else ""
    if not wanted:
        return []
    haystack = folded_text(text, match_case)
    folded = haystack.folded
    found: list[tuple[int, int]] = []
    at = folded.find(wanted)
    while at >= 0:
        span = haystack.stored_span(at, at + len(wanted))
        if span is not None and (not whole_words or _whole_word(text, *span)):
            found.append(span)
            at = folded.find(wanted, at + len(wanted))
        else:
            at = folded.find(wanted, at + 1)
    return found


def _whole_word(text: str, start: int, end: int) -> bool:
    return _word_edge(text, start) and _word_edge(text, end)


def _word_edge(text: str, at: int) -> bool:
    """Whether a word may begin or end at ``at``: not between two word characters of one word."""
    if at <= 0 or at >= len(text):
        return True
    before = at - 1
    while before > 0 and _TRAILING.match(text, before):
        before -= 1  # the letter a mark or joiner belongs to
    left, right = text[before], text[at]
    if not _WORD_CHAR.match(left) or not _WORD_CHAR.match(right):
        return True
    return bool(_CJK_CHAR.match(left) or _CJK_CHAR.match(right))


def matching_form(text: str, match_case: bool = False) -> str:
    """What ``text`` is matched as (for messages and tests)."""
    return folded_text(text, match_case).folded


__all__ = ["FoldedText", "find_in_text", "fold_cluster", "folded_text", "matching_form"]
