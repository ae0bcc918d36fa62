"""Feeding generated inputs through Lectern, one forked process per input, and recording what each did.

Each input runs in a child forked from a process that has the parsers loaded: the child's wall time is
measured around the call, its peak memory is the ``ru_maxrss`` that ``wait4`` reports for it (so it includes
the few hundred MB the parent already holds), a hang is killed after ``HARD_SECONDS``, and a crash costs only
that input. The importers are then driven again as a user does, through ``library.documents.import_paths``
in batches (worker processes with their own time and memory limits, the store and the index), so a failure
the import path would turn into a traceback is caught too.

Outcome per input and stage: ``accepted``, ``refused`` (a clean failure: a LecternError, or an import
outcome with a reason), ``traceback`` (any other exception), ``crash`` (the process died) or ``timeout``.

Run: ``PYTHONPATH=.:tests python -m fuzzing.runner --target html --count 30 --json out.jsonl`` (what
``benchmarks/fuzz.py`` and ``tests/test_fuzz_smoke.py`` do, one process per target).
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import random
import re
import resource
import select
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from fuzzing.annotation_files import LIBRARY_ARTICLES, annotations_input, qdpx_input
from fuzzing.binary_formats import docx_input, pdf_input
from fuzzing.common import Generated
from fuzzing.queries import query_input
from fuzzing.text_formats import html_input, markdown_input, text_input

IMPORTERS: dict[str, Callable[[random.Random], Generated]] = {
    "html": html_input,
    "pdf": pdf_input,
    "docx": docx_input,
    "markdown": markdown_input,
    "text": text_input,
}
ANNOTATION_IMPORTERS: dict[str, Callable[[random.Random], Generated]] = {
    "web-annotations": annotations_input,
    "qdpx": qdpx_input,
}
TARGETS: tuple[str, ...] = (*IMPORTERS, "query", *ANNOTATION_IMPORTERS)
SLOW_SECONDS = 5.0
BIG_MB = 500.0
HARD_SECONDS = 6.0  # CPU seconds: a child that uses more is stopped (SIGXCPU) and counted as over the time limit
WALL_FACTOR = 20  # and one still alive after this many times as much wall time is killed (it was stuck, not busy)
ADDRESS_SPACE_BYTES = 4 * 1024**3  # a runaway child gets MemoryError, not the machine
IMPORT_BATCH = 40  # files per import_paths call: above parallel.MIN_FILES_FOR_PROCESSES, so workers and limits apply
LIBRARY_EVERY = 100  # annotation imports start from a fresh copy of the small library this often
SEVERITY = {"accepted": 0, "refused": 0, "timeout": 1, "traceback": 2, "crash": 3}
# Words of Python's own errors: a "clean" message that holds them tells the user about internals.
INTERNAL_WORDING = re.compile(
    r"index out of range|invalid literal|object has no attribute|unsupported operand|NoneType|Traceback|"
    r"object is not (?:subscriptable|iterable|callable)|unhashable type|codec can't|takes \d+ positional|"
    r"KeyError|TypeError|AttributeError|maximum recursion|expected string or bytes"
)


@dataclass(frozen=True)
class Result:
    """What one input did at one stage (``parse``, ``import_paths``, ``search`` or ``import_file``)."""

    target: str
    number: int
    label: str
    stage: str
    status: str
    seconds: float
    peak_mb: float
    detail: str = ""
    input_path: str = ""
    cpu_seconds: float = -1.0  # the child's user + system time (-1: not measured, as for import_paths' workers)

    @property
    def busy_seconds(self) -> float:
        """CPU time where measured, else wall time: what "over 5 s" means on a machine busy with other work."""
        return self.cpu_seconds if self.cpu_seconds >= 0 else self.seconds

    @property
    def finding(self) -> bool:
        """Worth saving: a traceback, a crash, or over the time or memory limit."""
        return SEVERITY[self.status] > 0 or self.busy_seconds > SLOW_SECONDS or self.peak_mb > BIG_MB


def case_rng(target: str, seed: int, number: int) -> random.Random:
    """Each input depends on (target, seed, number) only, so a finding is remade from its number."""
    return random.Random(f"{target}/{seed}/{number}")


def generate(target: str, seed: int, number: int) -> Generated:
    """Input ``number`` of ``target``: a file (importers) or a query encoded as UTF-8 with surrogates kept."""
    rng = case_rng(target, seed, number)
    if target == "query":
        query, label = query_input(rng)
        return Generated("query.txt", query.encode("utf-8", "surrogatepass"), label)
    return {**IMPORTERS, **ANNOTATION_IMPORTERS}[target](rng)


# -- one input in its own process -------------------------------------------------------------------------------
Work = Callable[[], tuple[str, str, float]]  # -> (status, detail, seconds of the call itself)


def isolated(
    work: Work, cpu_seconds: float = HARD_SECONDS, wall_seconds: float | None = None
) -> tuple[str, str, float, float, float]:
    """(status, detail, seconds, peak MB, CPU seconds) of ``work`` run in a forked child. The CPU time is the
    child's whole life (its few ms of start-up too); unlike wall time it does not grow on a busy machine,
    which is why the limit that stops a runaway child is on CPU time (``RLIMIT_CPU``, whole seconds)."""
    wall_seconds = wall_seconds if wall_seconds is not None else WALL_FACTOR * cpu_seconds
    read_end, write_end = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        try:
            _quiet_child(cpu_seconds)
            try:
                status, detail, seconds = work()
            except BaseException:  # noqa: BLE001 - the point: every escape is a finding
                status, detail, seconds = "traceback", traceback.format_exc(), time.perf_counter() - started
            payload = json.dumps({"status": status, "detail": detail, "seconds": seconds}).encode()
            view = memoryview(payload)
            while view:
                view = view[os.write(write_end, view) :]
        finally:
            os._exit(0)
    os.close(write_end)
    chunks, timed_out = _read_until(read_end, pid, time.monotonic() + wall_seconds)
    _, wait_status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    if timed_out:
        return "timeout", f"still running after {wall_seconds:g} s (wall clock); killed", elapsed, peak_mb, cpu
    if os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) == signal.SIGXCPU:
        return "timeout", f"used more than {_whole(cpu_seconds)} s of CPU time; stopped", elapsed, peak_mb, cpu
    try:
        reply = json.loads(b"".join(chunks))
    except ValueError:
        how = f"signal {signal.Signals(os.WTERMSIG(wait_status)).name}" if os.WIFSIGNALED(wait_status) else "no reply"
        return "crash", f"the process died ({how})", elapsed, peak_mb, cpu
    return reply["status"], reply["detail"], float(reply["seconds"]), peak_mb, cpu


def _read_until(fd: int, pid: int, deadline: float) -> tuple[list[bytes], bool]:
    chunks: list[bytes] = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                return chunks, True
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    return chunks, False
                chunks.append(chunk)
    finally:
        os.close(fd)


def _whole(seconds: float) -> int:
    return max(1, math.ceil(seconds))


def _quiet_child(cpu_seconds: float) -> None:
    """Bounded memory and CPU time, and no library warnings on the table's terminal (the reply carries what
    matters). The CPU limit counts from now: the fork inherits none of the parent's CPU time."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = ADDRESS_SPACE_BYTES if hard == resource.RLIM_INFINITY else min(ADDRESS_SPACE_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (_whole(cpu_seconds), hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))  # no core files
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)


def _timed(call: Callable[[], str]) -> tuple[str, str, float]:
    """("accepted", what it did) or ("refused", the message) for a LecternError; other errors propagate."""
    from annotations.errors import LecternError

    started = time.perf_counter()
    try:
        detail = call()
    except LecternError as error:
        return "refused", str(error), time.perf_counter() - started
    return "accepted", detail, time.perf_counter() - started


# -- the targets ------------------------------------------------------------------------------------------------
def _parse_work(path: Path) -> Work:
    from annotations.importers import parse_file

    def call() -> str:
        parsed = parse_file(path)
        return f"{len(parsed.text):,} characters"

    return lambda: _timed(call)


def _search_work(library_dir: Path, query: str) -> Work:
    def work() -> tuple[str, str, float]:
        from app import Library

        library = Library(library_dir, background=False)
        try:
            return _timed(lambda: f"{library.index.search(query).to_json()['total']} hits")
        finally:
            library.close()

    return work


def _annotation_work(library_dir: Path, path: Path) -> Work:
    def work() -> tuple[str, str, float]:
        from app import Library

        library = Library(library_dir, background=False)
        try:

            def call() -> str:
                report = library.annotation_imports.import_file(path).value
                return f"{report.created} created, {report.failed} failed, {report.unmatched} unmatched"

            return _timed(call)
        finally:
            library.close()

    return work


def _preload() -> None:
    """Import what the children run once, here: each forked child then starts with it (as a forkserver worker
    does), and its time is the call's, not pypdf's or readability's import."""
    import app  # noqa: F401

    for module in ("markdown_format", "html_format", "pdf_format", "docx_format"):
        importlib.import_module(f"annotations.importers.{module}")


def build_library(folder: Path, *, highlights: bool) -> Path:
    """The small real library every query and annotation file meets: three articles (and a few highlights)."""
    from app import Library

    articles = folder.parent / f"{folder.name}-articles"
    articles.mkdir(parents=True, exist_ok=True)
    for name, text in LIBRARY_ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    library = Library(folder, background=False)
    try:
        outcomes = library.documents.import_paths([articles]).value
        if highlights:
            for outcome in outcomes:
                assert outcome.document is not None, outcome.error
                quote = outcome.document.text.split()[1]
                library.annotations.add_quote(outcome.document.id, quote, tags=["region/north", "policy"], note="a note")
        library.index.flush()
    finally:
        library.close()
    return folder


def run_target(
    target: str,
    seed: int,
    numbers: list[int],
    work_dir: Path,
    *,
    kill_after: float = HARD_SECONDS,
    import_under: float = SLOW_SECONDS,
) -> Iterator[Result]:
    """Every stage of every input of ``target``, as results arrive."""
    _preload()
    inputs = work_dir / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    library_dir = work_dir / "library"
    if target == "query":
        build_library(library_dir, highlights=True)
    elif target in ANNOTATION_IMPORTERS:
        build_library(work_dir / "template", highlights=False)
    parsed: list[tuple[Result, Path]] = []
    for position, number in enumerate(numbers):
        generated = generate(target, seed, number)
        path = inputs / f"{number:05d}-{generated.name}"
        path.write_bytes(generated.data)
        if target == "query":
            work, stage = _search_work(library_dir, generated.data.decode("utf-8", "surrogatepass")), "search"
        elif target in ANNOTATION_IMPORTERS:
            if position % LIBRARY_EVERY == 0:
                shutil.rmtree(library_dir, ignore_errors=True)
                shutil.copytree(work_dir / "template", library_dir)
            work, stage = _annotation_work(library_dir, path), "import_file"
        else:
            work, stage = _parse_work(path), "parse"
        status, detail, seconds, peak, cpu = isolated(work, kill_after)
        result = Result(target, number, generated.label, stage, status, seconds, peak, detail, str(path), cpu)
        yield result
        if target in IMPORTERS:
            parsed.append((result, path))
        elif not result.finding:
            path.unlink()
    if target in IMPORTERS:
        yield from _through_import_paths(target, parsed, work_dir / "import-library", import_under)


def _through_import_paths(
    target: str, parsed: list[tuple[Result, Path]], library_dir: Path, import_under: float
) -> Iterator[Result]:
    """The inputs a user would import, in batches; not those that hung, crashed or took ``import_under``
    seconds or more to parse (past SLOW_SECONDS they are findings already: parsing them again in workers
    would only spend the run's time)."""
    from app import Library

    usable = [
        (result, path)
        for result, path in parsed
        if result.status not in ("crash", "timeout") and result.busy_seconds < import_under
    ]
    library = Library(library_dir, background=False)
    try:
        for start in range(0, len(usable), IMPORT_BATCH):
            yield from _import_batch(library, target, usable[start : start + IMPORT_BATCH])
    finally:
        library.close()


def _import_batch(library: object, target: str, batch: list[tuple[Result, Path]]) -> Iterator[Result]:
    by_path = {path: result for result, path in batch}
    arrived: dict[Path, float] = {}
    last = [time.perf_counter()]

    def progress(done: int, total: int, path: Path) -> None:
        now = time.perf_counter()
        if done:
            arrived[path] = now - last[0]
        last[0] = now

    before = _peak_mb()
    try:
        outcomes = library.documents.import_paths(list(by_path), progress=progress).value  # type: ignore[attr-defined]
        library.index.flush()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - one file broke the batch: find it by importing each alone
        yield from (_import_alone(library, target, result, path) for path, result in by_path.items())
        return
    peak = max(before, _peak_mb())
    for outcome in outcomes:
        original = by_path[outcome.path]
        status = "accepted" if not outcome.error else "refused"
        if "crashed" in outcome.error:
            status = "crash"
        elif "took longer than" in outcome.error:
            status = "timeout"
        seconds = arrived.get(outcome.path, 0.0)
        yield Result(target, original.number, original.label, "import_paths", status, seconds, peak, outcome.error, original.input_path)


def _import_alone(library: object, target: str, original: Result, path: Path) -> Result:
    started = time.perf_counter()
    try:
        outcomes = library.documents.import_paths([path]).value  # type: ignore[attr-defined]
        library.index.flush()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        status, detail = "traceback", traceback.format_exc()
    else:
        error = outcomes[0].error if outcomes else ""
        status, detail = ("refused" if error else "accepted"), error
    seconds = time.perf_counter() - started
    return Result(target, original.number, original.label, "import_paths", status, seconds, _peak_mb(), detail, original.input_path)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- summaries --------------------------------------------------------------------------------------------------
@dataclass
class Summary:
    """One row of the table: per input, the worst of its stages."""

    target: str
    inputs: int = 0
    clean_failures: int = 0
    tracebacks: int = 0
    slow: int = 0
    big: int = 0
    slowest: float = 0.0
    peak_mb: float = 0.0
    internal_wording: int = 0
    slow_cpu: int = 0  # over SLOW_SECONDS of CPU time (where measured; else wall time): slow on an idle machine too


def summarize(target: str, results: list[Result]) -> Summary:
    summary = Summary(target)
    by_input: dict[int, list[Result]] = {}
    for result in results:
        by_input.setdefault(result.number, []).append(result)
    for stages in by_input.values():
        worst = max(stages, key=lambda r: SEVERITY[r.status])
        summary.inputs += 1
        summary.tracebacks += worst.status in ("traceback", "crash")
        summary.clean_failures += SEVERITY[worst.status] == 0 and any(r.status == "refused" for r in stages)
        summary.slow += any(r.status == "timeout" or r.seconds > SLOW_SECONDS for r in stages)
        summary.slow_cpu += any(r.status == "timeout" or r.busy_seconds > SLOW_SECONDS for r in stages)
        summary.big += any(r.peak_mb > BIG_MB for r in stages)
        summary.internal_wording += any(r.status == "refused" and INTERNAL_WORDING.search(r.detail) for r in stages)
        summary.slowest = max(summary.slowest, *(r.seconds for r in stages))
        summary.peak_mb = max(summary.peak_mb, *(r.peak_mb for r in stages))
    return summary


def read_results(path: Path) -> list[Result]:
    return [Result(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=TARGETS, nargs="+", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--only", type=int, nargs="*", help="just these input numbers")
    parser.add_argument("--json", type=Path, required=True, help="results, one JSON object a line")
    parser.add_argument("--work", type=Path, help="where inputs and libraries go (default: a temp folder)")
    parser.add_argument(
        "--kill-after", type=float, default=HARD_SECONDS, help="CPU seconds before a child is stopped (whole seconds)"
    )
    parser.add_argument(
        "--import-under", type=float, default=SLOW_SECONDS, help="import_paths only inputs parsed faster than this"
    )
    args = parser.parse_args(argv)
    numbers = args.only if args.only else list(range(args.count))
    work = args.work or Path(tempfile.mkdtemp(prefix="lectern-fuzz-"))
    with args.json.open("w", encoding="utf-8") as out:
        for target in args.target:
            for result in run_target(
                target, args.seed, numbers, work / target, kill_after=args.kill_after, import_under=args.import_under
            ):
                out.write(json.dumps(asdict(result)) + "\n")
                out.flush()
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
