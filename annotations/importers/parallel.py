"""Parsing many files at once: worker processes for big batches, the calling thread for small ones.

Parsing (Markdown, HTML extraction, PDF text) is CPU-bound Python, so threads would not help; worker
processes do. They start from a fresh interpreter (``forkserver`` or ``spawn``, never a fork of a
process that runs Qt threads), receive paths and return plain ``ParsedDocument`` objects or the
refusal message. Results come back in the order of the paths, so progress reads naturally.

A caller may have its workers do more than parse (the index analyses each text in the worker, see
``index.bulk_analysis``): ``parse_files`` is generic over what its worker returns, typed end to end,
and takes a ``failed`` function that turns the ``ParseResult`` of a file the worker never finished
(it crashed its process, or ran out of time) into that type.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, overload

from annotations.errors import ImportRefused
from annotations.importers import parse_file
from annotations.models import ParsedDocument

# Below this many files the start-up of worker processes (~0.3 s) costs more than it saves.
MIN_FILES_FOR_PROCESSES = 12
# Address space per worker: generous for any real document, a hard stop for a bomb.
WORKER_ADDRESS_SPACE_BYTES = 3 * 1024**3
_MAX_CULPRITS_IN_A_ROW = 3
PARSER_MODULES = (
    "annotations.importers.markdown_format",
    "annotations.importers.html_format",
    "annotations.importers.pdf_format",
    "annotations.importers.docx_format",
)
# Wall-clock limit for one file in a worker process (a legitimate 1,000-page PDF stays well below it).
WORKER_SECONDS_PER_FILE = 60
_CANCEL_POLL_SECONDS = 0.1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParseResult:
    """One file's parse: the document, or the one-line reason it was refused."""

    path: Path
    parsed: ParsedDocument | None = None
    error: str = ""


def parse_one(path: Path) -> ParseResult:
    """Parse ``path`` and never raise for bad input: the reason travels in the result."""
    try:
        return ParseResult(path, parsed=parse_file(path))
    except ImportRefused as refused:
        return ParseResult(path, error=str(refused))
    except (OSError, MemoryError, RecursionError, ValueError) as error:
        return ParseResult(path, error=f"{path.name}: could not be imported ({error})")


def worker_count() -> int:
    """Processes to parse with: one per CPU this process may use, at least one."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, available)


R = TypeVar("R")


def unchanged(result: ParseResult) -> ParseResult:
    """The ``failed`` of ``parse_one``: a failed file's result as it is."""
    return result


@overload
def parse_files(
    paths: Sequence[Path], cancelled: Callable[[], bool] | None = None, *, workers: int | None = None
) -> Iterator[ParseResult]: ...


@overload
def parse_files(
    paths: Sequence[Path],
    cancelled: Callable[[], bool] | None = None,
    *,
    workers: int | None = None,
    worker: Callable[[Path], R],
    failed: Callable[[ParseResult], R],
) -> Iterator[R]: ...


def parse_files(
    paths: Sequence[Path],
    cancelled: Callable[[], bool] | None = None,
    *,
    workers: int | None = None,
    worker: Callable[[Path], R] | None = None,
    failed: Callable[[ParseResult], R] | None = None,
) -> Iterator[R] | Iterator[ParseResult]:
    """Yield ``worker(path)`` per path (by default ``parse_one``'s ParseResult), in order; stops early
    (without waiting for the rest) when cancelled. A file that crashes its worker process or outlasts
    ``WORKER_SECONDS_PER_FILE`` yields ``failed(ParseResult(path, error=reason))``. ``worker`` and
    ``failed`` must be picklable (module-level functions or classes): they go to the worker processes."""
    if worker is None or (worker is parse_one and failed is None):
        return _parse_files(paths, cancelled, workers, parse_one, unchanged)
    if failed is None:
        raise TypeError("parse_files: a worker needs failed=, to report a file it never finished")
    return _parse_files(paths, cancelled, workers, worker, failed)


def _parse_files(
    paths: Sequence[Path],
    cancelled: Callable[[], bool] | None,
    workers: int | None,
    worker: Callable[[Path], R],
    failed: Callable[[ParseResult], R],
) -> Iterator[R]:
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(paths) < MIN_FILES_FOR_PROCESSES:
        for path in paths:
            if cancelled is not None and cancelled():
                return
            yield worker(path)
        return
    yield from _parse_in_processes(paths, cancelled, workers, worker, failed)


def _parse_in_processes(
    paths: Sequence[Path],
    cancelled: Callable[[], bool] | None,
    workers: int,
    worker: Callable[[Path], R],
    failed: Callable[[ParseResult], R],
) -> Iterator[R]:
    queue = deque(paths)
    solo = False  # after a crash, the file at the head is retried alone to find the culprit
    culprits_in_a_row = 0
    while queue:
        if culprits_in_a_row >= _MAX_CULPRITS_IN_A_ROW:  # the pool itself cannot work here
            log.warning("worker processes keep failing; parsing the remaining %d files in this process", len(queue))
            yield from (worker(path) for path in queue)
            return
        executor = _start_pool(1 if solo else workers)
        try:
            batch = deque([queue[0]]) if solo else queue
            yield from _drain_with(executor, batch, cancelled, worker, failed, look_ahead=1 if solo else workers * 8)
            if solo:
                queue.popleft()
                solo, culprits_in_a_row = False, 0
                continue
            return
        except BrokenProcessPool:
            # A worker died (out of memory, or a crash inside a C library). Every pending file fails
            # with it, so retry the head alone: if it breaks a pool by itself it is the culprit,
            # reported and skipped; it is never parsed in this process.
            if solo:
                culprit = queue.popleft()
                yield failed(ParseResult(culprit, error=f"{culprit.name}: the parser crashed on this file"))
                culprits_in_a_row += 1
            solo = not solo
        finally:
            executor.shutdown(wait=False, cancel_futures=True)


def _drain_with(
    executor: ProcessPoolExecutor,
    queue: deque[Path],
    cancelled: Callable[[], bool] | None,
    worker: Callable[[Path], R],
    failed: Callable[[ParseResult], R],
    look_ahead: int,
) -> Iterator[R]:
    """Parse the paths in ``queue`` with ``executor``, popping each once its result is yielded."""
    pending: deque[Future[R]] = deque()
    submitted = 0
    while queue:
        while submitted < len(queue) and len(pending) < look_ahead:  # bounded: memory stays flat
            pending.append(executor.submit(_parse_in_worker, queue[submitted], worker, failed))
            submitted += 1
        head = pending[0]
        while True:  # wait for the head, still answering a cancel while a slow file is parsed
            if cancelled is not None and cancelled():
                return
            try:
                result = head.result(timeout=_CANCEL_POLL_SECONDS)
                break
            except FutureTimeout:
                continue
        pending.popleft()
        queue.popleft()
        submitted -= 1
        yield result


def _start_pool(workers: int) -> ProcessPoolExecutor:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The server imports the parsers once; each worker forks from it ready to go.
        context.set_forkserver_preload([__name__, *PARSER_MODULES])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_prepare_worker)


class _ParseTimeout(BaseException):  # not Exception: parsers that catch everything must not swallow it
    pass


def _on_alarm(_signal: int, _frame: object) -> None:
    raise _ParseTimeout


def _prepare_worker() -> None:
    _limit_worker_memory()
    signal.signal(signal.SIGALRM, _on_alarm)


def _parse_in_worker(
    path: Path,
    worker: Callable[[Path], R] = parse_one,
    failed: Callable[[ParseResult], R] = unchanged,
) -> R:
    """``worker(path)`` with a time limit, so one pathological file cannot hold up a whole import."""
    signal.alarm(WORKER_SECONDS_PER_FILE)
    try:
        return worker(path)
    except _ParseTimeout:
        return failed(
            ParseResult(path, error=f"{path.name}: took longer than {WORKER_SECONDS_PER_FILE} s to read; skipped")
        )
    finally:
        signal.alarm(0)


def _limit_worker_memory() -> None:
    """A safety net against decompression bombs: a worker that runs away gets MemoryError, not the machine."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    limit = WORKER_ADDRESS_SPACE_BYTES
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
