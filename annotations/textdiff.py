"""Which runs of text stayed the same between two versions of a document, and where old offsets went.

Sentences are diffed first, then the words of changed sentences, then the characters of changed
words; short unchanged stretches between changes are re-diffed one level finer, and runs are grown
where both texts still agree. Used by re-anchoring to follow a highlight through an edit.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from annotations.anchoring import CONTEXT_CHARS, Selector

Run = tuple[int, int, int]  # an unchanged run of text: (old start, new start, length)
DIFF_EVIDENCE = 8  # unchanged characters around and including the quote that make the diff's mapping trustworthy
_DIFF_LIMIT = 100_000_000  # old × new tokens past which a changed region is not diffed finer (≈0.1 s)
_SENTENCES = re.compile(r"[^.!?。！？\n]*(?:[.!?。！？]+\s*|\n\s*)|[^.!?。！？\n]+")
_WORDS = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


class Alignment:
    """The runs of text left unchanged between an old and a new version, found by diffing sentences, then the words
    of changed sentences, then the characters of changed words; maps old offsets to new ones."""

    def __init__(self, old: str, new: str) -> None:
        runs: list[Run] = []
        _diff(old, new, 0, 0, 0, runs)
        self._old, self._new_length = old, len(new)
        self._runs = _grow(_merge(sorted(runs)), old, new)
        self._old_starts = [run[0] for run in self._runs]

    def trusted_start(self, selector: Selector) -> int | None:
        """The new start of the quote when it lies whole in an unchanged run of ``DIFF_EVIDENCE`` characters."""
        run = self._run_at(selector.start) if self.made_on(selector) else None
        if run is None or selector.end > run[0] + run[2] or run[2] < DIFF_EVIDENCE:
            return None
        return run[1] + selector.start - run[0]

    def made_on(self, selector: Selector) -> bool:
        """Whether the selector's offsets point at its quote in the old text (else they say nothing)."""
        return self._old[selector.start : selector.end] == selector.exact

    def copies(self, quote: str) -> list[int]:
        """Where the quote is in the old text (up to 16 places)."""
        return find_all(self._old, quote)[:16]

    def selector_at(self, start: int, quote: str) -> Selector:
        end = start + len(quote)
        return Selector(
            start, end, quote, self._old[max(0, start - CONTEXT_CHARS) : start], self._old[end : end + CONTEXT_CHARS]
        )

    def supports(self, selector: Selector, start: int, end: int) -> bool:
        """Whether at least half of the old quote (and ``DIFF_EVIDENCE`` characters) maps into new ``[start, end)``."""
        if not self.made_on(selector):
            return False
        mapped, index = 0, max(0, bisect.bisect_right(self._old_starts, selector.start) - 1)
        while index < len(self._runs) and self._runs[index][0] < selector.end:
            old_start, new_start, length = self._runs[index]
            low = max(selector.start, old_start, start - new_start + old_start)
            high = min(selector.end, old_start + length, end - new_start + old_start)
            mapped, index = mapped + max(0, high - low), index + 1
        return mapped >= max(DIFF_EVIDENCE, len(selector.exact) // 2)

    def mapped_span(self, selector: Selector) -> tuple[int, int] | None:
        start, end = self.map(selector.start), self.map(selector.end)
        return (start, end) if self.made_on(selector) and start < end else None

    def map(self, offset: int) -> int:
        """The new offset of an old one: exact inside unchanged runs, interpolated across changes."""
        index = bisect.bisect_right(self._old_starts, offset) - 1
        old_from = new_from = 0
        if index >= 0:
            old_start, new_start, length = self._runs[index]
            if offset <= old_start + length:
                return new_start + offset - old_start
            old_from, new_from = old_start + length, new_start + length
        old_to, new_to = (
            self._runs[index + 1][:2] if index + 1 < len(self._runs) else (len(self._old), self._new_length)
        )
        if old_to <= old_from:
            return new_from
        return new_from + (offset - old_from) * (new_to - new_from) // (old_to - old_from)

    def _run_at(self, offset: int) -> Run | None:
        index = bisect.bisect_right(self._old_starts, offset) - 1
        return self._runs[index] if index >= 0 else None


# (tokens, equal stretches shorter than this between two changes are diffed again with them); None: characters,
# whose short stretches are left to _grow
_LEVELS = ((_SENTENCES, 16), (_WORDS, 16), (None, 0))


def _diff(old: str, new: str, old_at: int, new_at: int, level: int, runs: list[Run]) -> None:
    """Append the unchanged runs between ``old`` and ``new`` (which start at ``old_at``/``new_at``) to ``runs``,
    diffing each changed stretch of tokens again at the next finer level."""
    pattern, short = _LEVELS[level]
    old_tokens: Sequence[str] = pattern.findall(old) if pattern else old
    new_tokens: Sequence[str] = pattern.findall(new) if pattern else new
    old_offsets, new_offsets = _offsets(old_tokens), _offsets(new_tokens)
    for equal, old_from, old_to, new_from, new_to in _segments(old_tokens, new_tokens, old_offsets, short):
        old_start, old_end = old_offsets[old_from], old_offsets[old_to]
        new_start, new_end = new_offsets[new_from], new_offsets[new_to]
        if equal:
            runs.append((old_at + old_start, new_at + new_start, old_end - old_start))
        elif level + 1 < len(_LEVELS) and old_start < old_end and new_start < new_end:
            old_part, new_part = old[old_start:old_end], new[new_start:new_end]
            _diff(old_part, new_part, old_at + old_start, new_at + new_start, level + 1, runs)


def _segments(
    old: Sequence[str], new: Sequence[str], old_offsets: Sequence[int], short: int
) -> list[tuple[bool, int, int, int, int]]:
    """The diff of two token sequences as alternating (equal?, old from, old to, new from, new to) stretches.

    An equal stretch of fewer than ``short`` characters between two changes joins them: in "that on X on" against
    "tX on" the lone word "on" could match either "on", so the finer level decides. A change too large to diff
    within ``_DIFF_LIMIT`` is one stretch between the common start and end."""
    head = common_prefix_length(old, new)
    tail = common_prefix_length(old[head:][::-1], new[head:][::-1])
    if (len(old) - head - tail) * (len(new) - head - tail) > _DIFF_LIMIT:
        old_end, new_end = len(old) - tail, len(new) - tail
        opcodes = [("equal", 0, head, 0, head), ("replace", head, old_end, head, new_end)]
        opcodes.append(("equal", old_end, len(old), new_end, len(new)))
    else:
        opcodes = Indel.opcodes(old, new).as_list()
    segments: list[tuple[bool, int, int, int, int]] = []
    for index, (tag, old_from, old_to, new_from, new_to) in enumerate(opcodes):
        equal = tag == "equal"
        absorbed = equal and old_offsets[old_to] - old_offsets[old_from] < short and index + 1 < len(opcodes)
        if segments and not segments[-1][0] and (not equal or absorbed):
            segments[-1] = (False, segments[-1][1], old_to, segments[-1][3], new_to)
        elif old_to > old_from or new_to > new_from:
            segments.append((equal, old_from, old_to, new_from, new_to))
    return segments


def _offsets(tokens: Sequence[str]) -> Sequence[int]:
    """Where each token starts, and the end."""
    if isinstance(tokens, str):
        return range(len(tokens) + 1)
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for old_start, new_start, length in runs:
        if merged and merged[-1][0] + merged[-1][2] == old_start and merged[-1][1] + merged[-1][2] == new_start:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + length)
        elif length > 0:
            merged.append((old_start, new_start, length))
    return merged


def _grow(runs: list[Run], old: str, new: str) -> list[Run]:
    """Extend each unchanged run while the characters on both sides agree, taking characters only from shorter
    neighbouring runs. A longest-common-subsequence diff may match the quote "rop" of "are rop" as the "r" of "are",
    an "o" from elsewhere and "p"; grown runs keep the quote together."""
    grown: list[Run] = []
    for index, (old_start, new_start, length) in enumerate(runs):
        if grown:  # the previous run may have grown into this one
            cut = max(grown[-1][0] + grown[-1][2] - old_start, grown[-1][1] + grown[-1][2] - new_start, 0)
            old_start, new_start, length = old_start + cut, new_start + cut, length - cut
            if length <= 0:
                continue
        while (
            old_start > 0
            and new_start > 0
            and old[old_start - 1] == new[new_start - 1]
            and not _cuts_longer_before(grown, old_start - 1, new_start - 1, length + 1)
        ):
            old_start, new_start, length = old_start - 1, new_start - 1, length + 1
        while grown and (grown[-1][0] + grown[-1][2] > old_start or grown[-1][1] + grown[-1][2] > new_start):
            previous_old, previous_new, _ = grown.pop()
            keep = min(old_start - previous_old, new_start - previous_new)
            if keep > 0:
                grown.append((previous_old, previous_new, keep))
                break
        while (
            old_start + length < len(old)
            and new_start + length < len(new)
            and old[old_start + length] == new[new_start + length]
            and not _cuts_longer_after(runs, index + 1, old_start + length, new_start + length, length + 1)
        ):
            length += 1
        grown.append((old_start, new_start, length))
    return _merge(grown)


def _cuts_longer_before(grown: list[Run], old_at: int, new_at: int, length: int) -> bool:
    """Whether claiming old ``old_at`` and new ``new_at`` cuts into an earlier run at least ``length`` long."""
    for old_start, new_start, size in reversed(grown):
        if old_start + size <= old_at and new_start + size <= new_at:
            return False
        if size >= length:
            return True
    return False


def _cuts_longer_after(runs: list[Run], index: int, old_at: int, new_at: int, length: int) -> bool:
    """Whether claiming old ``old_at`` and new ``new_at`` cuts into a run from ``index`` on at least ``length`` long."""
    for old_start, new_start, size in itertools.islice(runs, index, None):
        if old_start > old_at and new_start > new_at:
            return False
        if size >= length:
            return True
    return False


# -- string helpers ----------------------------------------------------------------------------------------------


def find_all(text: str, needle: str, limit: int | None = None) -> list[int]:
    """Start of every occurrence of ``needle``, overlapping ones too (the first ``limit`` ones)."""
    positions: list[int] = []
    position = text.find(needle)
    while position != -1 and (limit is None or len(positions) < limit):
        positions.append(position)
        position = text.find(needle, position + 1)
    return positions


def common_prefix_length(first: Sequence[str], second: Sequence[str]) -> int:
    return len(os.path.commonprefix([first, second]))
