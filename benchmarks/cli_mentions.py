"""``search --mentions`` on the command line: seconds and peak memory of each command, run as a user runs it.

    .venv/bin/python benchmarks/cli_mentions.py [--data-dir DIR] [--query sanctions] [--phrase "air defense support"]
        [--main PATH] [--runs 3]

Each command is a fresh ``python main.py --data-dir DIR search ...`` subprocess; its wall-clock time and
its peak resident memory (``ru_maxrss`` of that one child, from ``os.wait4``) are measured, the best of
``--runs`` runs shown. The library is the one ``benchmarks/search_speed.py --data-dir DIR`` builds (5,000
articles of ~1,000 words, 100,000 highlights); when DIR holds none yet it is built here the same way
(about five minutes). ``--main`` runs another copy of main.py against this checkout's packages (e.g.
``git show HEAD:main.py > /tmp/main_before.py``), to compare before and after a change.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

DEFAULT_DATA_DIR = Path(tempfile.gettempdir()) / "cli-bench"


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    returncode: int
    summary: str  # what the command printed, in a few words


def run_once(command: list[str]) -> Measured:
    """Run ``command`` with its output in a temporary file; time it and read its own peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=REPO, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        summary = summarize(out.read().decode("utf-8"), err.read().decode("utf-8"))
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return Measured(seconds, peak_mb, process.returncode, summary)


def summarize(stdout: str, stderr: str) -> str:
    """ "total 51,307, 50 mentions" and the like: enough to see that the command did what it should."""
    try:
        document = json.loads(stdout)
    except ValueError:
        lines = stdout.splitlines()
        if not lines:
            return (stderr.strip().splitlines() or ["(no output)"])[-1][:60]
        return f"{len(lines):,} lines"  # --mentions without --json: one JSON object per line
    if isinstance(document, list):  # the old --mentions --json: a bare list, no total
        return f"{len(document):,} mentions (a bare list)"
    rows = document.get("mentions", document.get("hits", []))
    what = "mentions" if "mentions" in document else "hits"
    return f"total {document.get('total', 0):,}, {len(rows):,} {what}"


def ensure_library(data_dir: Path) -> None:
    """Build the search_speed library in ``data_dir`` unless it is there already."""
    import search_speed

    marker = data_dir / search_speed.BUILD_MARKER
    if marker.exists():
        return
    if data_dir.exists() and any(data_dir.iterdir()):
        raise SystemExit(f"{data_dir} holds no search_speed library and is not empty; choose another --data-dir")
    print(f"building a 5,000-article library in {data_dir} (about five minutes)", file=sys.stderr)
    search_speed.build_library(data_dir, 5000, 100_000)
    from app import Library

    library = Library(data_dir, background=False)  # and the FTS5 table, so search_speed.py can reuse the folder
    search_speed.build_fts(library, data_dir / "fts5.db")
    library.close()
    marker.write_text("5000 100000\n")  # as search_speed.py marks a library of this size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--query", default="sanctions", help="a word with many mentions (default sanctions)")
    parser.add_argument("--phrase", default="air defense support", help="a phrase, searched in quotes")
    parser.add_argument("--main", type=Path, default=REPO / "main.py", help="the main.py to run (default: this one)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command; the best is shown")
    arguments = parser.parse_args(argv)
    ensure_library(arguments.data_dir)
    base = [sys.executable, str(arguments.main), "--data-dir", str(arguments.data_dir), "search"]
    query, phrase = arguments.query, f'"{arguments.phrase}"'
    commands = [
        [query, "--mentions", "--limit", "50", "--json"],
        [query, "--limit", "50", "--json"],
        [query, "--mentions", "--limit", "50", "--offset", "5000", "--json"],
        [query, "--mentions", "--limit", "50"],
        [phrase, "--mentions", "--limit", "50", "--json"],  # fewer mentions, most articles with one
        [phrase, "--limit", "50", "--json"],
    ]
    run_once(base + [query, "--limit", "1"])  # warm-up: the page cache, and an index rebuild if its version changed
    print(f"`{shlex.join([Path(sys.executable).name, *sys.argv])}`  ")
    print(f"library: {arguments.data_dir}; main: {arguments.main}; best of {arguments.runs} runs")
    print()
    print("| command | s | peak RSS MB | output |")
    print("|---|---|---|---|")
    for options in commands:
        runs = [run_once(base + options) for _ in range(max(1, arguments.runs))]
        best = min(runs, key=lambda measured: measured.seconds)
        shown = shlex.join(["main.py", "search", *options])
        failed = "" if best.returncode == 0 else f" (exit {best.returncode})"
        peak = max(measured.peak_mb for measured in runs)
        print(f"| `{shown}` | {best.seconds:.2f} | {peak:.0f} | {best.summary}{failed} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
