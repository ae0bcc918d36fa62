"""Core-loop figures on the sample library: import time, search latency, highlight-to-searchable delay.

Run: ``.venv/bin/python benchmarks/core_loop.py [--repeat N]``. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import Library  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
QUERIES = ['"air defense support"', "sanction*", "tag:air-defense", "grid AND resilience", "defens~"]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    arguments = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder), background=True)
        started = time.perf_counter()
        outcomes = library.documents.import_paths([SAMPLES]).value
        stored = time.perf_counter() - started
        library.index.flush()
        indexed = time.perf_counter() - started
        chars = sum(len(outcome.document.text) for outcome in outcomes if outcome.document)
        rows.append((f"import {len(outcomes)} samples ({chars:,} chars): parse+store", _ms(stored), ""))
        rows.append(("import samples: until searchable", _ms(indexed), ""))
        first = outcomes[0].document
        assert first is not None
        library.annotations.add_quote(first.id, first.text.split()[3], tags=["air-defense"])
        library.index.flush()
        for query in QUERIES:
            timings = []
            for _ in range(arguments.repeat):
                begin = time.perf_counter()
                result = library.index.search(query)
                timings.append(time.perf_counter() - begin)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            rows.append((f"search {query} ({result.total} hits) p50 / p95", _ms(statistics.median(timings)), _ms(p95)))
        delays = []
        for number in range(20):
            begin = time.perf_counter()
            library.annotations.add(first.id, number * 10, number * 10 + 5, tags=[f"bench-{number}"])
            while library.index.search(f"tag:bench-{number}", fresh_within=0).total == 0:
                time.sleep(0.001)
            delays.append(time.perf_counter() - begin)
        rows.append(("highlight saved -> searchable p50 / max", _ms(statistics.median(delays)), _ms(max(delays))))
        library.close()
    width = max(len(row[0]) for row in rows)
    print(f"{'measure':<{width}}  {'ms':>8}  {'p95/max':>8}")
    for label, value, extra in rows:
        print(f"{label:<{width}}  {value}  {extra:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
