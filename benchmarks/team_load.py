"""A team library under load (issue 17): many desktops writing highlights to one PostgreSQL server.

    .venv/bin/python benchmarks/team_load.py [--url postgresql://…] [--articles 5000] [--annotations 20000]
        [--clients 4,8,16] [--seconds 10] [--interval 0.2] [--offline-changes 10000]

Without ``--url`` it starts a throwaway server of its own (``tests/pg_cluster.py``: initdb + pg_ctl on a
free loopback port) and removes it afterwards; with ``--url`` the database there must be empty.

1. A shared library: ``--articles`` generated Markdown articles and ``--annotations`` highlights (the
   generator and highlight maker of ``benchmarks/search_speed.py``), imported by one desktop, whose
   data folder (its index and feed cursor) is then copied to every client so none rebuilds at start.
2. For each client count: that many processes, each its own ``Library(data_dir, team=url)``, write
   highlights for ``--seconds`` (one each ``--interval`` seconds of think time; 0 = flat out). Writing
   clients run ``background=False`` unless ``--writers-index``: on one machine N indexing desktops would
   share the CPUs that a real team's desktops each have. Measured: highlights/s over all clients and the
   p50/p95 latency of a write (``annotations.add`` returning); and, on one more desktop that writes nothing, the delay from
   each write's return (wall clock, same machine) to that desktop's index holding it (the index keeper
   announcing it as another process's change, after its index commit): p50/p95, target p95 ≤ 1 s.
3. Catch-up: a desktop closed before the rounds opens again once ``--offline-changes`` changes (the
   rounds' highlights, topped up with note edits) wait in the feed; time to drain them.
4. The search figures of ``benchmarks/search_speed.py`` (Lectern's columns) on the team library.

Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from search_speed import QUERIES, _add_annotations, cold_search, generate_articles, time_counting, timed  # noqa: E402

from annotations.database import SCHEMA_VERSION  # noqa: E402
from annotations.errors import LecternError  # noqa: E402
from annotations.pg_database import PostgresDatabase  # noqa: E402
from app import Library  # noqa: E402

READY_TIMEOUT = 600.0  # seconds a client may take to open its library and catch up before a round


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(len(ordered) * share + 0.5) - 1))]


# -- the shared library ---------------------------------------------------------------------------
def build_template(url: str, folder: Path, articles: int, annotations: int) -> list[tuple[str, float]]:
    """One desktop imports the articles and highlights them; its folder becomes every client's start."""
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="lectern-team-load-") as temp:
        started = time.perf_counter()
        generate_articles(Path(temp), articles)
        rows.append((f"generate {articles:,} Markdown files", time.perf_counter() - started))
        library = Library(folder, background=False, team=url)
        try:
            started = time.perf_counter()
            outcomes = library.documents.import_paths([Path(temp)]).value
            rows.append(("import_paths to the server (parse + store)", time.perf_counter() - started))
            ids = [outcome.document.id for outcome in outcomes if outcome.document is not None]
            if annotations:
                rows.extend(_add_annotations(library, ids, annotations))
            started = time.perf_counter()
            library.index.flush(timeout=7200)
            rows.append(("first desktop's index built from the server", time.perf_counter() - started))
        finally:
            library.close()
    return rows


def clone(template: Path, folder: Path) -> Path:
    """A desktop that starts where the template desktop stopped (its index and its place in the feed)."""
    shutil.copytree(template, folder)
    return folder


# -- the client processes -------------------------------------------------------------------------
def open_caught_up(folder: Path, url: str, background: bool = True) -> Library:
    library = Library(folder, background=background, team=url)
    library.index.wait_searchable(READY_TIMEOUT, caught_up=True)
    return library


def writer(
    folder: Path, url: str, seed: int, ready: Any, go: Event, seconds: float, interval: float, indexing: bool, out: Any
) -> None:
    """One desktop writing highlights: (annotation id, wall time it returned, seconds it took) each."""
    library = open_caught_up(folder, url, background=indexing)
    try:
        rng = random.Random(seed)
        ids = library.store.document_ids()
        lengths: dict[int, int] = {}
        ready.put(os.getpid())
        go.wait()
        written: list[tuple[int, float, float]] = []
        failed = 0
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            document_id = rng.choice(ids)
            if document_id not in lengths:
                lengths[document_id] = len(library.documents.get(document_id).text)
            start = rng.randrange(max(1, lengths[document_id] - 60))
            begin = time.perf_counter()
            try:
                added = library.annotations.add(document_id, start, start + rng.randint(20, 60), tags=["load"]).value
            except LecternError:
                failed += 1
                continue
            took = time.perf_counter() - begin
            written.append((added.id, time.time(), took))
            if interval:
                time.sleep(interval)
        out.put(("writer", written, failed))
    finally:
        library.close()


def observer(folder: Path, url: str, ready: Any, stop: Event, out: Any) -> None:
    """One more desktop, writing nothing: when its index first held each other desktop's highlight."""
    library = open_caught_up(folder, url)
    seen: dict[int, float] = {}
    try:

        def indexed(_documents: frozenset[int], annotations: frozenset[int]) -> None:
            now = time.time()
            for annotation_id in annotations:
                seen.setdefault(annotation_id, now)

        library.index.on_foreign_changes(indexed)
        ready.put(os.getpid())
        stop.wait()
        deadline = time.monotonic() + 120
        while library.index.pending_changes() and time.monotonic() < deadline:  # a desktop lagging behind
            library.index.changed()
            time.sleep(0.1)
        out.put(("observer", dict(seen), 0))
    finally:
        library.close()


def run_round(
    url: str, template: Path, folder: Path, clients: int, seconds: float, interval: float, indexing: bool
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    ready, out = context.Queue(), context.Queue()
    go, stop = context.Event(), context.Event()
    watcher = context.Process(target=observer, args=(clone(template, folder / "observer"), url, ready, stop, out))
    writers = [
        context.Process(
            target=writer,
            # a seed per round: an earlier round's spans again would return its highlights, changing nothing
            args=(clone(template, folder / f"client-{n}"), url, clients * 1000 + n, ready, go, seconds, interval, indexing, out),
        )
        for n in range(clients)
    ]
    processes = [watcher, *writers]
    for process in processes:
        process.start()
    for _ in processes:
        ready.get(timeout=READY_TIMEOUT)
    go.set()
    results: list[tuple[str, Any, int]] = [out.get(timeout=seconds + 120) for _ in writers]
    time.sleep(min(5.0, max(2.0, seconds / 2)))  # the last writes reach the observer
    stop.set()
    results.append(out.get(timeout=180))
    for process in processes:
        process.join(60)
    written = [row for kind, rows, _ in results if kind == "writer" for row in rows]
    failed = sum(count for kind, _, count in results if kind == "writer")
    seen: dict[int, float] = next(rows for kind, rows, _ in results if kind == "observer")
    delays = [seen[annotation_id] - at for annotation_id, at, _ in written if annotation_id in seen]
    latencies = [took for _, _, took in written]
    return {
        "clients": clients,
        "written": len(written),
        "failed": failed,
        "per_second": len(written) / seconds,
        "write_p50": statistics.median(latencies) if latencies else float("nan"),
        "write_p95": percentile(latencies, 0.95) if latencies else float("nan"),
        "seen": len(delays),
        "visible_p50": statistics.median(delays) if delays else float("nan"),
        "visible_p95": percentile(delays, 0.95) if delays else float("nan"),
        "visible_max": max(delays) if delays else float("nan"),
    }


# -- catch-up and search ----------------------------------------------------------------------------
def top_up(url: str, pending: int, wanted: int) -> int:
    """Note edits (one transaction per 50 highlights: the feed records a highlight once per transaction)
    until ``wanted`` changes wait for the offline desktop; how many were added."""
    server = PostgresDatabase(url, SCHEMA_VERSION)
    added = 0
    try:
        ids = [row[0] for row in server.connection().execute("SELECT id FROM annotations ORDER BY id LIMIT 50")]
        while ids and pending + added < wanted:
            with server.transaction() as connection:
                for annotation_id in ids[: wanted - pending - added]:
                    connection.execute("UPDATE annotations SET note = ? WHERE id = ?", (f"edit {added}", annotation_id))
                    added += 1
    finally:
        server.close_all()
    return added


def catch_up(url: str, folder: Path, wanted: int) -> tuple[int, float]:
    """(changes drained, seconds) for the desktop in ``folder``, closed since before the rounds."""
    library = Library(folder, background=False, team=url)
    try:
        pending = library.index.pending_changes()
        if pending < wanted:
            top_up(url, pending, wanted)
            pending = library.index.pending_changes()
        begin = time.perf_counter()
        library.index.flush(timeout=3600)
        return pending, time.perf_counter() - begin
    finally:
        library.close()


def search_rows(url: str, folder: Path, repeat: int, budget: float) -> list[str]:
    library = Library(folder, background=False, team=url)
    rows = []
    try:
        library.index.flush(timeout=3600)
        library.index.keeper.merge_when_idle()
        for label, query, _, _ in QUERIES:
            result = library.index.search(query, limit=50)
            p50, p95, runs = timed(lambda query=query: cold_search(library, query), repeat, budget)
            counting = time_counting(library, query)
            rows.append(
                f"| search: {label} `{query}` | {result.total:,} mentions / {len(result.hits)} shown | {p50 * 1000:.1f} "
                f"| {p95 * 1000:.1f} ({runs} runs) | {counting * 1000:.1f} |"
            )
    finally:
        library.close()
    return rows


# -- main ---------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty team database (default: a throwaway server of our own)")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--annotations", type=int, default=20_000)
    parser.add_argument("--clients", default="4,8,16")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each round's clients write")
    parser.add_argument("--interval", type=float, default=0.2, help="a client's pause between highlights (0: flat out)")
    parser.add_argument(
        "--writers-index", action="store_true",
        help="writing clients keep their own index live too (on one machine: N times the indexing on the same CPUs)",
    )  # fmt: skip
    parser.add_argument("--offline-changes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds of timed runs per query, at most")
    arguments = parser.parse_args(argv)
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    counts = [int(part) for part in arguments.clients.split(",") if part.strip()]
    cluster = None
    url = arguments.url
    if url is None:
        from pg_cluster import ThrowawayCluster

        _progress("starting a throwaway PostgreSQL server")
        cluster = ThrowawayCluster().start()
        url = cluster.url(cluster.new_database("team_load"))
    work = Path(tempfile.mkdtemp(prefix="lectern-team-load-"))
    try:
        _progress(f"building the shared library: {arguments.articles:,} articles, {arguments.annotations:,} highlights")
        build = build_template(url, work / "template", arguments.articles, arguments.annotations)
        offline = clone(work / "template", work / "offline")
        rounds = []
        for clients in counts:
            _progress(f"{clients} clients writing for {arguments.seconds:g} s")
            rounds.append(run_round(url, work / "template", work / f"round-{clients}", clients, arguments.seconds,
                                    arguments.interval, arguments.writers_index))  # fmt: skip
            _progress(str(rounds[-1]))
        _progress("catch-up of the desktop that was offline")
        drained, catch_up_seconds = catch_up(url, offline, arguments.offline_changes)
        _progress("search figures on the team library")
        searches = search_rows(url, work / "template", arguments.repeat, arguments.budget)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if cluster is not None:
            cluster.stop()

    print(f"`{command}`  ")
    print(
        f"{arguments.articles:,} articles of ~1,000 words, {arguments.annotations:,} highlights; {os.cpu_count()} CPUs; "
        f"PostgreSQL on loopback; each client a process with its own Library and data folder; "
        f"think time {arguments.interval:g} s between a client's highlights; {arguments.seconds:g} s per round; "
        f"writing clients {'index too (background=True)' if arguments.writers_index else 'do not index (background=False): on one machine N indexing desktops would share its CPUs'}"
    )
    print()
    print("| build step | s |")
    print("|---|---|")
    for label, seconds in build:
        print(f"| {label} | {seconds:.1f} |")
    print()
    print("| clients | highlights written (failed) | highlights/s | write p50 ms | write p95 ms "
          "| write → searchable on another desktop p50 ms | p95 ms (target ≤ 1000) | max ms | seen |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rounds:
        print(
            f"| {row['clients']} | {row['written']:,} ({row['failed']}) | {row['per_second']:.1f} | {_ms(row['write_p50'])} "
            f"| {_ms(row['write_p95'])} | {_ms(row['visible_p50'])} | {_ms(row['visible_p95'])} | {_ms(row['visible_max'])} "
            f"| {row['seen']:,}/{row['written']:,} |"
        )
    print()
    print(f"catch-up of a desktop offline for {drained:,} changes: {catch_up_seconds:.1f} s "
          f"({drained / max(catch_up_seconds, 1e-9):,.0f} changes/s)")  # fmt: skip
    print()
    print("| measure (team library) | result | p50 ms | p95 ms | counting every mention, ms |")
    print("|---|---|---|---|---|")
    for row in searches:
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
