"""Re-anchoring highlights when a document's canonical text changes (DESIGN §3).

A highlight stores where it was (a TextPositionSelector: ``start``, ``end``) and what it quoted (a TextQuoteSelector:
``exact`` with up to 32 characters of ``prefix`` and ``suffix``). When a newer version of the document is imported,
each highlight is placed in the new text by the first of these that succeeds:

1. **Diff** (when the old text is given): a sentence, then word, then character diff maps the old span. It is
   trusted when the quote lies in a run of at least ``DIFF_EVIDENCE`` unchanged characters.
2. **Exact**: an occurrence of ``exact`` whose surroundings still match. Either the stored prefix and suffix
   reappear unchanged around it; or the quote has ``UNIQUE_QUOTE`` characters and one occurrence in the new text,
   and (given the old text) it had one there too, or that occurrence's surroundings match the highlighted copy's
   clearly better than any other copy's; or else it is the occurrence with the best context score (ties: nearest the
   old position, mapped through the diff), if that reaches ``EXACT_CONTEXT`` and the quote plus the context still
   verbatim next to it make ``VERBATIM_EVIDENCE`` characters. So "the" is only refound where its neighbours are.
3. **Fuzzy** (quotes of ``SHORT_QUOTE`` characters or more): the substring within ``MAX_ERROR_RATE × len(exact)``
   edits of the quote (Myers' algorithm in a few small windows around likely places), snapped to word boundaries
   where the quote had them, vouched for by its context (as for exact matches, with ``FUZZY_CONTEXT``) or by the
   diff mapping at least half of the old quote into it.
4. Otherwise the highlight is **orphaned**: when in doubt, no placement rather than a wrong passage.

``Placement.status`` says what the reader sees: ``kept`` (same offsets, same text), ``moved`` (same text elsewhere),
``fuzzy`` (similar text, worth a look) or ``orphaned``. An exact match is never widened to word boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

from annotations.anchoring import Selector
from annotations.textdiff import DIFF_EVIDENCE, Alignment, common_prefix_length, find_all

Status = Literal["kept", "moved", "fuzzy", "orphaned"]

UNIQUE_QUOTE = 16  # a quote this long, found once in the old and once in the new text, is the same passage
EXACT_CONTEXT = 0.5  # context score an exact occurrence needs when neither of those vouches for it ...
VERBATIM_EVIDENCE = 12  # ... and characters of quote plus the context still verbatim right next to it
CONTEXT_TIE = 0.05  # occurrences whose context scores differ by less than this are told apart by position
SHORT_QUOTE = 4  # quotes shorter than this are never fuzzy-matched
MAX_ERROR_RATE = 0.25  # a fuzzy match differs from the quote by at most this share of its length (at least 1 edit)
FUZZY_CONTEXT = 0.5  # context score a fuzzy match needs unless the diff vouches for it
MAX_FUZZY_QUOTE = 2_000  # longer quotes are matched fuzzily only where the diff maps them (cost grows with length²)

_FREQUENT_QUOTE = 200  # occurrences past which only those with some context next to them are scored
_ADJACENT_PROBE = 4  # ... namely this many characters of it
_ANCHOR_CHARS = 12  # prefix tail / suffix head looked up to find where a changed quote went
_FREQUENT_ANCHOR = 24  # a look-up string found more often than this says nothing about where the quote went
_MAX_PIECES = 32  # pieces of a changed quote looked up
_MAX_WINDOWS = 8  # regions searched per fuzzy quote, best supported first ...
_GOOD_ENOUGH = 0.9  # ... until a match scores this well
_WINDOW_PAD = 8



@dataclass(frozen=True)
class Placement:
    """Where a highlight lands in the new text; ``start``, ``end`` and ``exact`` are None for an orphan.
    ``score`` is 1.0 for kept and moved, 0.6 × quote + 0.4 × context similarity for fuzzy, 0.0 for orphans."""

    status: Status
    start: int | None = None
    end: int | None = None
    exact: str | None = None
    score: float = 0.0

    @property
    def orphaned(self) -> bool:
        return self.status == "orphaned"


ORPHAN = Placement("orphaned")


def reanchor(selector: Selector, new_text: str, *, old_text: str | None = None) -> Placement:
    """Place one highlight in ``new_text``; pass the ``old_text`` it was made on when it is known."""
    return Reanchorer(new_text, old_text=old_text).place(selector)


def reanchor_all(selectors: Sequence[Selector], new_text: str, *, old_text: str | None = None) -> list[Placement]:
    """Place every highlight of a document in its new text, diffing the two versions once."""
    reanchorer = Reanchorer(new_text, old_text=old_text)
    return [reanchorer.place(selector) for selector in selectors]


class Reanchorer:
    """Places selectors in one new text. With the old text a diff maps offsets; without it the quotes alone do."""

    def __init__(self, new_text: str, *, old_text: str | None = None) -> None:
        self.text = new_text
        self._diff = Alignment(old_text, new_text) if old_text is not None else None
        self._occurrences: dict[str, list[int]] = {}

    def place(self, selector: Selector) -> Placement:
        """The placement of one highlight (see the module docstring for the order of attempts)."""
        if not selector.exact or selector.end < selector.start:
            return ORPHAN
        start = self._diff.trusted_start(selector) if self._diff else None
        if start is not None:
            return self._found(selector, start, start + len(selector.exact), 1.0)
        return self._exact(selector) or self._fuzzy(selector) or ORPHAN

    def _found(self, selector: Selector, start: int, end: int, score: float) -> Placement:
        text = self.text[start:end]
        if text != selector.exact:
            return Placement("fuzzy", start, end, text, score)
        status: Status = "kept" if (start, end) == (selector.start, selector.end) else "moved"
        return Placement(status, start, end, text, 1.0)

    def _hint(self, selector: Selector) -> int:
        """Where the quote is expected to start in the new text."""
        return self._diff.map(selector.start) if self._diff else min(max(selector.start, 0), len(self.text))

    # -- exact occurrences -------------------------------------------------------------------------------------
    def _exact(self, selector: Selector) -> Placement | None:
        starts, length, hint = self._occurrences_of(selector.exact), len(selector.exact), self._hint(selector)
        if not starts:
            return None
        verbatim = self._verbatim_context(selector)
        if verbatim:
            start = min(verbatim, key=lambda position: abs(position - hint))
            return self._found(selector, start, start + length, 1.0)
        if len(starts) == 1 and length >= UNIQUE_QUOTE and self._own_copy(selector, starts[0]):
            return self._found(selector, starts[0], starts[0] + length, 1.0)
        scored = []
        for start in self._likely(selector, starts, hint):
            context, adjacent = self._context(selector, start, start + length)
            if context >= EXACT_CONTEXT and length + adjacent >= VERBATIM_EVIDENCE:
                scored.append((context, start))
        if not scored:
            return None
        best = max(score for score, _ in scored)
        start = min((start for score, start in scored if score >= best - CONTEXT_TIE), key=lambda s: abs(s - hint))
        return self._found(selector, start, start + length, 1.0)

    def _own_copy(self, selector: Selector, start: int) -> bool:
        """Whether the quote's one occurrence in the new text, at ``start``, is the highlighted one: the quote was
        found once in the old text too, or the occurrence's surroundings match those of the highlighted copy clearly
        better (by ``CONTEXT_TIE``, and half ``EXACT_CONTEXT`` at least) than those of any other copy there."""
        if self._diff is None:
            return False
        copies = self._diff.copies(selector.exact)
        if len(copies) == 1:
            return True
        if selector.start not in copies:
            return False
        end = start + len(selector.exact)
        scores = {copy: self._context(self._diff.selector_at(copy, selector.exact), start, end)[0] for copy in copies}
        own = scores.pop(selector.start)
        return own >= max(scores.values()) + CONTEXT_TIE and own >= EXACT_CONTEXT / 2

    def _occurrences_of(self, needle: str) -> list[int]:
        cached = self._occurrences.get(needle)
        if cached is None:
            cached = self._occurrences[needle] = find_all(self.text, needle)
        return cached

    def _verbatim_context(self, selector: Selector) -> list[int]:
        """Starts of the quote where both its stored prefix and suffix are still there unchanged."""
        if len(selector.prefix) + len(selector.suffix) < 2 * DIFF_EVIDENCE:
            return []  # context cut short by the document's edges: too little to go on
        whole = selector.prefix + selector.exact + selector.suffix
        return [position + len(selector.prefix) for position in find_all(self.text, whole)]

    def _likely(self, selector: Selector, starts: list[int], hint: int) -> list[int]:
        """The occurrences worth scoring: all, or for a frequent quote (a letter, "the") the one nearest the hint
        and those with a few characters of context still next to them (the others could hardly pass)."""
        if len(starts) <= _FREQUENT_QUOTE:
            return starts
        exact, probe = selector.exact, _ADJACENT_PROBE
        likely = {min(starts, key=lambda start: abs(start - hint))}
        if len(selector.prefix) >= probe:
            likely.update(p + probe for p in find_all(self.text, selector.prefix[-probe:] + exact))
        if len(selector.suffix) >= probe:
            likely.update(find_all(self.text, exact + selector.suffix[:probe]))
        return sorted(likely)

    def _context(self, selector: Selector, start: int, end: int) -> tuple[float, int]:
        """How well the text around ``[start, end)`` matches the stored prefix and suffix: a score (0–1), half their
        edit similarity, which tolerates small edits nearby, and half the share of them still verbatim right next
        to the span, which tells the quote from a copy a few characters away; and that verbatim count."""
        prefix, suffix = selector.prefix, selector.suffix
        total = len(prefix) + len(suffix)
        if not total:
            return 1.0, 0
        before, after = self.text[max(0, start - len(prefix)) : start], self.text[end : end + len(suffix)]
        similar = len(prefix) * Levenshtein.normalized_similarity(prefix, before) if prefix else 0.0
        similar += len(suffix) * Levenshtein.normalized_similarity(suffix, after) if suffix else 0.0
        adjacent = common_prefix_length(prefix[::-1], before[::-1]) + common_prefix_length(suffix, after)
        return (similar + adjacent) / (2 * total), adjacent

    # -- fuzzy matches -----------------------------------------------------------------------------------------
    def _fuzzy(self, selector: Selector) -> Placement | None:
        length = len(selector.exact)
        if length < SHORT_QUOTE:
            return None
        max_errors, hint = max(1, int(length * MAX_ERROR_RATE)), self._hint(selector)
        spans: Iterable[tuple[int, int] | None] = [self._diff.mapped_span(selector)] if self._diff else []
        if length <= MAX_FUZZY_QUOTE:
            centers = self._fuzzy_centers(selector, max_errors, hint)
            spans = (self._approximate_span(selector, center, max_errors) for center in centers)
        accepted: list[tuple[float, int, tuple[int, int]]] = []
        for span in spans:
            score = self._fuzzy_score(selector, *span, max_errors) if span else None
            if span and score is not None:
                accepted.append((score, -abs(span[0] - hint), span))
                if score >= _GOOD_ENOUGH:
                    break
        if not accepted:
            return None
        score, _, (start, end) = max(accepted)
        return self._found(selector, start, end, score)

    def _fuzzy_score(self, selector: Selector, start: int, end: int, max_errors: int) -> float | None:
        """0.6 × quote similarity + 0.4 × context score, or None when the span is too far from the quote or
        neither its context nor the diff vouches for it."""
        distance = Levenshtein.distance(selector.exact, self.text[start:end], score_cutoff=max_errors)
        if distance > max_errors:
            return None
        context, adjacent = self._context(selector, start, end)
        vouched = context >= FUZZY_CONTEXT and len(selector.exact) + adjacent >= VERBATIM_EVIDENCE
        if not vouched and not (self._diff and self._diff.supports(selector, start, end)):
            return None
        similarity = 1 - distance / max(len(selector.exact), end - start)
        return round(0.6 * similarity + 0.4 * context, 4)

    def _fuzzy_centers(self, selector: Selector, max_errors: int, hint: int) -> list[int]:
        """Likely new starts of a changed quote, best supported first: the old position (mapped through the diff),
        where the prefix's tail or the suffix's head is now, and where pieces of the quote are (with ``max_errors``
        edits, one of ``max_errors + 1`` pieces is intact)."""
        exact, length = selector.exact, len(selector.exact)
        votes: list[tuple[int, int]] = [(hint, 3)]
        tail, head = selector.prefix[-_ANCHOR_CHARS:], selector.suffix[:_ANCHOR_CHARS]
        if len(tail) >= DIFF_EVIDENCE:
            votes += [(position + len(tail), 2) for position in self._sparse_occurrences(tail)]
        if len(head) >= DIFF_EVIDENCE:
            votes += [(position - length, 2) for position in self._sparse_occurrences(head)]
        piece = max(SHORT_QUOTE, length // (max_errors + 1))
        for offset in range(0, length - piece + 1, max(piece, length // _MAX_PIECES)):
            votes += [(position - offset, 1) for position in self._sparse_occurrences(exact[offset : offset + piece])]
        return _strongest_clusters(votes, max_errors + _WINDOW_PAD, hint)

    def _sparse_occurrences(self, needle: str) -> list[int]:
        """Where ``needle`` is, or nothing when it is too frequent to say where a quote went."""
        found = self._occurrences.get(needle) or find_all(self.text, needle, _FREQUENT_ANCHOR + 1)
        return found if len(found) <= _FREQUENT_ANCHOR else []

    def _approximate_span(self, selector: Selector, center: int, max_errors: int) -> tuple[int, int] | None:
        """The best approximate match of the quote in a window around ``center``, snapped to word boundaries."""
        exact = selector.exact
        low = max(0, center - max_errors - _WINDOW_PAD)
        high = min(len(self.text), center + len(exact) + max_errors + _WINDOW_PAD)
        ends = _approximate_ends(exact, self.text[low:high], max_errors)
        if not ends:
            return None
        fewest, expected = min(errors for _, errors in ends), center + len(exact) - low
        end = low + min((end for end, errors in ends if errors == fewest), key=lambda end: abs(end - expected))
        first = max(low, end - len(exact) - max_errors)
        last = max(first, min(end - 1, end - len(exact) + max_errors))
        start = min(
            range(first, last + 1),
            key=lambda start: (Levenshtein.distance(exact, self.text[start:end]), abs(end - start - len(exact))),
        )
        return _snap(self.text, selector, start, end, max_errors)


def _strongest_clusters(votes: list[tuple[int, int]], reach: int, hint: int) -> list[int]:
    """Group nearby candidate starts; one start per group, the best supported groups first."""
    clusters: list[tuple[int, int, int]] = []  # (votes, first start, last start)
    for position, weight in sorted(votes):
        if clusters and position - clusters[-1][2] <= reach:
            clusters[-1] = (clusters[-1][0] + weight, clusters[-1][1], position)
        else:
            clusters.append((weight, position, position))
    clusters.sort(key=lambda cluster: (-cluster[0], abs((cluster[1] + cluster[2]) // 2 - hint)))
    return [(first + last) // 2 for _, first, last in clusters[:_MAX_WINDOWS]]


def _approximate_ends(pattern: str, text: str, max_errors: int) -> list[tuple[int, int]]:
    """``(end, errors)`` for each offset in ``text`` where a substring ending there is within ``max_errors`` edits
    of ``pattern``: Myers' bit-parallel approximate string matching, with Python integers as bit vectors."""
    mask, top = (1 << len(pattern)) - 1, 1 << (len(pattern) - 1)
    match_bits: dict[str, int] = {}
    for index, char in enumerate(pattern):
        match_bits[char] = match_bits.get(char, 0) | (1 << index)
    plus, minus, errors = mask, 0, len(pattern)
    ends: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        equal = match_bits.get(char, 0)
        vertical = equal | minus
        horizontal = ((((equal & plus) + plus) ^ plus) | equal) & mask
        horizontal_plus = minus | (~(horizontal | plus) & mask)
        horizontal_minus = plus & horizontal
        if horizontal_plus & top:
            errors += 1
        elif horizontal_minus & top:
            errors -= 1
        horizontal_plus, horizontal_minus = (horizontal_plus << 1) & mask, (horizontal_minus << 1) & mask
        plus, minus = horizontal_minus | (~(vertical | horizontal_plus) & mask), horizontal_plus & vertical
        if errors <= max_errors:
            ends.append((index + 1, errors))
    return ends


_CONTEXT_EDGE = 8


def _snap(text: str, selector: Selector, start: int, end: int, max_errors: int) -> tuple[int, int] | None:
    """The span nearest ``[start, end)`` that begins and ends on word boundaries where the quote did and stays
    within ``max_errors`` edits of it; None when there is none."""
    exact = selector.exact
    starts, ends = {start}, {end}
    if _boundary(selector.prefix[-1:], exact[0]):
        following = _word_end(text, start)
        while following < len(text) and text[following].isspace():
            following += 1
        starts = {s for s in (start, _word_start(text, start), following) if _at_boundary(text, s)}
    if _boundary(exact[-1], selector.suffix[:1]):
        preceding = _word_start(text, end)
        while preceding > 0 and text[preceding - 1].isspace():
            preceding -= 1
        following_word = end
        while following_word < len(text) and text[following_word].isspace():
            following_word += 1
        following_word = _word_end(text, following_word)  # one word further: "is very" -> "is very high"
        ends = {e for e in (end, _word_end(text, end), preceding, following_word) if _at_boundary(text, e)}
    options = [
        (Levenshtein.distance(exact, text[s:e], score_cutoff=max_errors), abs(e - s - len(exact)), s, e)
        for s in starts
        for e in ends
        if s < e
    ]
    within = [option for option in options if option[0] <= max_errors]
    if not within:
        return None
    # Fewest edits first, but a span whose edges meet the stored context wins over one a word short:
    # "demand is high" -> "demand is very high" keeps "high" although dropping it costs one edit less.
    best = min(within, key=lambda option: (option[0] - _context_agreement(text, selector, *option[2:]), *option[:2]))
    return best[2:]


def _context_agreement(text: str, selector: Selector, start: int, end: int) -> int:
    """How many characters of the stored prefix and suffix (up to 8 each) sit right against ``[start, end)``."""
    prefix, suffix = selector.prefix[-_CONTEXT_EDGE:], selector.suffix[:_CONTEXT_EDGE]
    before, after = text[max(0, start - len(prefix)) : start], text[end : end + len(suffix)]
    agree = 0
    while agree < len(suffix) and agree < len(after) and suffix[agree] == after[agree]:
        agree += 1
    matched = 0
    while matched < len(prefix) and matched < len(before) and prefix[-1 - matched] == before[-1 - matched]:
        matched += 1
    return agree + matched


def _boundary(before: str, after: str) -> bool:
    return not (before[-1:].isalnum() and after[:1].isalnum())


def _at_boundary(text: str, position: int) -> bool:
    return _boundary(text[max(0, position - 1) : position], text[position : position + 1])


def _word_start(text: str, position: int) -> int:
    while position > 0 and text[position - 1].isalnum():
        position -= 1
    return position


def _word_end(text: str, position: int) -> int:
    while position < len(text) and text[position].isalnum():
        position += 1
    return position
