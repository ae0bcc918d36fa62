"""Report speed on the 5,000-article, 100,000-highlight library: each report's time, off the GUI thread.

    .venv/bin/python benchmarks/report_speed.py [--data-dir /tmp/h3-lib] [--word sanctions] [--repeat 3]

Works on a COPY of the benchmark library (``cp -a /tmp/new-lib /tmp/h3-lib``; opening it migrates it).
The generated articles carry no publication date, so that a timeline has periods to count, the first run
gives the copy's articles dates through ``library.documents.update_metadata`` (once: a copy with dates is
left alone): "2019" to "2025" as a year, a month, a day or an ISO time, one in twenty left undated.
Each report runs as the window will run it: ``library.reports.…`` on a worker thread; the best of
``--repeat`` runs is shown with its rows. Targets: ≤ 1 s for tags, co-occurrence and the matrix; ≤ 2 s for
the timeline of a common word. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.models import STANCES, DocumentMetadata  # noqa: E402
from app import Library  # noqa: E402
from app.reports import ReportScope, TimelineSubject  # noqa: E402


def give_dates(library: Library, seed: int = 16) -> int:
    """Dates for the copy's articles when none has one (the generated library has none); how many were set."""
    if any(summary.published for summary in library.documents.summaries()):
        return 0
    rng = random.Random(seed)
    ids = library.store.document_ids()
    for number, document_id in enumerate(ids):
        year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
        kind = rng.random()
        if kind < 0.05:
            published = ""
        elif kind < 0.15:
            published = f"{year}"
        elif kind < 0.35:
            published = f"{year}-{month:02d}"
        elif kind < 0.9:
            published = f"{year}-{month:02d}-{day:02d}"
        else:
            published = f"{year}-{month:02d}-{day:02d}T08:30:00Z"
        library.documents.update_metadata(document_id, DocumentMetadata(published=published))
        if number % 500 == 0:
            print(f"  dating articles: {number:,}/{len(ids):,}", file=sys.stderr)
    return len(ids)


def give_claims(library: Library, seed: int = 16) -> int:
    """Claims for the copy when it has none: 40 claims, the first with 2,000 evidence links, the rest with 50."""
    if library.claims.count():
        return 0
    rng = random.Random(seed)
    ids = library.store.annotation_ids()
    links = 0
    for number in range(40):
        claim = library.claims.add(f"Benchmark claim {number + 1}", tags=["benchmark"]).value
        for annotation_id in rng.sample(ids, 2000 if number == 0 else 50):
            library.claims.link(claim.id, annotation_id, rng.choice(STANCES))
            links += 1
    return links


def timed(run: Callable[[], list[object]], repeat: int) -> tuple[float, int]:
    """The best time of ``repeat`` runs on a worker thread (as the window runs reports), and the rows."""
    best, rows = float("inf"), 0
    with ThreadPoolExecutor(max_workers=1) as worker:
        for _ in range(repeat):
            began = time.perf_counter()
            result = worker.submit(run).result()
            best, rows = min(best, time.perf_counter() - began), len(result)
    return best, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/h3-lib"))
    parser.add_argument("--word", default="sanctions", help="the common word of the query timeline")
    parser.add_argument("--tag", default="", help="a tag for the tag timeline and the tag scope (default: the most used)")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    library = Library(arguments.data_dir, background=False)
    try:
        dated = give_dates(library)
        if dated:
            print(f"gave {dated:,} articles a publication date", file=sys.stderr)
        linked = give_claims(library)
        if linked:
            print(f"linked {linked:,} highlights to 40 claims", file=sys.stderr)
        if not library.index.wait_searchable(600):
            sys.exit("the search index is not ready")
        reports = library.reports
        top = arguments.tag or library.tags.counts()[0].name
        branch = next((t.name.split("/")[0] for t in library.tags.counts() if "/" in t.name), top)
        tag_scope = ReportScope(tag=top)
        claims = library.store.claims.all()
        cases: list[tuple[str, float, Callable[[], list[object]]]] = [
            ("tags", 1.0, lambda: reports.tags()),
            ("cooccurrence --within highlight", 1.0, lambda: reports.cooccurrence()),
            ("cooccurrence --within paragraph", 1.0, lambda: reports.cooccurrence(within="paragraph")),
            ("matrix", 1.0, lambda: reports.matrix()),
            (f"timeline “{arguments.word}” --by month", 2.0, lambda: reports.timeline(TimelineSubject(query=arguments.word))),
            (f"timeline “{arguments.word}” --by year", 2.0, lambda: reports.timeline(TimelineSubject(query=arguments.word), by="year")),
            (f"timeline --tag {branch} --stack tag", 2.0, lambda: reports.timeline(TimelineSubject(tag=branch), stack="tag")),
            (f"tags --tag {top} (scope)", 1.0, lambda: reports.tags(tag_scope)),
            (f"cooccurrence paragraph --tag {top}", 1.0, lambda: reports.cooccurrence(tag_scope, "paragraph")),
            (f"tags --query {arguments.word} (scope)", 1.0, lambda: reports.tags(ReportScope(query=arguments.word))),
        ]
        if claims:
            claim = claims[0].id
            cases += [
                (f"timeline --claim {claim} --stack stance", 2.0,
                 lambda: reports.timeline(TimelineSubject(claim_id=claim), stack="stance")),
                ("claims (the Claims list, counts per stance)", 1.0, lambda: library.claims.all()),
                (f"claim {claim} evidence (its page)", 1.0, lambda: list(library.claims.evidence(claim).items)),
                (f"search claim:{claim}", 1.0, lambda: library.index.all_hits(f"claim:{claim}")),
            ]
        counts = f"{library.documents.count():,} articles, {library.store.annotation_count():,} highlights"
        print(f"\nReports on {arguments.data_dir} ({counts}); best of {arguments.repeat}, on a worker thread\n")
        print(f"{'report':<44} {'rows':>7} {'seconds':>8} {'target':>7}  ")
        print("-" * 72)
        for name, target, run in cases:
            seconds, rows = timed(run, arguments.repeat)
            verdict = "ok" if seconds <= target else "SLOW"
            print(f"{name:<44} {rows:>7,} {seconds:>8.3f} {target:>7.1f}  {verdict}")
        if not claims:
            print("\n(no claims in this library: the claim timeline was not timed)")
    finally:
        library.close()


if __name__ == "__main__":
    main()
