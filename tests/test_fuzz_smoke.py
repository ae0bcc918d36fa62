"""A short run of the hostile-input generators behind ``benchmarks/fuzz.py``: 30 inputs per target (the five
document importers, the query parser, both annotation importers) through the real code, each input in its own
forked process, and not one may end in a traceback or a crash.

The runner runs in two real subprocesses (four targets each, so the two CPUs share the work); a child still
using more than 2 s of CPU time is stopped and counted as slow, which this test does not judge (the benchmark does). The
second test checks that the runner's verdicts bite: an exception is a traceback, a dead process a crash, a busy
or stuck child a timeout, and a child's peak memory and CPU time are its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fuzzing.runner import IMPORTERS, TARGETS, isolated, read_results

REPO = Path(__file__).resolve().parents[1]
INPUTS_PER_TARGET = 30
SEED = 13
KILL_AFTER = 2  # CPU seconds; slowness is the benchmark's to judge, and a hang must not hold the suite up
IMPORT_UNDER = 0.5  # CPU seconds (wall time on a loaded machine says little): only inputs parsed faster go through import_paths too


def test_thirty_hostile_inputs_per_target_end_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    halves = (TARGETS[0::2], TARGETS[1::2])
    runs = []
    for number, targets in enumerate(halves):
        out = tmp_path / f"results-{number}.jsonl"
        command = [sys.executable, "-m", "fuzzing.runner", "--target", *targets, "--seed", str(SEED)]
        command += ["--count", str(INPUTS_PER_TARGET), "--kill-after", str(KILL_AFTER), "--import-under", str(IMPORT_UNDER), "--json", str(out)]
        command += ["--work", str(tmp_path / f"work-{number}")]
        runs.append((out, subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE)))
    results = []
    for out, process in runs:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr.decode()[-3000:]
        results += read_results(out)
    stages = {(r.target, r.number, r.stage) for r in results}
    for target in TARGETS:
        first = {"query": "search", "web-annotations": "import_file", "qdpx": "import_file"}.get(target, "parse")
        assert {(target, n, first) for n in range(INPUTS_PER_TARGET)} <= stages, target
    # Every importer input that parsed in time went through import_paths too, as a user's import does.
    for target in IMPORTERS:
        parsed = [r for r in results if r.target == target and r.stage == "parse"]
        in_time = {r.number for r in parsed if r.status not in ("timeout", "crash") and r.busy_seconds < IMPORT_UNDER}
        imported = {r.number for r in results if r.target == target and r.stage == "import_paths"}
        # most parse in time on a quiet machine (over 20 of 30); a third is the floor when CPUs are shared
        assert imported == in_time and len(in_time) >= INPUTS_PER_TARGET // 3, target
    broken = [
        f"{r.target} #{r.number} ({r.label}, {r.stage}): {r.detail.strip().splitlines()[-1:] or r.status}"
        for r in results
        if r.status in ("traceback", "crash")
    ]
    assert broken == []
    assert any(r.status == "refused" for r in results) and any(r.status == "accepted" for r in results)


def _raises() -> tuple[str, str, float]:
    return {}["missing"]  # type: ignore[return-value]


def _dies() -> tuple[str, str, float]:
    os.kill(os.getpid(), signal.SIGKILL)


def _spins() -> tuple[str, str, float]:
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    return "accepted", "", 0.3


def _spins_long() -> tuple[str, str, float]:
    while True:
        pass


def _hangs() -> tuple[str, str, float]:
    time.sleep(30)
    return "accepted", "", 30.0


def _grows() -> tuple[str, str, float]:
    block = bytearray(600 * 1024 * 1024)  # zero pages are not resident until written
    block[:: 4096] = b"x" * len(range(0, len(block), 4096))
    return "accepted", str(len(block)), 0.1


def test_the_runner_calls_an_exception_a_traceback_and_measures_each_child() -> None:
    status, detail, _, _, _ = isolated(_raises)
    assert status == "traceback" and "KeyError: 'missing'" in detail
    assert isolated(_dies)[0] == "crash"
    started = time.monotonic()
    status, detail, *_ = isolated(_hangs, 1, wall_seconds=0.5)  # stuck, not busy: the wall-clock backstop
    assert (status, "wall clock" in detail) == ("timeout", True)
    status, detail, _, _, cpu = isolated(_spins_long, 1)  # busy: stopped after one second of CPU time
    # RLIMIT_CPU counts scheduler ticks, rusage exact time: on a crowded machine they part by a tenth or two
    assert (status, "CPU time" in detail) == ("timeout", True) and 0.6 < cpu < 3
    assert time.monotonic() - started < 15
    status, _, _, peak_mb, _ = isolated(_grows)
    assert status == "accepted" and peak_mb > 600
    assert isolated(lambda: ("refused", "a message", 0.0))[:2] == ("refused", "a message")
    assert isolated(_spins)[4] >= 0.3  # CPU seconds: the child's own
