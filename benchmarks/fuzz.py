"""Hostile inputs against every way data gets into Lectern: the five document importers, the query parser and
the two annotation importers (Lectern issue 13, "Tests and long runs").

For each target, ``--count`` inputs (1,000 by default), each a pure function of (target, ``--seed``, number):
half structure-aware (a valid-looking document with one hostile part: deep nesting, enormous attributes, bad
encodings and byte-order marks, NULs, lone surrogates, bidi controls, huge numbers, truncated zips, zip bombs,
path-traversal names, XML entities, wrong JSON types, offsets out of range), the rest valid seeds mutated byte
by byte (flip, insert, delete, truncate, duplicate, overwrite). The generators and the runner live in
``tests/fuzzing/`` so that ``tests/test_fuzz_smoke.py`` runs the very same code on a few dozen inputs.

Each target runs in its own process (``python -m fuzzing.runner``), each input in a child forked from it:
wall time around the call, its CPU time and peak memory from ``wait4`` (``ru_maxrss`` includes the ~50-150 MB
of loaded code the parent holds); a child is stopped after 6 s of CPU time (120 s of wall clock if stuck).
"over 5 s" counts wall time, which a busy machine inflates; "over 5 s CPU" counts CPU time where it is
measured (the import_paths stage runs in workers: wall time there), which it does not. Importers: ``parse_file`` per input, then every
input that did not hang ``library.documents.import_paths`` in batches of 40 (worker processes with their own
limits, the store, the index). Queries: ``library.index.search`` on a small real library. Annotation files:
``library.annotation_imports.import_file`` on a copy of a small real library.

A clean failure (a LecternError, an import outcome with a reason) is fine; a traceback (any other
exception) or a crash is not, nor is an input over 5 s or 500 MB. Each such input is saved under
``--findings`` with what happened and the command that reproduces it.

Run: ``.venv/bin/python benchmarks/fuzz.py [--count 1000] [--seed 0] [--targets html pdf ...]
[--findings /tmp/lectern-fuzz-findings]``; reproduce one input: ``--targets html --only 123``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from fuzzing.runner import BIG_MB, SLOW_SECONDS, TARGETS, Result, Summary, read_results, summarize  # noqa: E402


def run_one_target(target: str, args: argparse.Namespace, scratch: Path) -> tuple[list[Result], float, float, str]:
    """(results, wall seconds, peak MB of the target's whole process tree as wait4 reports it, error)."""
    out = scratch / f"{target}.jsonl"
    work = scratch / "work"
    command = [sys.executable, "-m", "fuzzing.runner", "--target", target, "--seed", str(args.seed)]
    command += ["--only", *map(str, args.only)] if args.only else ["--count", str(args.count)]
    command += ["--json", str(out), "--work", str(work)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    results = read_results(out) if out.exists() else []
    error = "" if process.returncode == 0 else f"the runner exited with {process.returncode}: {stderr[-2000:]}"
    return results, time.perf_counter() - started, usage.ru_maxrss / 1024, error


def save_findings(results: list[Result], folder: Path, args: argparse.Namespace) -> int:
    """Each input with a traceback, crash, timeout or over a limit: the input itself and a note of what it did."""
    saved = 0
    for result in results:
        if not result.finding:
            continue
        source = Path(result.input_path)
        base = folder / result.target / f"{result.number:05d}-{result.stage}"
        base.parent.mkdir(parents=True, exist_ok=True)
        if source.exists():
            shutil.copyfile(source, base.with_name(base.name + "-" + source.name.split("-", 1)[-1]))
        note = [
            f"target: {result.target}   input: {result.number}   seed: {args.seed}   stage: {result.stage}",
            f"made as: {result.label}",
            f"status: {result.status}   seconds: {result.seconds:.2f} (CPU {result.cpu_seconds:.2f})   peak MB: {result.peak_mb:.0f}",
            f"reproduce: .venv/bin/python benchmarks/fuzz.py --seed {args.seed} --targets {result.target} --only {result.number}",
            "",
            result.detail,
        ]
        base.with_name(base.name + ".finding.txt").write_text("\n".join(note), encoding="utf-8")
        saved += 1
    return saved


def print_table(rows: list[tuple[Summary, float, float, str]]) -> None:
    header = ("target", "inputs", "clean failures", "tracebacks", f"over {SLOW_SECONDS:.0f} s", f"over {BIG_MB:.0f} MB", "slowest (s)", "peak MB", f"over {SLOW_SECONDS:.0f} s CPU", "run (s)")  # fmt: skip
    lines = [header]
    for summary, wall, tree_peak, _ in rows:
        lines.append((
            summary.target, f"{summary.inputs:,}", f"{summary.clean_failures:,}", f"{summary.tracebacks:,}",
            f"{summary.slow:,}", f"{summary.big:,}", f"{summary.slowest:.2f}", f"{max(summary.peak_mb, tree_peak):.0f}",
            f"{summary.slow_cpu:,}", f"{wall:.0f}" if wall else "-",
        ))  # fmt: skip
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for index, line in enumerate(lines):
        print(" | ".join(cell.ljust(width) if column == 0 else cell.rjust(width) for column, (cell, width) in enumerate(zip(line, widths, strict=True))))  # fmt: skip
        if index == 0:
            print("-+-".join("-" * width for width in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description="Fuzz Lectern's importers, query parser and annotation importers.")
    parser.add_argument("--count", type=int, default=1000, help="inputs per target (default 1,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--targets", nargs="*", choices=TARGETS, default=list(TARGETS))
    parser.add_argument("--only", type=int, nargs="*", help="just these input numbers (to reproduce a finding)")
    parser.add_argument("--findings", type=Path, default=Path(tempfile.gettempdir()) / "lectern-fuzz-findings")
    parser.add_argument("--json", type=Path, help="also write every result, one JSON object a line")
    parser.add_argument("--table-from", type=Path, nargs="*", help="print the table of saved --json files; run nothing")
    args = parser.parse_args()
    if args.table_from:
        results = [result for path in args.table_from for result in read_results(path)]
        targets = [target for target in TARGETS if any(result.target == target for result in results)]
        print_table([(summarize(t, [r for r in results if r.target == t]), 0.0, 0.0, "") for t in targets])
        return
    scratch = Path(tempfile.mkdtemp(prefix="lectern-fuzz-"))
    rows = []
    saved = 0
    try:
        for target in args.targets:
            results, wall, tree_peak, error = run_one_target(target, args, scratch)
            rows.append((summarize(target, results), wall, tree_peak, error))
            saved += save_findings(results, args.findings, args)
            if args.json:
                with args.json.open("a", encoding="utf-8") as out:
                    out.writelines(json.dumps(result.__dict__) + "\n" for result in results)
            print(f"{target}: {len(results):,} results in {wall:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nFuzzing, seed {args.seed}, {args.count if not args.only else len(args.only):,} inputs per target\n")
    print_table(rows)
    wording = [f"{summary.target} {summary.internal_wording}" for summary, *_ in rows if summary.internal_wording]
    print(f"\nclean failures whose message uses Python's own words: {', '.join(wording) or 'none'}")
    for summary, _, _, error in rows:
        if error:
            print(f"{summary.target}: {error}")
    print(f"{saved} findings saved under {args.findings}" if saved else "no findings")


if __name__ == "__main__":
    main()
