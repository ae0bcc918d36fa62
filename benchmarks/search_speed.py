"""Search speed on a large library: Lectern end to end next to SQLite FTS5 on the same texts (issue #5).

    .venv/bin/python benchmarks/search_speed.py [--articles 5000] [--annotations 100000] [--data-dir DIR]
        [--repeat 30] [--profile]

Builds a library of generated articles (~1,000 words each) and highlights (~30 words each, with tags,
colours and some notes) the way a user would: Markdown files imported with ``Library.import_paths``,
then highlights stored with ``library.store.add_annotations`` (batched per document and tag set, for
speed: one transaction per batch rather than one per highlight), then ``library.index.flush()``.
With ``--data-dir`` the library (and the FTS5 database) is kept there and reused by later runs.

Lectern's figure is ``Library.search(query, limit=50)``: parse, run on the index, load the best
entries, find their mentions' offsets, make snippets, return the first page of 50 (the window shows
this page at once); each run is a new query, not served from what the searcher keeps of the last
one for paging. Counting every mention (the total, and the facets from the same pass) runs
afterwards off the GUI thread; its time is in the last column, measured once. FTS5's is the nearest stock
equivalent: ``MATCH`` ordered by ``rank`` (bm25), ``snippet()`` and ``highlight()`` (every match marked,
i.e. its offsets) for the first 50 rows. FTS5 pages by entry, Lectern by mention.

Also: the delay from saving a highlight to finding it (``tag:`` search, no waiting), and the longest
stall of a Qt GUI thread (offscreen, 1 ms timer) while highlights are saved as the window saves them
(``ui.operations``: the write on a worker, the Changes announced back on the GUI thread) and indexed by
the writer thread. Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.models import HIGHLIGHT_COLORS  # noqa: E402
from app import Library  # noqa: E402

VOCABULARY = (
    "air defense support sanctions supply chain grid resilience baltic ministry energy policy report analysts "
    "missile drone launcher radar corridor tariff export control shipment reactor pipeline treaty alliance "
    "parliament budget procurement deterrence escalation ceasefire negotiation envoy summit communique border "
    "the of and to in a for on with as by at from that this which was were is are has have had will would "
    "could should may might also however although because therefore while during after before between among "
    "industrial capacity logistics maintenance spare parts airfield battalion brigade artillery satellite "
    "imagery frontline offensive reserves mobilization inflation currency reserves oil gas tanker insurance"
).split()
PHRASE = "air defense support"
RARE_WORD = "zeitgeist"
COMMON_WORD = "sanctions"
TAGS = ("air-defense", "region/iran", "region/russia", "region/baltic", "logistics", "energy", "economy/sanctions",
        "follow-up", "quote-worthy", "drones")  # fmt: skip
BUILD_MARKER = "lectern-search-speed.json"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- generating ---------------------------------------------------------------------------------
def _sentence(rng: random.Random, number: int) -> str:
    words = rng.choices(VOCABULARY, k=rng.randint(8, 20))
    if rng.random() < 0.004:  # ~0.4% of sentences: ~500 mentions in 5,000 articles
        at = rng.randrange(len(words))
        words[at:at] = PHRASE.split()
    return " ".join(words).capitalize() + "."


def generate_articles(folder: Path, count: int, words: int = 1000, seed: int = 11) -> None:
    """``count`` Markdown articles; the rare word goes into a handful of them."""
    rng = random.Random(seed)
    rare = set(rng.sample(range(count), k=min(count, 5)))
    for number in range(count):
        lines = [f"# Report {number}: {' '.join(rng.choices(VOCABULARY, k=5))}", ""]
        written = 0
        while written < words:
            if rng.random() < 0.1:
                lines += [f"## {' '.join(rng.choices(VOCABULARY, k=4)).capitalize()}", ""]
            sentences = [_sentence(rng, number) for _ in range(rng.randint(3, 6))]
            if number in rare and written == 0:
                sentences.append(f"The {RARE_WORD} of the region shifted.")
            written += sum(len(sentence.split()) for sentence in sentences)
            lines += [" ".join(sentences) + f" Item {number}-{written}.", ""]
        (folder / f"report-{number:05d}.md").write_text("\n".join(lines), encoding="utf-8")


def _spans(text: str, rng: random.Random, count: int, words: int = 30) -> list[tuple[int, int]]:
    """``count`` word-aligned spans of about ``words`` words; those near the phrase cover it."""
    bounds = [(match.start(), match.end()) for match in re.finditer(r"\S+", text)]
    phrase_at = [match.start() for match in re.finditer(re.escape(PHRASE), text, re.IGNORECASE)]
    spans = []
    for number in range(count):
        if number < len(phrase_at):  # highlight the phrase where the article has it
            first = max(0, next(i for i, (start, _) in enumerate(bounds) if start >= phrase_at[number]) - 10)
        else:
            first = rng.randrange(max(1, len(bounds) - words))
        last = min(len(bounds) - 1, first + rng.randint(words - 10, words + 10))
        spans.append((bounds[first][0], bounds[last][1]))
    return spans


def build_library(data_dir: Path, articles: int, annotations: int) -> list[tuple[str, float]]:
    """Import the articles and store the highlights; returns (step, seconds) rows."""
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="lectern-search-speed-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        _progress(f"writing {articles:,} Markdown articles")
        generate_articles(folder, articles)
        rows.append((f"generate {articles:,} Markdown files", time.perf_counter() - started))
        library = Library(data_dir, background=False)
        try:
            started = time.perf_counter()

            def progress(done: int, total: int, _path: Path) -> None:
                if done % 500 == 0 or done == total:
                    _progress(f"imported {done:,}/{total:,}")

            outcomes = library.documents.import_paths([folder], progress=progress).value
            rows.append(("import_paths (parse + store)", time.perf_counter() - started))
            started = time.perf_counter()
            _progress("indexing the articles")
            library.index.flush(timeout=3600)
            rows.append(("flush_index: articles searchable", time.perf_counter() - started))
            ids = [outcome.document.id for outcome in outcomes if outcome.document is not None]
            rows.extend(_add_annotations(library, ids, annotations))
            started = time.perf_counter()
            _progress("indexing the highlights")
            library.index.flush(timeout=3600)
            rows.append(("flush_index: highlights searchable", time.perf_counter() - started))
        finally:
            library.close()
    return rows


def _add_annotations(library: Library, ids: list[int], total: int) -> list[tuple[str, float]]:
    rng = random.Random(5)
    started = time.perf_counter()
    per_document, extra = divmod(total, len(ids))
    for position, document_id in enumerate(ids):
        count = per_document + (position < extra)
        text = library.store.document(document_id).text
        spans = _spans(text, rng, count)
        for batch in range(0, len(spans), 5):  # one colour, tag set and note per batch of five
            chunk = spans[batch : batch + 5]
            covers_phrase = PHRASE in text.lower()[chunk[0][0] : chunk[0][1]]
            tags = ["air-defense"] if covers_phrase else []
            tags += rng.sample(TAGS, k=rng.randint(0, 2))
            note = " ".join(rng.choices(VOCABULARY, k=8)).capitalize() if rng.random() < 0.3 else ""
            library.store.add_annotations(document_id, chunk, color=rng.choice(HIGHLIGHT_COLORS), tags=tags, note=note)
        if position % 500 == 0:
            _progress(f"highlights for {position:,}/{len(ids):,} articles")
    return [(f"store {total:,} highlights (add_annotations, batches of 5)", time.perf_counter() - started)]


# -- FTS5 ---------------------------------------------------------------------------------------
def build_fts(library: Library, path: Path) -> float:
    """One FTS5 table over articles (title, body) and highlights (quote, note, tags), plus a tag table."""
    started = time.perf_counter()
    path.unlink(missing_ok=True)
    fts = sqlite3.connect(path)
    fts.executescript(
        """
        CREATE VIRTUAL TABLE entries USING fts5(kind UNINDEXED, ref UNINDEXED, title, body, note, tags,
                                                tokenize = 'porter unicode61');
        CREATE TABLE entry_tags (entry INTEGER, tag TEXT);
        """
    )
    source = library.store
    with fts:
        for document_id in source.document_ids():
            document = source.document(document_id)
            fts.execute(
                "INSERT INTO entries (kind, ref, title, body, note) VALUES ('article', ?, ?, ?, ?)",
                (document.id, document.title, document.text, document.note),
            )
        for annotation_id in source.annotation_ids():
            annotation = source.annotation(annotation_id)
            cursor = fts.execute(
                "INSERT INTO entries (kind, ref, body, note, tags) VALUES ('annotation', ?, ?, ?, ?)",
                (annotation.id, annotation.exact, annotation.note, " ".join(annotation.tags)),
            )
            fts.executemany(
                "INSERT INTO entry_tags VALUES (?, ?)", [(cursor.lastrowid, tag) for tag in annotation.tags]
            )
        fts.execute("CREATE INDEX entry_tags_tag ON entry_tags (tag, entry)")
    fts.close()
    return time.perf_counter() - started


FTS_SELECT = (
    "SELECT entries.kind, entries.ref, snippet(entries, 3, '<mark>', '</mark>', '…', 24), "
    "highlight(entries, 3, '<mark>', '</mark>') FROM entries"
)


def fts_query(connection: sqlite3.Connection, match: str, tag: str | None = None) -> list[tuple]:
    if tag is None:
        sql = f"{FTS_SELECT} WHERE entries MATCH ? ORDER BY rank LIMIT 50"
        return connection.execute(sql, (match,)).fetchall()
    sql = (  # the tag or one of its children ("region" finds "region/iran"), by the index on entry_tags
        f"{FTS_SELECT} WHERE entries MATCH ? AND +entries.rowid IN (SELECT entry FROM entry_tags WHERE tag = ? "
        "OR (tag > ? || '/' AND tag < ? || '0')) ORDER BY rank LIMIT 50"
    )
    return connection.execute(sql, (match, tag, tag, tag)).fetchall()


def fts_total(connection: sqlite3.Connection, match: str, tag: str | None = None) -> int:
    if tag is None:
        return connection.execute("SELECT count(*) FROM entries WHERE entries MATCH ?", (match,)).fetchone()[0]
    return connection.execute(
        "SELECT count(*) FROM entries WHERE entries MATCH ? AND +entries.rowid IN (SELECT entry FROM entry_tags "
        "WHERE tag = ? OR (tag > ? || '/' AND tag < ? || '0'))",
        (match, tag, tag, tag),
    ).fetchone()[0]


# -- timing -------------------------------------------------------------------------------------
QUERIES: list[tuple[str, str, str, str | None]] = [
    # (label, Lectern query, FTS5 MATCH, FTS5 tag filter)
    ("phrase", f'"{PHRASE}"', f'"{PHRASE}"', None),
    ("phrase + tag", f'"{PHRASE}" tag:air-defense', f'"{PHRASE}"', "air-defense"),
    ("rare word", RARE_WORD, RARE_WORD, None),
    ("common word", COMMON_WORD, COMMON_WORD, None),
]


def timed(function: Callable[[], object], repeat: int, budget: float, warmup: int = 3) -> tuple[float, float, int]:
    """(p50, p95, runs): ``repeat`` runs after ``warmup`` ones, fewer (at least 3) past ``budget`` seconds."""
    started = time.perf_counter()
    for _ in range(warmup):
        function()
        if time.perf_counter() - started > budget / 4:
            break
    timings: list[float] = []
    started = time.perf_counter()
    while len(timings) < repeat and (len(timings) < 3 or time.perf_counter() - started < budget):
        begin = time.perf_counter()
        function()
        timings.append(time.perf_counter() - begin)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95 + 0.5) - 1)], len(timings)


def time_queries(library: Library, fts_path: Path, repeat: int, budget: float, profile: bool) -> list[str]:
    connection = sqlite3.connect(fts_path)
    rows = []
    profiles = []
    for label, query, match, tag in QUERIES:
        result = library.index.search(query, limit=50)
        fts_rows = fts_query(connection, match, tag)
        lectern = timed(lambda query=query: cold_search(library, query), repeat, budget)
        fts = timed(lambda match=match, tag=tag: fts_query(connection, match, tag), repeat, budget)
        counting = time_counting(library, query)
        rows.append(
            f"| search: {label} `{query}` | {result.total:,} mentions / {len(result.hits)} shown | "
            f"{_ms(lectern[0])} | {_ms(lectern[1])} ({lectern[2]} runs) | {fts_total(connection, match, tag):,} rows / {len(fts_rows)} | "
            f"{_ms(fts[0])} | {_ms(fts[1])} ({fts[2]} runs) | {lectern[0] / fts[0]:.1f}× | {_ms(counting)} |"
        )
        _progress(rows[-1])
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            library.index.search(query, limit=50)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            profiles.append(f"### profile: {label} `{query}` (1 run)\n{out.getvalue()}")
    connection.close()
    if profiles:
        print("\n".join(profiles), file=sys.stderr)
    return rows


def cold_search(library: Library, query: str) -> object:
    """``library.index.search(query, limit=50)`` as a new query: not served from the kept cursor of the last run."""
    library.index.searcher.forget_last_query()
    return library.index.search(query, limit=50)


def time_counting(library: Library, query: str) -> float:
    """Seconds to count every mention of ``query`` (what the window does after showing the first page)."""
    library.index.searcher.forget_last_query()  # counted afresh, not from the previous run's tallies
    begin = time.perf_counter()
    total = library.index.search(query, limit=50).total
    elapsed = time.perf_counter() - begin
    assert total >= 0
    return elapsed


def time_saved_recount(library: Library, runs: int = 5) -> tuple[float, float]:
    """(cold, after a highlight) seconds to count every query of the benchmark, as the sidebar recounts its
    saved searches: once from nothing, then (median of ``runs``) after each saved highlight's commit."""
    queries = [query for _, query, _, _ in QUERIES]
    library.index.searcher.forget_last_query()
    begin = time.perf_counter()
    counted = sum(library.index.search(query, limit=0).total for query in queries)
    cold = time.perf_counter() - begin
    targets: list[tuple[int, int]] = []  # (article, where the phrase starts): one per run
    for document in map(library.documents.get, reversed(library.store.document_ids())):
        if len(targets) == runs:
            break
        taken = {(annotation.start, annotation.end) for annotation in library.annotations.for_document(document.id)}
        start = document.text.find(PHRASE)
        while start >= 0 and (start, start + len(PHRASE)) in taken:  # an earlier run highlighted it already
            start = document.text.find(PHRASE, start + 1)
        if start >= 0:
            targets.append((document.id, start))
    after_commit = []
    library.index.keeper.defer_merges = True  # as with the app's writer thread: small commits never merge
    for document_id, start in targets:
        library.annotations.add(document_id, start, start + len(PHRASE), tags=["air-defense"])
        library.index.flush()
        begin = time.perf_counter()
        recounted = sum(library.index.search(query, limit=0).total for query in queries)
        after_commit.append(time.perf_counter() - begin)
        assert recounted > counted  # each new highlight is a mention of the phrase
    library.index.keeper.defer_merges = False
    return cold, statistics.median(after_commit)


def time_fresh_highlights(data_dir: Path, runs: int) -> list[float]:
    """Seconds from calling ``annotate`` to a ``tag:`` search (not waiting for the writer) finding it."""
    library = Library(data_dir, background=True)
    try:
        library.index.flush(timeout=600)
        document_id = library.store.document_ids()[0]
        library.index.search("bench", limit=1)  # the searcher is open, as in a running app
        delays = []
        for number in range(runs):
            tag = f"fresh-{os.getpid()}-{number}"
            begin = time.perf_counter()
            library.annotations.add(document_id, number * 10, number * 10 + 5, tags=[tag])
            while library.index.search(f"tag:{tag}", limit=50, fresh_within=0).total == 0:
                time.sleep(0.001)
            delays.append(time.perf_counter() - begin)
            time.sleep(0.05)
        return delays
    finally:
        library.close()


def time_gui_stall(data_dir: Path, runs: int) -> tuple[float, float, float, float]:
    """(max tick gap idle, max tick gap while saving + indexing, max and median of a save's round trip:
    from asking for the highlight to its Changes being announced on the GUI thread)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import keep_gui_thread_responsive
    from ui.events import AppEvents
    from ui.operations import Operations

    app = QApplication.instance() or QApplication([])
    library = Library(data_dir, background=True)
    library.index.flush(timeout=600)
    keep_gui_thread_responsive()  # as the app does once its window is up
    document_id = library.store.document_ids()[0]
    clock = QElapsedTimer()
    clock.start()
    gaps: dict[str, list[float]] = {"idle": [], "busy": []}
    state = {"phase": "idle", "last": 0.0, "saved": 0}
    calls: list[float] = []

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e9
        if state["last"]:
            gaps[str(state["phase"])].append(now - float(state["last"]))
        state["last"] = now

    events = AppEvents()
    operations = Operations(events)

    def save() -> None:  # what the highlights controller does when 1-5 is pressed
        state["phase"] = "busy"
        number = int(state["saved"])
        begin = time.perf_counter()

        def saved(_annotation: object) -> None:
            calls.append(time.perf_counter() - begin)
            state["saved"] = number + 1
            if number + 1 < runs:
                QTimer.singleShot(150, save)  # the writer thread indexes meanwhile
            else:
                QTimer.singleShot(300, app.quit)

        tag = f"stall-{os.getpid()}-{number}"
        operations.run(lambda: library.annotations.add(document_id, 20 + number * 10, 25 + number * 10, tags=[tag]),
                       success=saved)  # fmt: skip

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(500, save)  # half a second of idle ticks first, for the timer's own jitter
    app.exec()
    timer.stop()
    library.close()
    return max(gaps["idle"]), max(gaps["busy"]), max(calls), statistics.median(calls)


# -- main ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--annotations", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, help="keep the built library here and reuse it on later runs")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of timed runs per query, at most")
    parser.add_argument("--fresh-runs", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="cProfile each query's search (to stderr)")
    arguments = parser.parse_args(argv)
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    if not sqlite3.connect(":memory:").execute("PRAGMA compile_options").fetchall().count(("ENABLE_FTS5",)):
        print("this Python's sqlite3 has no FTS5", file=sys.stderr)
        return 1
    temp = None
    if arguments.data_dir is None:
        temp = tempfile.TemporaryDirectory(prefix="lectern-search-speed-")
        data_dir = Path(temp.name)
    else:
        data_dir = arguments.data_dir
    marker = data_dir / BUILD_MARKER
    wanted = f"{arguments.articles} {arguments.annotations}\n"
    build_rows: list[tuple[str, float]] = []
    try:
        if marker.exists() and marker.read_text() == wanted:
            _progress(f"reusing the library in {data_dir}")
        else:
            if data_dir.exists() and any(data_dir.iterdir()):
                print(f"{data_dir} is not empty and holds no library of this size; choose another", file=sys.stderr)
                return 1
            build_rows = build_library(data_dir, arguments.articles, arguments.annotations)
            _progress("building the FTS5 table")
            library = Library(data_dir, background=False)
            build_rows.append(("FTS5 table (same texts, one transaction)", build_fts(library, data_dir / "fts5.db")))
            library.close()
            marker.write_text(wanted)
        library = Library(data_dir, background=False)
        library.index.flush(timeout=3600)
        library.index.keeper.merge_when_idle()  # as the app's writer does when idle (earlier runs' highlights pile up)
        query_rows = time_queries(library, data_dir / "fts5.db", arguments.repeat, arguments.budget, arguments.profile)
        _progress("recounting saved searches")
        recount = time_saved_recount(library)
        library.close()
        _progress("highlight -> searchable")
        delays = time_fresh_highlights(data_dir, arguments.fresh_runs)
        _progress("GUI-thread stall")
        idle_gap, busy_gap, longest_call, median_call = time_gui_stall(data_dir, arguments.fresh_runs)
    finally:
        if temp is not None:
            temp.cleanup()

    print(f"`{command}`  ")
    print(
        f"{arguments.articles:,} articles of ~1,000 words, {arguments.annotations:,} highlights of ~30 words; "
        f"{os.cpu_count()} CPUs; SQLite {sqlite3.sqlite_version}; up to {arguments.repeat} runs (at most "
        f"{arguments.budget:g} s of them) after up to 3 warm-ups"
    )
    print()
    if build_rows:
        print("| build step | s |")
        print("|---|---|")
        for label, seconds in build_rows:
            print(f"| {label} | {seconds:.1f} |")
        print()
    print("| measure | Lectern result | Lectern p50 ms | Lectern p95 ms | FTS5 result | FTS5 p50 ms | FTS5 p95 ms "
          "| Lectern / FTS5 p50 (target ≤ 10×) | counting every mention, ms (once; off the GUI thread) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for row in query_rows:
        print(row)
    print(
        f"| counting all {len(QUERIES)} queries, as saved searches are recounted | from nothing "
        f"{_ms(recount[0])} ms; after saving a highlight {_ms(recount[1])} ms | | | | | | | |"
    )
    print(
        f"| highlight saved → searchable ({len(delays)} runs; target ≤ 100 ms) | p50 {_ms(statistics.median(delays))} "
        f"ms, max {_ms(max(delays))} ms | | | | | | | |"
    )
    print(
        f"| longest GUI-thread stall while saving {arguments.fresh_runs} highlights (target ≤ 16 ms) | "
        f"{_ms(busy_gap)} ms (idle timer: {_ms(idle_gap)} ms; a save's round trip median {_ms(median_call)} ms, "
        f"max {_ms(longest_call)} ms) | | | | | | | |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
