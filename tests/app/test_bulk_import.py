"""Bulk import: many files parsed in worker processes, stored in order, indexed in batches, cancellable."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.importers.parallel import MIN_FILES_FOR_PROCESSES, ParseResult, parse_files
from app import Library

WriteFile = Callable[[str, str | bytes], Path]

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def write_articles(write_file: WriteFile, count: int) -> list[Path]:
    return [
        write_file(
            f"bulk/article-{number:03d}.md",
            f"# Bulk article {number}\n\nThe ministry discussed air defense support, item {number}.\n\n"
            f"A second paragraph about grid resilience number {number}.\n",
        )
        for number in range(count)
    ]


def test_a_folder_of_many_files_is_parsed_in_processes_and_every_article_is_searchable(
    library: Library, write_file: WriteFile
) -> None:
    good = write_articles(write_file, MIN_FILES_FOR_PROCESSES + 8)
    write_file("bulk/zz-empty.md", "")
    write_file("bulk/zz-picture.md", PNG_BYTES)
    write_file("bulk/zz-copy.md", good[0].read_text(encoding="utf-8"))

    outcomes = library.documents.import_paths([good[0].parent]).value
    library.index.flush()

    assert [outcome.path.name for outcome in outcomes] == sorted(path.name for path in good[0].parent.iterdir())
    assert sum(outcome.imported for outcome in outcomes) == len(good)
    failures = {outcome.path.name: outcome.error for outcome in outcomes if outcome.error}
    assert failures == {
        "zz-empty.md": "zz-empty.md: the file is empty",
        "zz-picture.md": "zz-picture.md: looks like a binary file, not text",
    }
    duplicate = next(outcome for outcome in outcomes if outcome.path.name == "zz-copy.md")
    assert duplicate.duplicate_title == "Bulk article 0"
    assert len(library.documents.summaries()) == len(good)
    result = library.index.search('"air defense support"', limit=None)
    assert {hit.title for hit in result.hits} == {f"Bulk article {number}" for number in range(len(good))}


def test_worker_processes_parse_exactly_what_the_calling_thread_parses(write_file: WriteFile) -> None:
    paths = write_articles(write_file, MIN_FILES_FOR_PROCESSES + 2)
    paths.append(write_file("bulk/empty.txt", ""))
    in_processes = list(parse_files(paths, workers=2))
    in_thread = list(parse_files(paths, workers=1))
    assert in_processes == in_thread
    assert in_processes[-1].error == "empty.txt: the file is empty"


def test_progress_counts_every_file_from_zero_to_total(library: Library, write_file: WriteFile) -> None:
    paths = write_articles(write_file, 5)
    reports: list[tuple[int, int, str]] = []
    library.documents.import_paths(paths, progress=lambda done, total, path: reports.append((done, total, path.name)))
    assert reports[0] == (0, 5, "article-000.md")
    assert [done for done, _, _ in reports] == [0, 1, 2, 3, 4, 5]
    assert {total for _, total, _ in reports} == {5}
    assert reports[-1][2] == "article-004.md"


@pytest.mark.parametrize("count", [6, MIN_FILES_FOR_PROCESSES + 10])
def test_cancelling_keeps_what_was_imported_and_stores_nothing_more(
    library: Library, write_file: WriteFile, count: int
) -> None:
    paths = write_articles(write_file, count)
    seen: list[int] = []

    def progress(done: int, total: int, path: Path) -> None:
        seen.append(done)

    outcomes = library.documents.import_paths(paths, progress=progress, cancelled=lambda: len(seen) > 3).value
    library.index.flush()

    assert len(outcomes) == 3
    assert all(outcome.imported for outcome in outcomes)
    assert [summary.title for summary in library.documents.summaries()] == [f"Bulk article {n}" for n in range(3)]
    assert library.index.search("resilience", limit=None).total == 3


def _stuck_parser(path: Path) -> ParseResult:
    time.sleep(30)  # a parser that never finishes (a pathological file)
    return ParseResult(path, error="never reached")


def test_a_file_that_takes_too_long_is_skipped_with_a_reason(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from annotations.importers import parallel

    stuck = write_file("stuck.html", "<p>text</p>")
    monkeypatch.setattr(parallel, "WORKER_SECONDS_PER_FILE", 1)
    previous = signal.signal(signal.SIGALRM, parallel._on_alarm)  # what each worker process installs
    started = time.perf_counter()
    try:
        result = parallel._parse_in_worker(stuck, _stuck_parser)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert result.parsed is None
    assert result.error == "stuck.html: took longer than 1 s to read; skipped"
    assert time.perf_counter() - started < 5
