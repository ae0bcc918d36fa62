"""Parsing files in worker processes, each file bounded in time and memory, workers tied to their parent.

Parsing (Markdown, HTML extraction, PDF text) is CPU-bound Python, so threads would not help, and a
thread cannot be stopped: every parse, of one file or of thousands, runs in a worker process. Workers
start from a fresh interpreter (``forkserver`` or ``spawn``, never a fork of a process that runs Qt
threads), receive paths and return plain ``ParseResult`` objects. The fork server stays warm for the
life of the process, so the window's later imports start their workers in milliseconds.

Limits (``import_limits.py``): each file has a wall-clock limit, enforced in the worker by an alarm and
by the parent as a backstop (it kills the workers when a file outlasts the alarm, reports that file and
parses the others again), and each worker an address-space limit. A file that crashes its worker is
retried alone to find it, then reported; nothing else is lost. Workers die with the process that
started them, even when it is SIGKILLed (``worker_lifetime.py``).

A caller may have its workers do more than parse (the index analyses each text in the worker, see
``index.bulk_analysis``): ``parse_files`` is generic over what its worker returns, and takes a
``failed`` function that turns the ``ParseResult`` of a file the worker never finished into that type.
Results come back in the order of the paths, so progress reads naturally.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar, overload

from annotations.errors import ImportRefused
from annotations.importers import parse_file
from annotations.importers.import_limits import ImportLimits, limit_address_space, too_big, too_slow
from annotations.importers.worker_lifetime import hold_lifeline, lifeline
from annotations.models import ParsedDocument

# Below this many files one worker process parses them all (each worker's start costs ~0.1 s).
MIN_FILES_FOR_PROCESSES = 12
# Address space per worker: generous for any real document, a hard stop for a bomb.
WORKER_ADDRESS_SPACE_BYTES = 3 * 1024**3
# Wall-clock limit for one file (a legitimate 1,000-page PDF stays well below it).
WORKER_SECONDS_PER_FILE = 60
# The parent's backstop fires this long after a file's own limit (covers a worker's start-up).
_BACKSTOP_GRACE_SECONDS = 5.0
_CANCEL_POLL_SECONDS = 0.1
log = logging.getLogger(__name__)

_in_worker = False  # set by ``_prepare_worker``: in a worker, parse_one parses right here
_worker_memory_bytes = WORKER_ADDRESS_SPACE_BYTES


@dataclass(frozen=True)
class ParseResult:
    """One file's parse: the document, or the one-line reason it was refused."""

    path: Path
    parsed: ParsedDocument | None = None
    error: str = ""


def parse_one(path: Path) -> ParseResult:
    """Parse ``path`` within the import limits, never raising for bad input: the reason travels in
    the result. Outside a worker this runs one in a worker process; inside one, it parses here."""
    if _in_worker:
        return parse_here(path)
    (result,) = _parse_files([path], None, 1, parse_here, unchanged)
    return result


def parse_here(path: Path) -> ParseResult:
    """``parse_one`` in the calling process, without limits: only worker processes call this."""
    try:
        return ParseResult(path, parsed=parse_file(path))
    except ImportRefused as refused:
        return ParseResult(path, error=str(refused))
    except MemoryError:
        return ParseResult(path, error=too_big(path, _worker_memory_bytes))
    except (OSError, RecursionError, ValueError) as error:
        return ParseResult(path, error=f"{path.name}: could not be imported ({error})")


def worker_count() -> int:
    """Processes to parse with: one per CPU this process may use, at least one."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, available)


def current_limits() -> ImportLimits:
    """The limits an import started now runs with (the defaults above, or the environment's)."""
    return ImportLimits.from_environment(WORKER_SECONDS_PER_FILE, WORKER_ADDRESS_SPACE_BYTES)


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
    """Yield ``worker(path)`` per path (by default ``parse_one``'s ParseResult), in order, each run in
    a worker process within the import limits; stops early (without waiting for the rest) when
    cancelled. A file that crashes its worker or outlasts its time yields
    ``failed(ParseResult(path, error=reason))``. ``worker`` and ``failed`` must be picklable
    (module-level functions or classes): they go to the worker processes."""
    if worker is None or (worker is parse_one and failed is None):
        return _parse_files(paths, cancelled, workers, parse_here, unchanged)
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
    if not paths:
        return
    workers = worker_count() if workers is None else workers
    if len(paths) < MIN_FILES_FOR_PROCESSES:
        workers = 1
    yield from _parse_in_processes(paths, cancelled, max(1, workers), worker, failed, current_limits())


class _Overrun(Exception):
    """The file at the head of the queue outlasted its limit and the alarm in its worker."""


def _parse_in_processes(
    paths: Sequence[Path],
    cancelled: Callable[[], bool] | None,
    workers: int,
    worker: Callable[[Path], R],
    failed: Callable[[ParseResult], R],
    limits: ImportLimits,
) -> Iterator[R]:
    queue = deque(paths)
    solo = False  # after a crash, the file at the head is retried alone to find the culprit
    while queue:
        executor = _start_pool(1 if solo else workers, limits, worker.__module__)
        kill = True
        try:
            batch = deque([queue[0]]) if solo else queue
            look_ahead = 1 if solo else workers * 8
            yield from _drain_with(executor, batch, cancelled, worker, failed, limits, look_ahead)
            kill = cancelled is not None and cancelled()
            if solo:
                queue.popleft()
                solo = False
                continue
            return
        except _Overrun:
            # The head has run at least its limit plus a grace (it was picked before every later
            # file): it is the one that ignored its alarm. Report it; parse the others again.
            _stop_pool(executor, kill=True)  # before the caller gets the news: the stuck worker goes now
            slow = queue.popleft()
            solo = False
            yield failed(ParseResult(slow, error=too_slow(slow, limits.seconds)))
        except BrokenProcessPool:
            # A worker died (out of memory, or a crash inside a C library). Every pending file fails
            # with it, so retry the head alone: if it breaks a pool by itself it is the culprit,
            # reported and skipped; it is never parsed in this process.
            _stop_pool(executor, kill=True)
            solo = not solo
            if not solo:
                culprit = queue.popleft()
                yield failed(ParseResult(culprit, error=f"{culprit.name}: the parser crashed on this file"))
        finally:
            _stop_pool(executor, kill=kill)


def _drain_with(
    executor: ProcessPoolExecutor,
    queue: deque[Path],
    cancelled: Callable[[], bool] | None,
    worker: Callable[[Path], R],
    failed: Callable[[ParseResult], R],
    limits: ImportLimits,
    look_ahead: int,
) -> Iterator[R]:
    """Parse the paths in ``queue`` with ``executor``, popping each once its result is yielded."""
    pending: deque[Future[R]] = deque()
    submitted = 0
    while queue:
        while submitted < len(queue) and len(pending) < look_ahead:  # bounded: memory stays flat
            pending.append(executor.submit(_parse_in_worker, queue[submitted], worker, failed, limits.seconds))
            submitted += 1
        result = _wait_for(pending[0], cancelled, time.monotonic() + limits.seconds + _BACKSTOP_GRACE_SECONDS)
        if result is None:
            return
        pending.popleft()
        queue.popleft()
        submitted -= 1
        yield result[0]


def _wait_for(head: Future[R], cancelled: Callable[[], bool] | None, deadline: float) -> tuple[R] | None:
    """The head's result (``None`` once cancelled), still answering a cancel while a slow file is parsed."""
    while True:
        if cancelled is not None and cancelled():
            return None
        try:
            return (head.result(timeout=_CANCEL_POLL_SECONDS),)
        except FutureTimeout:
            if time.monotonic() > deadline:
                raise _Overrun from None


def _start_pool(workers: int, limits: ImportLimits, worker_module: str) -> ProcessPoolExecutor:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The server (started once per process) imports the Markdown parser and the first caller's
        # worker; each worker forks from it ready to go. Other parsers are imported by the workers
        # that need them, so a small import starts quickly.
        # The language detector's model too (annotations.importers.detector_preload).
        context.set_forkserver_preload([__name__, worker_module, "annotations.importers.detector_preload"])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_prepare_worker,
        initargs=(limits.memory_bytes, lifeline()),
    )


def _stop_pool(executor: ProcessPoolExecutor, *, kill: bool) -> None:
    """Shut the pool down; with ``kill``, stop its workers now (a file past its time, a cancel).

    Waits for the pool's manager thread (quick: the workers are idle or killed). Left running, it raced
    Python's exit hook for the pool, which then wrote to a closed pipe and printed a traceback as the
    CLI exited (Python 3.11)."""
    if kill:
        # ``_processes`` is the pool's own record of its workers (Python 3.14 adds kill_workers()).
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.kill()
    executor.shutdown(wait=True, cancel_futures=True)


class _ParseTimeout(BaseException):  # not Exception: parsers that catch everything must not swallow it
    pass


def _on_alarm(_signal: int, _frame: object) -> None:
    raise _ParseTimeout


def _prepare_worker(memory_bytes: int = WORKER_ADDRESS_SPACE_BYTES, line: Connection | None = None) -> None:
    global _in_worker, _worker_memory_bytes
    hold_lifeline(line)
    _in_worker, _worker_memory_bytes = True, memory_bytes
    limit_address_space(memory_bytes)
    signal.signal(signal.SIGALRM, _on_alarm)


def _parse_in_worker(
    path: Path,
    worker: Callable[[Path], R] = parse_one,
    failed: Callable[[ParseResult], R] = unchanged,
    seconds: float | None = None,
) -> R:
    """``worker(path)`` with a time limit, so one pathological file cannot hold up a whole import."""
    seconds = WORKER_SECONDS_PER_FILE if seconds is None else seconds
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return worker(path)
        finally:  # inside the outer try: an alarm that fires as the parse returns is still caught
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _ParseTimeout:
        return failed(ParseResult(path, error=too_slow(path, seconds)))
    except MemoryError:
        return failed(ParseResult(path, error=too_big(path, _worker_memory_bytes)))
    except Exception as error:  # noqa: BLE001 - a parser's bug costs its file, never the import
        log.exception("parsing %s failed", path)
        return failed(ParseResult(path, error=f"{path.name}: could not be imported ({type(error).__name__})"))
