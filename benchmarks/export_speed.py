"""Export speed on a large library: each format's time and file size, for the whole library and one tag.

    .venv/bin/python benchmarks/export_speed.py [--source /tmp/ss-new] [--data-dir /tmp/export-bench]
        [--tag air-defense] [--repeat 1] [--fresh-copy] [--no-gui] [--profile FORMAT]

Works on a copy of the library that ``benchmarks/search_speed.py --data-dir /tmp/ss-new`` built (5,000
articles of ~1,000 words, 100,000 highlights): the database is copied with SQLite's backup API and the
index folder file by file into ``--data-dir``, once (``--fresh-copy`` copies again), so the source is
never touched. Each export runs as the window and the CLI run it, ``library.exports.export(scope,
options, path)``, and its time includes reading the scope (``collect``); the best of ``--repeat`` runs is
shown. The Markdown digest, CSV and XLSX run with a citation style (chicago-note, the default) and
without; a format whose module is not in this tree yet says "not available". Also: the longest stall
of a Qt GUI thread (offscreen, 1 ms timer) while a whole-library export runs through ``ui.operations``
as the window would run it. Prints tables; asserts nothing (target: every whole-library export ≤ 10 s).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shlex
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.paths import database_path, index_path  # noqa: E402
from app import Library  # noqa: E402
from app.exports.options import ExportOptions, InvalidExport  # noqa: E402
from app.exports.scope import ExportScope, collect  # noqa: E402

RUNS: tuple[tuple[str, str, str], ...] = (  # (label, format, style)
    ("Markdown digest, chicago-note", "markdown", "chicago-note"),
    ("Markdown digest, apa", "markdown", "apa"),
    ("Markdown digest, no citations", "markdown", ""),
    ("CSV, chicago-note column", "csv", "chicago-note"),
    ("CSV, no citations", "csv", ""),
    ("XLSX, chicago-note column", "xlsx", "chicago-note"),
    ("XLSX, no citations", "xlsx", ""),
    ("JSON-LD (W3C Web Annotation)", "jsonld", "chicago-note"),
    ("QDPX (REFI-QDA)", "qdpx", "chicago-note"),
)


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def copy_library(source: Path, target: Path, fresh: bool) -> None:
    """A private copy of the benchmark library: the database through SQLite's backup API (consistent even
    while another process has the source open), the derived index as files."""
    if database_path(target).exists() and not fresh:
        _progress(f"reusing the copy in {target}")
        return
    if not database_path(source).exists():
        raise SystemExit(f"no library in {source}: build one with benchmarks/search_speed.py --data-dir {source}")
    _progress(f"copying {source} to {target}")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    original = sqlite3.connect(f"file:{database_path(source)}?mode=ro", uri=True)
    copy = sqlite3.connect(database_path(target))
    with copy:
        original.backup(copy)
    original.close()
    copy.close()
    shutil.copytree(index_path(source), index_path(target))


def biggest_tag(library: Library, wanted: str) -> str:
    counts = library.tags.counts()
    if any(tag.name == wanted for tag in counts):
        return wanted
    return max(counts, key=lambda tag: tag.count).name


def time_export(library: Library, scope: ExportScope, options: ExportOptions, path: Path, repeat: int) -> str:
    """'seconds | size' of the best run, or 'not available' for a format not in this tree yet."""
    best = float("inf")
    size = 0
    for _ in range(repeat):
        try:
            report = library.exports.export(scope, options, path)
        except InvalidExport as error:
            if "not available" in str(error):
                return "not available | "
            raise
        best = min(best, report.seconds)
        size = report.bytes
    return f"{best:.2f} | {size / 1e6:.1f} MB"


def time_collect(library: Library, scope: ExportScope) -> float:
    started = time.perf_counter()
    collect(library.store, library.index, scope)
    return time.perf_counter() - started


def time_gui_stall(data_dir: Path, output: Path) -> tuple[float, float, float]:
    """(max tick gap idle, max tick gap while a whole-library Markdown digest is exported through
    ui.operations as the window runs it, the export's round trip in seconds)."""
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
    clock = QElapsedTimer()
    clock.start()
    gaps: dict[str, list[float]] = {"idle": [], "busy": [], "after": []}
    state: dict[str, object] = {"phase": "idle", "last": 0.0}
    took: list[float] = []

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e9
        if state["last"]:
            gaps[str(state["phase"])].append(now - float(state["last"]))  # type: ignore[arg-type]
        state["last"] = now

    operations = Operations(AppEvents())

    def export() -> None:
        state["phase"] = "busy"
        begin = time.perf_counter()

        def done(_report: object) -> None:
            took.append(time.perf_counter() - begin)
            state["phase"] = "after"
            QTimer.singleShot(200, app.quit)

        operations.run(
            lambda: library.exports.export(ExportScope(), ExportOptions(), output, isolated=True),  # as the window
            success=done,
            failure=lambda message, _error: (print(message, file=sys.stderr), app.quit()),
            long=True,
        )

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(500, export)  # half a second of idle ticks first, for the timer's own jitter
    app.exec()
    timer.stop()
    library.close()
    return max(gaps["idle"]), max(gaps["busy"], default=0.0), took[0] if took else float("nan")


def time_jsonld_import(library: Library, path: Path, count: int) -> tuple[int, int, float]:
    """Export ``count`` highlights as JSON-LD, give them new ids and tags (so none is already present),
    time importing them into the same library, then undo the import: (annotations, placed, seconds)."""
    ids = library.store.annotation_ids()[:count]
    library.exports.export(ExportScope(annotation_ids=tuple(ids)), ExportOptions(format="jsonld"), path)
    text = path.read_text(encoding="utf-8")
    renamed = {annotation.uuid: str(uuid.uuid4()) for annotation in library.store.find_annotations(ids).values()}
    text = re.sub(r"urn:uuid:([0-9a-f-]{36})", lambda match: f"urn:uuid:{renamed.get(match[1], match[1])}", text)
    text = re.sub(r'("purpose":\s*"tagging",\s*"value":\s*")', r"\1imported/", text)
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    report = library.annotation_imports.import_file(path).value
    seconds = time.perf_counter() - started
    library.history.undo()
    library.index.flush(timeout=600)
    return count, report.placed + report.moved + report.fuzzy, seconds


def profile(call: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(call)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/tmp/ss-new"), help="library built by search_speed.py")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/export-bench"), help="where the copy goes")
    parser.add_argument("--tag", default="air-defense", help="the tag scope (default: air-defense, else the biggest)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per export; the best is shown")
    parser.add_argument("--fresh-copy", action="store_true", help="copy the source library again")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI-thread stall")
    parser.add_argument("--profile", choices=("markdown", "csv", "xlsx"), help="cProfile a whole-library export")
    arguments = parser.parse_args(argv)
    command = shlex.join([Path(sys.executable).name, *sys.argv])
    if arguments.data_dir.resolve() == arguments.source.resolve():
        print("--data-dir must not be the source library: the benchmark works on a copy", file=sys.stderr)
        return 1
    copy_library(arguments.source, arguments.data_dir, arguments.fresh_copy)
    library = Library(arguments.data_dir, background=False)
    library.index.flush(timeout=3600)
    tag = biggest_tag(library, arguments.tag)
    whole, tagged = ExportScope(), ExportScope(tag=tag)
    outputs = Path(tempfile.mkdtemp(prefix="lectern-export-speed-"))
    try:
        if arguments.profile:
            options = ExportOptions(format=arguments.profile)
            profile(lambda: library.exports.export(whole, options, outputs / f"profile.{arguments.profile}"))
        articles = library.store.document_count()
        highlights = len(library.store.annotation_ids())
        tag_count = len(library.store.tags.annotations_tagged(tag))
        rows = [f"| reading the scope (`collect`) | {time_collect(library, whole):.2f} | | "
                f"{time_collect(library, tagged):.2f} | |"]  # fmt: skip
        for label, format_name, style in RUNS:
            _progress(label)
            options = ExportOptions(format=format_name, style=style)
            path = outputs / f"export.{format_name}"
            rows.append(
                f"| {label} | {time_export(library, whole, options, path, arguments.repeat)} | "
                f"{time_export(library, tagged, options, path, arguments.repeat)} |"
            )
        _progress("JSON-LD import of 10,000 annotations")
        imported = time_jsonld_import(library, outputs / "import.jsonld", 10_000)
        library.close()
        stall = None if arguments.no_gui else time_gui_stall(arguments.data_dir, outputs / "gui.md")
    finally:
        shutil.rmtree(outputs, ignore_errors=True)
    print(f"`{command}`  ")
    print(
        f"{articles:,} articles, {highlights:,} highlights; tag `{tag}`: {tag_count:,} highlights; "
        f"{os.cpu_count()} CPUs; best of {arguments.repeat} run(s); each time includes reading the scope"
    )
    print()
    print(f"| export | whole library, s | size | tag `{tag}`, s | size |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(row)
    count, placed, seconds = imported
    print()
    print(f"JSON-LD import of {count:,} annotations (new uuids and tags, on the same articles): {seconds:.2f} s, "
          f"{placed:,} placed; undone afterwards")  # fmt: skip
    if stall is not None:
        idle, busy, took = stall
        print()
        print(
            f"Longest GUI-thread stall while the whole library is exported as a Markdown digest through "
            f"ui.operations (target ≤ 16 ms): {busy * 1000:.1f} ms (idle timer: {idle * 1000:.1f} ms; the "
            f"export's round trip {took:.2f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
