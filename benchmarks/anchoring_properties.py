"""Re-anchoring over many generated edits: how often highlights are kept, moved, fuzzy or orphaned, and never wrong.

Run: ``.venv/bin/python benchmarks/anchoring_properties.py [--cases 5000] [--seed 1]``. Prints a table of outcomes
and the time to re-anchor 200 highlights in a 100,000-character document; asserts nothing. The same properties run
as a quick Hypothesis test in ``tests/annotations/test_reanchor_properties.py``.

Each case generates a lowercase document, a selection and a few edits, and tracks every original character through
the edits, so the truth is known: which characters of the quote survive and where. Edits that touch or neighbour the
quote insert CAPITALISED words, so they can never re-create the quote's text and the truth is unambiguous; lowercase
sentences are inserted only 64 or more characters away from it. In 3 cases of 10 the document also holds a copy of
the quote in another sentence, which context must tell apart. Scenarios: *survives* (edits elsewhere only), *touched*
(one edit also changes part of the quote), *deleted* (one edit removes it with some text around it).

Some edits can be explained another way that leaves other characters standing: a shifted one (deleting "a b " from
"a b a b" is also deleting " a b" or "b a "), or two edits that removed one of two copies of a run of text (no diff
can tell which copy survived). A placement in such a case counts as *ambiguous*: it is only required to be within 64
characters of where the quote's characters are or were.

- **wrong**: a placement that covers none of the quote's surviving characters, unless ambiguous (must be 0).
- **missed**: the quote survived untouched and identifiable (see ``identifiable``) but was not placed exactly on it.
- **loose**: a placement that covers some of the quote's surviving characters, but less than half of them, or
  that is more than half other text.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.reanchor import Placement, Reanchorer, Selector, reanchor_all  # noqa: E402

FUNCTION_WORDS = "the of and to in a is that for on with as by at from it this be are or".split()
SYLLABLES = (
    "ka ro len mi sto ver dun pal tri gon sel mar ust ine bre cal dor fen lum quo nas tiv wer pho gra zel".split()
)
SHIFT_LIMIT = 64
FAR = 64  # lowercase edits stay this many characters away from the quote
IDENTIFIABLE_RUN = 12  # with the old text, a quote plus its unchanged neighbours this long must be placed exactly


def content_words(count: int = 700, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))))
    return sorted(words)


CONTENT_WORDS = content_words()


def sentence(rng: random.Random, upper: bool = False) -> str:
    words = []
    for _ in range(rng.randint(4, 16)):
        word = rng.choice(FUNCTION_WORDS) if rng.random() < 0.35 else rng.choice(CONTENT_WORDS)
        words.append(word.upper() if upper else word)
    if not upper and rng.random() < 0.3:
        words[rng.randrange(len(words))] += ","
    return " ".join(words) + ("" if upper else ".")


def document(rng: random.Random, paragraphs: tuple[int, int] = (2, 6)) -> str:
    return "\n\n".join(
        " ".join(sentence(rng) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(*paragraphs))
    )


def selection(rng: random.Random, text: str) -> tuple[int, int]:
    """A highlight a reader might make: whole words, a few characters, or any run of characters."""
    while True:
        kind = rng.random()
        if kind < 0.55:
            starts = [0] + [i + 1 for i, char in enumerate(text) if char == " " and text[i + 1 : i + 2].isalpha()]
            start = rng.choice(starts)
            end = start
            for _ in range(rng.randint(1, 10)):
                gap = text.find(" ", end + 1)
                end = len(text) if gap == -1 else gap
        else:
            start = rng.randrange(len(text))
            end = min(len(text), start + (rng.randint(1, 3) if kind < 0.7 else rng.randint(1, 150)))
        if text[start:end].strip():
            return start, end


@dataclass
class Tracked:
    """A text being edited, with the original index of each character (-1: inserted) and the doubtful originals."""

    text: str
    origin: list[int]
    doubtful: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> Tracked:
        return cls(text, list(range(len(text))))

    def edit(self, start: int, end: int, insert: str) -> None:
        """Replace ``text[start:end]`` by ``insert``, noting which originals an equivalent edit might treat otherwise."""
        while start < end and insert and self.text[start] == insert[0]:
            start, insert = start + 1, insert[1:]
        while start < end and insert and self.text[end - 1] == insert[-1]:
            end, insert = end - 1, insert[:-1]
        shifts = self._equivalent_shifts(start, end, insert)
        sure_from, sure_to = start + max(shifts), end + min(shifts)
        for index in range(start + min(shifts), end + max(shifts)):
            if not sure_from <= index < sure_to and self.origin[index] >= 0:
                self.doubtful.add(self.origin[index])
        self.text = self.text[:start] + insert + self.text[end:]
        self.origin = self.origin[:start] + [-1] * len(insert) + self.origin[end:]

    def _equivalent_shifts(self, start: int, end: int, insert: str) -> list[int]:
        """Shifts ``k`` such that replacing ``[start + k, end + k)`` by some text of the same length as ``insert``
        gives the same result (an insertion of " x" before a space is also one of "x " after it)."""
        after = start + len(insert)  # where the untouched rest begins in the result
        result = self.text[max(0, start - SHIFT_LIMIT) : start] + insert + self.text[end : end + SHIFT_LIMIT]
        offset = min(start, SHIFT_LIMIT)  # index of ``start`` in ``result``
        shifts = [0]
        for shift in range(1, min(len(self.text) - end, SHIFT_LIMIT) + 1):
            if self.text[start : start + shift] == result[offset : offset + shift]:
                shifts.append(shift)
        for shift in range(1, min(start, SHIFT_LIMIT) + 1):
            if self.text[end - shift : end] == result[offset + after - start - shift : offset + after - start]:
                shifts.append(-shift)
        return shifts

    def survivors(self, start: int, end: int) -> list[int]:
        """New positions of the original characters ``[start, end)`` that are still there."""
        return [position for position, original in enumerate(self.origin) if start <= original < end]

    def swappable(self, old: str, placement: Placement, start: int) -> bool:
        """Whether the unchanged run holding ``placement`` reads the same as the old text around the quote, so a
        diff could as well say the quote survived there (an edit removed one of two copies of that run)."""
        first, last = placement.start, placement.end
        if any(self.origin[p] < 0 for p in range(first, last)):
            return False
        if any(self.origin[p + 1] != self.origin[p] + 1 for p in range(first, last - 1)):
            return False
        while first > 0 and self.origin[first - 1] >= 0 and self.origin[first - 1] == self.origin[first] - 1:
            first -= 1
        while last < len(self.origin) and self.origin[last] == self.origin[last - 1] + 1:
            last += 1
        old_first = start - (placement.start - first)
        return old_first >= 0 and old[old_first : old_first + last - first] == self.text[first:last]

    def whereabouts(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the text between the surviving originals just before ``start`` and from ``end`` on."""
        low = max((p + 1 for p, original in enumerate(self.origin) if 0 <= original < start), default=0)
        high = min((p for p, original in enumerate(self.origin) if original >= end), default=len(self.text))
        return low, high

    def unchanged_run(self, position: int, step: int) -> int:
        """How many original characters continue, unchanged and in order, from ``position`` in direction ``step``."""
        run, current = 0, position
        while 0 <= current + step < len(self.origin):
            here, there = self.origin[current], self.origin[current + step]
            if here < 0 or there != here + step:
                break
            run, current = run + 1, current + step
        return run


@dataclass
class Case:
    old: str
    selector: Selector
    tracked: Tracked
    scenario: str
    copied: bool = False


def make_case(rng: random.Random, paragraphs: tuple[int, int] = (2, 6)) -> Case:
    """A document, a highlight and edits: elsewhere only, or also touching the quote, or deleting it."""
    old = document(rng, paragraphs)
    start, end = selection(rng, old)
    copied = rng.random() < 0.3
    if copied:
        old, start, end = copy_quote(rng, old, start, end)
    tracked = Tracked.of(old)
    scenario = rng.choices(["survives", "touched", "deleted"], weights=[6, 2, 2])[0]
    for _ in range(rng.randint(0 if scenario != "survives" else 1, 4)):
        edit_elsewhere(rng, tracked, start, end)
    if scenario == "touched":
        edit_quote(rng, tracked, start, end, whole=False)
    elif scenario == "deleted":
        edit_quote(rng, tracked, start, end, whole=True)
    return Case(old, Selector.from_text(old, start, end), tracked, scenario, copied)


def copy_quote(rng: random.Random, text: str, start: int, end: int) -> tuple[str, int, int]:
    """Put a copy of ``text[start:end]`` in a new sentence elsewhere, so context must tell the two apart."""
    boundaries = [i + 2 for i in range(len(text) - 1) if text[i : i + 2] == ". " and not start - FAR < i < end + FAR]
    if not boundaries:
        return text, start, end
    at = rng.choice(boundaries)
    words = sentence(rng).split()
    cut = rng.randint(0, len(words))
    copy = " ".join(words[:cut]) + " " + text[start:end] + " " + " ".join(words[cut:]) + " "
    shift = len(copy) if at <= start else 0
    return text[:at] + copy + text[at:], start + shift, end + shift


def edit_elsewhere(rng: random.Random, tracked: Tracked, start: int, end: int) -> None:
    """An edit that leaves the quote alone: lowercase far away, or capitalised close by (adjacent allowed)."""
    survivors = tracked.survivors(start, end)
    low, high, length = survivors[0], survivors[-1] + 1, len(tracked.text)
    if rng.random() < 0.5:
        places = [rng.randint(0, low - FAR)] if low >= FAR else []
        places += [rng.randint(high + FAR, length)] if high + FAR <= length else []
        if places:
            at = rng.choice(places)
            cut = min(rng.choice([0, rng.randint(0, 80)]), (low - FAR if at < low else length) - at)
            tracked.edit(at, at + cut, rng.choice(["", sentence(rng) + " "]))
        return
    insert = rng.choice(["", " "]) + capitalised(rng, 5) + rng.choice(["", " "])
    span = rng.choice([0, rng.randint(0, 40)])
    if rng.random() < 0.5:
        to = max(0, low - rng.choice([0, rng.randint(0, 40)]))
        tracked.edit(max(0, to - span), to, insert)
    else:
        at = min(length, high + rng.choice([0, rng.randint(0, 40)]))
        tracked.edit(at, min(length, at + span), insert)


def capitalised(rng: random.Random, most: int) -> str:
    """Up to ``most`` capitalised words, or nothing (a plain deletion) one time in four."""
    return "" if rng.random() < 0.25 else " ".join(sentence(rng, upper=True).split()[: rng.randint(1, most)])


def edit_quote(rng: random.Random, tracked: Tracked, start: int, end: int, whole: bool) -> None:
    """Replace or delete part of the quote, or all of it with some text around it."""
    survivors = tracked.survivors(start, end)
    low, high = survivors[0], survivors[-1] + 1
    insert = capitalised(rng, 4)
    if whole:
        cut_from = max(0, low - rng.randint(0, 60))
        cut_to = min(len(tracked.text), high + rng.randint(0, 60))
    else:
        cut_from = rng.randint(low, high - 1)
        cut_to = rng.randint(cut_from + 1, min(len(tracked.text), high + 20))
        if rng.random() < 0.3:
            cut_from, cut_to = max(0, low - rng.randint(0, 20)), rng.randint(low + 1, high)
    tracked.edit(cut_from, cut_to, insert)


@dataclass(frozen=True)
class Verdict:
    wrong: bool = False
    missed: bool = False
    loose: bool = False
    ambiguous: bool = False


def judge(case: Case, placement: Placement, with_old_text: bool) -> Verdict:
    """Compare a placement with the tracked truth (see the module docstring for the terms)."""
    start, end = case.selector.start, case.selector.end
    survivors = case.tracked.survivors(start, end)
    ambiguous = any(index in case.tracked.doubtful for index in range(start, end))
    covered = [p for p in survivors if not placement.orphaned and placement.start <= p < placement.end]
    wrong = not placement.orphaned and not covered
    intact = len(survivors) == end - start and survivors[-1] - survivors[0] + 1 == end - start
    exactly = (placement.start, placement.end) == (survivors[0], survivors[-1] + 1) if survivors else False
    missed = intact and identifiable(case, survivors, with_old_text) and not exactly
    loose = bool(covered) and 2 * len(covered) < max(len(survivors), placement.end - placement.start)
    if wrong and case.tracked.swappable(case.old, placement, start):
        ambiguous = True
    if ambiguous:  # judge only that it is near where the quote's characters are or were
        low, high = case.tracked.whereabouts(start, end)
        far = not placement.orphaned and (placement.end <= low - SHIFT_LIMIT or placement.start >= high + SHIFT_LIMIT)
        return Verdict(wrong=far, ambiguous=True)
    return Verdict(wrong=wrong, missed=missed, loose=loose)


def identifiable(case: Case, survivors: list[int], with_old_text: bool) -> bool:
    """Whether an untouched quote must be found exactly: with the old text, when it and its unchanged neighbours
    span ``IDENTIFIABLE_RUN`` characters; from the selector alone, when its whole stored context is unchanged."""
    left = case.tracked.unchanged_run(survivors[0], -1)
    right = case.tracked.unchanged_run(survivors[-1], 1)
    if with_old_text:
        return len(survivors) + left + right >= IDENTIFIABLE_RUN
    return left >= len(case.selector.prefix) and right >= len(case.selector.suffix)


def run_cases(count: int, seed: int) -> list[tuple[str, str, Counter[str]]]:
    rng = random.Random(seed)
    tallies: dict[tuple[str, str], Counter[str]] = {}
    failures: list[str] = []
    for number in range(count):
        case = make_case(rng)
        for with_old_text in (True, False):
            mode = "with old text" if with_old_text else "selector only"
            old_text = case.old if with_old_text else None
            placement = Reanchorer(case.tracked.text, old_text=old_text).place(case.selector)
            verdict = judge(case, placement, with_old_text)
            keys = [(mode, case.scenario), (mode, "all")] + ([(mode, "copied")] if case.copied else [])
            for key in keys:
                tally = tallies.setdefault(key, Counter())
                tally["cases"] += 1
                tally[placement.status] += 1
                tally.update(name for name in ("wrong", "missed", "loose", "ambiguous") if getattr(verdict, name))
            if (verdict.wrong or verdict.missed) and len(failures) < 10:
                failures.append(f"case {number} ({mode}, {case.scenario}): {case.selector} -> {placement}")
    for failure in failures:
        print(failure)
    return [(mode, scenario, tally) for (mode, scenario), tally in sorted(tallies.items())]


def print_outcomes(rows: list[tuple[str, str, Counter[str]]]) -> None:
    columns = ["cases", "kept", "moved", "fuzzy", "orphaned", "wrong", "missed", "loose", "ambiguous"]
    print(f"{'mode':<14} {'scenario':<9} " + " ".join(f"{name:>9}" for name in columns))
    for mode, scenario, tally in rows:
        print(f"{mode:<14} {scenario:<9} " + " ".join(f"{tally[name]:>9}" for name in columns))


def timing(seed: int, edits: int, repeat: int = 3) -> None:
    """Re-anchor 200 highlights in a ~100k-character document after ``edits`` edits spread over it."""
    rng = random.Random(seed)
    old = ""
    while len(old) < 100_000:
        old += document(rng, (20, 30)) + "\n\n"
    old = old[:100_000].rstrip()
    selectors = [Selector.from_text(old, *selection(rng, old)) for _ in range(200)]
    new = old
    for _ in range(edits):
        at, insert = rng.randrange(len(new)), rng.choice(["", sentence(rng) + " ", capitalised(rng, 12) + " "])
        new = new[:at] + insert + new[at + rng.randint(0, 200) :]
    print(f"\ntiming: {len(old):,} -> {len(new):,} characters, {len(selectors)} highlights, {edits} edits")
    for label, old_text in (("with old text", old), ("selector only", None)):
        seconds, statuses = [], Counter[str]()
        for _ in range(repeat):
            began = time.perf_counter()
            placements = reanchor_all(selectors, new, old_text=old_text)
            seconds.append(time.perf_counter() - began)
            statuses = Counter(placement.status for placement in placements)
        summary = ", ".join(f"{name} {statuses[name]}" for name in ("kept", "moved", "fuzzy", "orphaned"))
        median, most = statistics.median(seconds) * 1000, max(seconds) * 1000
        print(f"  {label:<14} median {median:6.1f} ms, max {most:6.1f} ms ({summary})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    began = time.perf_counter()
    rows = run_cases(arguments.cases, arguments.seed)
    print_outcomes(rows)
    print(f"({arguments.cases} cases in {time.perf_counter() - began:.1f} s)")
    for edits in (40, 400):
        timing(arguments.seed, edits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
