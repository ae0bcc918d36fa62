"""Random and hostile queries against a real library: what leaks, what crashes, what takes too long (issue #13).

    .venv/bin/python benchmarks/query_fuzz.py [--data-dir DIR] [--queries 2000] [--seed 13] [--show 20]

Without ``--data-dir`` a small library is built in a temporary folder from ``resources/samples`` with a
few tagged highlights. Each query runs through ``library.index.search`` (first page of 50, then the total),
``library.index.facets`` and ``mentions_in`` on one article, as the window runs them. A failure is anything
but a ``QueryError`` whose message reads as plain words (no Python exception text). Prints a table of
counts and the slowest queries; asserts nothing. Searching does not write the index, but use a copy of
a library you care about.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import Library  # noqa: E402
from index.search import QueryError  # noqa: E402

WORDS = (
    "air defense support sanctions supply chain grid resilience baltic energy report missile drone radar "
    "tariff export treaty alliance budget summit border oil gas the of and to in a"
).split()
FIELDS = ("tag:", "tags:", "title:", "doc:", "article:", "color:", "colour:", "author:", "byline:", "kind:",
          "published:", "date:", "year:", "created:", "note:", "quote:", "content:", "stem:", "nofield:", "")  # fmt: skip
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "NEAR", "TO", "and", "or", "not")
DATES = ("2024", "2024-05", "2024-05-17", "yesterday", "soon", "99999", "0", "-1", "2024-13-40", "1e9",
         "20240517", "2024-05-17T10:00", "now", "today", "")  # fmt: skip
UNICODE = ("é", "ß", "İ", "ﬁ", "東京", "Ω", "\u200b", "\u202e", "\u0000", "😀", "\ufeff", "ǅ", "\u0301")
SYMBOLS = ("~", "~2", "~9", "~0", "~x", "*", "?", "**", "^2", "^", "^x", "/", ":", "\\", "'", "[", "]", "{", "}",
           "<", ">", ">=", "<=", "=", "+", "-", "!", "&", "|", "@", "#", ",", ";", "..", "TO")  # fmt: skip


def random_token(rng: random.Random) -> str:
    """One piece of a query: a word, an operator, a field, a date range, punctuation or odd characters."""
    choice = rng.random()
    word = rng.choice(WORDS)
    if choice < 0.25:
        return word + (rng.choice(SYMBOLS) if rng.random() < 0.4 else "")
    if choice < 0.35:
        return rng.choice(OPERATORS)
    if choice < 0.5:
        return rng.choice(FIELDS) + rng.choice((word, rng.choice(DATES), f'"{word} {rng.choice(WORDS)}"', "*"))
    if choice < 0.58:
        low, high = rng.choice(DATES), rng.choice(DATES)
        brackets = rng.choice(("[]", "{}", "[}", "{]", "[", "]"))
        return f"{rng.choice(FIELDS)}{brackets[0]}{low} {rng.choice(('TO', 'to', ''))} {high}{brackets[-1]}"
    if choice < 0.68:
        return rng.choice(SYMBOLS) + (word if rng.random() < 0.5 else "")
    if choice < 0.74:
        return "".join(rng.choice(UNICODE) for _ in range(rng.randint(1, 4))) + word
    if choice < 0.78:
        return rng.choice(("(", ")", '"', "((", "))"))
    if choice < 0.83:  # patterns that expand to many terms
        return rng.choice(("*", "?", "a*", "*a*", "?*", "t*", "*e", "s?n*")) + rng.choice(("", "~", "~2"))
    if choice < 0.88:
        return word[: rng.randint(1, len(word))] + "~" + str(rng.randint(0, 12))
    if choice < 0.92:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(50, 400)))
    return "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 12)))


def random_query(rng: random.Random) -> str:
    return " ".join(random_token(rng) for _ in range(rng.randint(1, 8)))


HAND_PICKED = (
    "a*~", "*", "*~", "?", "t*~2", "tag:", "tag:*", "published:[2024 TO", "published:[TO]", "date:>=",
    "published:[2024 TO 2023]", "year:99999", "published:>99999999", "created:<0", "~", "~2", "a~99",
    "support^", "support^x", "support~x", "NOT", "AND OR", "(a OR", "a OR)", '"', '""', "title:()", ":",
    "tag:a* OR tag:*b*", "*a*~2 *e*~2 *i*~2", "a~2 e~2 i~2 o~2 u~2", "-", "+", "- +", "[", "]", "{}",
    "published:[2024-05 TO 2024-04]", "date:yesterday", "date:[now TO today]", "published:2024-13-40",
)  # fmt: skip

# Signs that a message carries Python's or Whoosh's words rather than the user's.
_LEAK = re.compile(
    r"index out of range|invalid literal|object has no attribute|NoneType|unexpected keyword|"
    r"Traceback|Error\b|not subscriptable|unhashable|\bint\(\)|<class|whoosh|\bself\b|__",
)


def build_small_library(folder: Path) -> Library:
    """The sample articles with a few tagged highlights, indexed."""
    library = Library(folder, background=False)
    samples = Path(__file__).resolve().parent.parent / "resources" / "samples"
    library.documents.import_paths([samples])
    for summary in library.documents.summaries():
        text = library.documents.get(summary.id).text
        for number, start in enumerate(range(0, min(len(text), 3000), 400)):
            library.annotations.add(summary.id, start, start + 40, tags=(f"topic/{number % 3}", "support"), note="n")
    library.index.flush()
    return library


def run(library: Library, queries: list[str], budget: float) -> tuple[Counter[str], list[tuple[float, str, str]]]:
    """Each query as the window runs it; (outcome counts, per query (seconds, outcome, detail))."""
    document_id = library.documents.summaries()[0].id
    counts: Counter[str] = Counter()
    rows: list[tuple[float, str, str]] = []
    for query in queries:
        started = time.perf_counter()
        outcome, detail = "answered", ""
        try:
            result = library.index.search(query, limit=50)
            _ = result.total
            library.index.facets(query)
            library.index.mentions_in(query, document_id)
        except QueryError as error:
            outcome, detail = ("leaked", str(error)) if _LEAK.search(str(error)) else ("refused", str(error))
        except Exception as error:  # noqa: BLE001 - what the fuzzer is looking for
            outcome, detail = "crashed", f"{type(error).__name__}: {error}"
        seconds = time.perf_counter() - started
        if seconds > budget and outcome != "crashed":
            counts["over budget"] += 1
        counts[outcome] += 1
        rows.append((seconds, outcome, detail))
    return counts, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument("--budget", type=float, default=5.0, help="seconds counted as over budget")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    queries = list(HAND_PICKED) + [random_query(rng) for _ in range(max(0, args.queries - len(HAND_PICKED)))]
    with tempfile.TemporaryDirectory() as temporary:
        library = Library(args.data_dir, background=False) if args.data_dir else build_small_library(Path(temporary))
        try:
            started = time.perf_counter()
            counts, rows = run(library, queries, args.budget)
            elapsed = time.perf_counter() - started
        finally:
            library.close()
    times = sorted(seconds for seconds, _, _ in rows)
    print(f"{len(queries)} queries in {elapsed:.1f} s; median {times[len(times) // 2] * 1000:.1f} ms, "
          f"max {times[-1]:.2f} s")  # fmt: skip
    print("| outcome | queries |\n|---|---|")
    for outcome in ("answered", "refused", "leaked", "crashed", "over budget"):
        print(f"| {outcome} | {counts[outcome]} |")
    problems = [(q, row) for q, row in zip(queries, rows, strict=True) if row[1] in ("leaked", "crashed")]
    if problems:
        print("\nleaks and crashes (first of each message):")
        seen: set[str] = set()
        for query, (_, outcome, detail) in problems:
            key = re.sub(r"\d+", "N", detail)[:80]
            if key not in seen and len(seen) < args.show:
                seen.add(key)
                print(f"  {outcome}: {query!r} -> {detail[:200]}")
    print("\nslowest:")
    for (seconds, outcome, detail), query in sorted(zip(rows, queries, strict=True), reverse=True)[: args.show]:
        print(f"  {seconds:6.2f} s  {outcome:8}  {query[:90]!r}  {detail[:80]}")


if __name__ == "__main__":
    main()
