"""Syndicated copies in search: what counting distinct stories and "One per story" cost, in one process.

    .venv/bin/python benchmarks/story_speed.py --data-dir COPY_OF_A_BENCHMARK_LIBRARY [--runs 5] [--every 5]

Run it on a COPY of a library ``benchmarks/search_speed.py`` built: it writes copy marks. First with no
article marked a copy: a search's page and total (what the CLI printed before stories were counted), then
what counting the stories adds; the same for every mention. Then every ``--every``-th article is marked a
copy of the article before it (``documents.copy_of``, straight in SQLite) and "One per story" is timed:
its first page, its total (which walks the hits until each shared story's first article is placed). The
marks found at the start are put back at the end. Each figure is the median of ``--runs`` cold runs (the
searcher's kept counts and paging cursor dropped before each).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotations.paths import database_path  # noqa: E402
from app import Library  # noqa: E402
from app.mentions import MentionPage, mention_page  # noqa: E402
from app.stories import FoldedResult  # noqa: E402
from index.search import QueryError  # noqa: E402


def timed(runs: int, cold: Callable[[], None], steps: list[Callable[[], object]]) -> list[float]:
    """Median seconds of each step, the steps run in order after ``cold()`` in every run."""
    seconds: list[list[float]] = [[] for _ in steps]
    for _ in range(runs):
        cold()
        for at, step in enumerate(steps):
            started = time.perf_counter()
            step()
            seconds[at].append(time.perf_counter() - started)
    return [statistics.median(values) for values in seconds]


def set_marks(database: Path, marks: list[tuple[int | None, float | None, int]]) -> None:
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.executemany("UPDATE documents SET copy_of = ?, copy_similarity = ? WHERE id = ?", marks)


def unfolded_row(library: Library, query: str, runs: int) -> str:
    """A search's page and total, then the stories; every mention's page and total, then its stories."""
    index = library.index
    plain = timed(runs, index.searcher.forget_last_query, [
        lambda: index.search(query, 50).total,
        lambda: index.story_count(query),
    ])  # fmt: skip
    pages: list[MentionPage] = []
    every = timed(runs, index.searcher.forget_last_query, [
        lambda: pages.append(mention_page(index, text_of(library), query, limit=50)) or pages[-1].total,
        lambda: pages[-1].counts(),
    ])  # fmt: skip
    return f"| {query} | {plain[0]:.3f} | {plain[1]:.3f} | {every[0]:.3f} | {every[1]:.3f} |"


def folded_row(library: Library, query: str, runs: int) -> str:
    """One per story: the first page and the total, of the search and of every mention."""
    index = library.index

    def cold() -> None:
        index.searcher.forget_last_query()
        index.story_folds.forget()

    results: list[FoldedResult] = []
    folded = timed(runs, cold, [lambda: results.append(index.story_folds.search(query, 50)), lambda: results[-1].total])
    pages: list[MentionPage] = []
    every = timed(runs, cold, [
        lambda: pages.append(mention_page(index, text_of(library), query, limit=50, one_per_story=True)),
        lambda: pages[-1].total,
    ])  # fmt: skip
    fold = results[-1].fold
    return (
        f"| {query} | {folded[0]:.3f} | {folded[1]:.3f} | {fold.stories.stories:,} | {fold.folded_articles:,} |"
        f" {every[0]:.3f} | {every[1]:.3f} |"
    )


def text_of(library: Library) -> Callable[[int], str]:
    return lambda document_id: library.documents.get(document_id).text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--every", type=int, default=5, help="mark every N-th article a copy of the one before")
    parser.add_argument("--query", action="append", help="queries to time (default: sanctions, radar pipeline)")
    arguments = parser.parse_args(argv)
    queries = arguments.query or ["sanctions", "radar pipeline"]
    database = database_path(arguments.data_dir)
    with closing(sqlite3.connect(database)) as connection:
        found = connection.execute("SELECT id, copy_of, copy_similarity FROM documents").fetchall()
    kept = [(copy_of, similarity, document_id) for document_id, copy_of, similarity in found]
    library = Library(arguments.data_dir, background=False)
    print(f"`{' '.join(['python', *sys.argv])}`  ")
    print(f"library: {arguments.data_dir} ({len(kept):,} articles); median of {arguments.runs} cold runs, seconds\n")
    try:
        set_marks(database, [(None, None, document_id) for _, _, document_id in kept])
        print("| query | page + total | + stories | mentions page + total | + stories |")
        print("|---|---|---|---|---|")
        for query in queries:
            try:
                print(unfolded_row(library, query, arguments.runs))
            except QueryError as error:
                print(f"| {query} | {error} | | | |")
        ids = sorted(document_id for _, _, document_id in kept)
        marks = [(ids[at - 1], 0.95, ids[at]) for at in range(1, len(ids)) if at % arguments.every == 0]
        set_marks(database, marks)
        print(f"\nEvery {arguments.every}th article marked a copy ({len(marks):,} copies); One per story:\n")
        print("| query | first page | total | stories | folded copies | every mention: first page | total |")
        print("|---|---|---|---|---|---|---|")
        for query in queries:
            try:
                print(folded_row(library, query, arguments.runs))
            except QueryError as error:
                print(f"| {query} | {error} | | | | | |")
    finally:
        set_marks(database, kept)
        library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
