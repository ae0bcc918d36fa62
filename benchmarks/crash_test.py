"""Kill Lectern at the worst moments and count what was lost (issue 13's long run).

    .venv/bin/python benchmarks/crash_test.py [--highlights 200] [--imports 20] [--rebuilds 20]
        [--backups 10] [--migrations 5] [--articles 150] [--seed 13] [--keep DIR]

Every kill is a SIGKILL of a real process at a random moment of its work:

- **highlights**: a writer process adds highlights in a loop through ``app.Library`` (every other run
  with the window's background index writer, else draining after each write as the CLI does) and
  prints each highlight's UUID once ``add`` has returned, i.e. once it was reported saved;
- **imports**: ``main.py import FOLDER`` of new articles; after the kill the same import is run again
  to completion, and every file must then be there exactly once;
- **rebuilds**: ``main.py reindex``;
- **backups**: ``main.py backup -o FILE``: FILE must then be absent or a complete, verified backup;
- **migrations**: ``main.py list`` on a library of the previous schema (5 → its first open migrates it).

After each kill the library is checked as a user would meet it:

- *lost writes*: highlights reported saved but absent; import files missing or duplicated after the
  retry; articles or highlights that a rebuild, backup or migration lost;
- *integrity failures*: ``PRAGMA integrity_check`` of the database is not "ok";
- *searches wrong*: ``main.py search --json`` answers a different total from a fresh build of the same
  database (a copy opened with no index), or exits 0 without a total, for each of the queries below;
- *processes left*: processes started by the killed one still alive 3 s later (found by an
  environment tag every descendant inherits).

Zeros are expected in every column but "kills".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotations.paths import database_path  # noqa: E402
from index.brute_force import generate_articles  # noqa: E402

QUERIES = ('"air defense support"', "sanctions", "tag:crash")
TAG_ENV = "LECTERN_CRASH_TEST_TAG"

WRITER = r"""
import random, sys
from pathlib import Path
from app import Library
data_dir, seed, background = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
chooser = random.Random(seed)
library = Library(data_dir, background=background)
documents = [summary.id for summary in library.documents.summaries()]
while True:
    document = library.documents.get(chooser.choice(documents))
    start = chooser.randrange(0, max(1, len(document.text) - 60))
    end = start + chooser.randint(5, 50)
    tags = ["crash"] + chooser.sample(["crash/a", "crash/b", "region/x"], chooser.randint(0, 2))
    added = library.annotations.add(document.id, start, end, tags=tags, note="n" * chooser.randint(0, 30)).value
    if not background:
        library.index.flush()
    print(added.uuid, flush=True)
"""


@dataclass
class Tally:
    scenario: str
    kills: int = 0
    lost: int = 0
    integrity: int = 0
    searches_wrong: int = 0
    processes_left: int = 0
    notes: list[str] = field(default_factory=list)

    def row(self) -> str:
        return (
            f"| {self.scenario:<10} | {self.kills:>5} | {self.lost:>10} | {self.integrity:>18} |"
            f" {self.searches_wrong:>14} | {self.processes_left:>14} |"
        )


HEADER = (
    "| scenario   | kills | lost writes | integrity failures | searches wrong | processes left |\n"
    "|------------|------:|-----------:|-------------------:|---------------:|---------------:|"
)


def environment(tag: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen", **{TAG_ENV: tag})


def lectern(data_dir: Path, *arguments: str, tag: str = "check") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--data-dir", str(data_dir), *arguments],
        capture_output=True,
        text=True,
        env=environment(tag),
        cwd=REPO,
        timeout=600,
    )


def start(command: list[str], tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment(tag), cwd=REPO
    )


def kill_after(process: subprocess.Popen[str], seconds: float) -> str:
    """SIGKILL ``process`` after ``seconds`` (or when it ends); returns everything it printed."""
    try:
        output, _ = process.communicate(timeout=seconds)
        return output
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    try:
        output, _ = process.communicate(timeout=5)
    except subprocess.TimeoutExpired:  # descendants that outlived it hold its output open (counted as left)
        process.wait()
        assert process.stdout is not None
        process.stdout.close()
        output = ""
    return output


def survivors(tag: str) -> list[int]:
    """Processes still carrying ``tag`` in their environment (descendants of a killed process)."""
    needle = f"{TAG_ENV}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def count_survivors(tag: str, grace: float = 3.0) -> int:
    """How many of the killed process's descendants are still alive ``grace`` seconds on (then killed)."""
    deadline = time.monotonic() + grace
    while (left := survivors(tag)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:  # so one failure does not spoil the runs after it
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(left)


def integrity_ok(data_dir: Path) -> bool:
    try:
        with sqlite3.connect(database_path(data_dir)) as connection:
            return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False


def rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(database_path(data_dir))
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def counts(data_dir: Path) -> tuple[int, int]:
    return (
        int(rows(data_dir, "SELECT count(*) FROM documents")[0][0]),
        int(rows(data_dir, "SELECT count(*) FROM annotations")[0][0]),
    )


def fresh_totals(data_dir: Path, scratch: Path) -> dict[str, int]:
    """Each query's total from an index built from nothing over a consistent copy of the database."""
    fresh = scratch / f"fresh-{uuid.uuid4().hex[:8]}"
    fresh.mkdir()
    source = sqlite3.connect(database_path(data_dir))
    target = sqlite3.connect(database_path(fresh))
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    totals = {}
    for query in QUERIES:
        result = lectern(fresh, "search", "--json", "--limit", "1", query)
        totals[query] = json.loads(result.stdout)["total"] if result.returncode == 0 else -1
    shutil.rmtree(fresh)
    return totals


def wrong_searches(data_dir: Path, scratch: Path, tally: Tally) -> int:
    """Queries whose answer from the library as it is differs from a fresh build's (or exits 0 with none)."""
    expected = fresh_totals(data_dir, scratch)
    wrong = 0
    for query in QUERIES:
        result = lectern(data_dir, "search", "--json", "--limit", "1", query)
        if result.returncode != 0:
            if "rebuil" in result.stderr:  # said so, did not answer wrongly; ask again as a user would
                result = lectern(data_dir, "search", "--json", "--limit", "1", query)
            if result.returncode != 0:
                tally.notes.append(f"search {query} exited {result.returncode}: {result.stderr.strip()[:200]}")
                wrong += 1
                continue
        try:
            total = json.loads(result.stdout)["total"]
        except (ValueError, KeyError):
            total = None
        if total != expected[query]:
            tally.notes.append(f"search {query}: {total} instead of {expected[query]}")
            wrong += 1
    return wrong


def check(data_dir: Path, scratch: Path, tally: Tally, tag: str, *, search: bool = True) -> None:
    tally.kills += 1
    tally.processes_left += count_survivors(tag)
    if not integrity_ok(data_dir):
        tally.integrity += 1
        tally.notes.append(f"integrity_check failed after kill {tally.kills}")
    if search:
        tally.searches_wrong += wrong_searches(data_dir, scratch, tally)


# -- scenarios -------------------------------------------------------------------------------------
def highlights(data_dir: Path, scratch: Path, kills: int, chooser: random.Random) -> Tally:
    tally = Tally("highlights")
    for run in range(kills):
        tag = uuid.uuid4().hex
        background = "1" if run % 2 else "0"
        process = start([sys.executable, "-c", WRITER, str(data_dir), str(chooser.randrange(10**9)), background], tag)
        saved = kill_after(process, chooser.uniform(0.6, 2.0)).split()
        stored = {row[0] for row in rows(data_dir, "SELECT uuid FROM annotations")}
        lost = [item for item in saved if item not in stored]
        if lost:
            tally.notes.append(f"run {run}: {len(lost)} saved highlights missing")
        tally.lost += len(lost)
        check(data_dir, scratch, tally, tag, search=run % 10 == 9 or run == kills - 1)
    return tally


def imports(data_dir: Path, scratch: Path, kills: int, chooser: random.Random) -> Tally:
    tally = Tally("imports")
    takes = 2.0  # how long a whole import of a folder takes: the last retry's time, so kills land during the work
    for run in range(kills):
        folder = scratch / f"import-{run}"
        folder.mkdir()
        generate_articles(folder, 30, seed=1000 + run)
        before = counts(data_dir)[0]
        tag = uuid.uuid4().hex
        process = start([sys.executable, str(REPO / "main.py"), "--data-dir", str(data_dir), "import", str(folder)], tag)
        kill_after(process, chooser.uniform(0.15, 0.95) * takes)
        check(data_dir, scratch, tally, tag, search=False)
        retry_started = time.perf_counter()
        retry = lectern(data_dir, "import", str(folder))
        takes = time.perf_counter() - retry_started
        if retry.returncode != 0:
            tally.notes.append(f"run {run}: the retried import exited {retry.returncode}: {retry.stderr.strip()[-200:]}")
        after = counts(data_dir)[0]
        missing_or_extra = abs(after - before - len(list(folder.iterdir())))
        if missing_or_extra:
            tally.notes.append(f"run {run}: {after - before} articles from {len(list(folder.iterdir()))} files")
        tally.lost += missing_or_extra
        tally.searches_wrong += wrong_searches(data_dir, scratch, tally) if run % 5 == 4 or run == kills - 1 else 0
    return tally


def unchanged(
    name: str, data_dir: Path, scratch: Path, kills: int, chooser: random.Random, command: Callable[[int], list[str]],
    after: Callable[[int], int] | None = None,
) -> Tally:  # fmt: skip
    """Kill ``command`` (which must not change the library's rows) and check nothing was lost.

    One whole run is timed first, and each kill lands between 15 % and 95 % of that time: at this size
    most of a run is the work itself, not the interpreter starting."""
    tally = Tally(name)
    timed_from = time.perf_counter()
    lectern(data_dir, *command(-1))
    takes = time.perf_counter() - timed_from
    if after is not None:
        after(-1)
    for run in range(kills):
        before = counts(data_dir)
        tag = uuid.uuid4().hex
        process = start([sys.executable, str(REPO / "main.py"), "--data-dir", str(data_dir), *command(run)], tag)
        kill_after(process, chooser.uniform(0.15, 0.95) * takes)
        check(data_dir, scratch, tally, tag)
        now = counts(data_dir)
        if now != before:
            tally.notes.append(f"{name} run {run}: {before} became {now}")
            tally.lost += abs(now[0] - before[0]) + abs(now[1] - before[1])
        if after is not None:
            tally.lost += after(run)
    return tally


def backup_is_whole_or_absent(path: Path, scratch: Path) -> int:
    """0 if the backup file is absent or restores to a library that opens; 1 if a half-written file remains."""
    if not path.exists():
        return 0
    probe = scratch / f"restore-{uuid.uuid4().hex[:8]}"
    result = lectern(probe, "restore", str(path))
    shutil.rmtree(probe, ignore_errors=True)
    path.unlink()
    return 0 if result.returncode == 0 else 1


def downgrade_to_schema_4(data_dir: Path) -> None:
    """Make the library look as schema 4 wrote it (the migration to 5 runs on its next open)."""
    connection = sqlite3.connect(database_path(data_dir), isolation_level=None)
    try:
        connection.execute("DROP TABLE IF EXISTS library_state")
        connection.execute("ALTER TABLE index_outbox DROP COLUMN origin")
        connection.execute("PRAGMA user_version = 4")
    finally:
        connection.close()


def migrations(base: Path, scratch: Path, kills: int, chooser: random.Random) -> Tally:
    tally = Tally("migrations")
    for run in range(kills):
        data_dir = scratch / f"migrate-{run}"
        shutil.copytree(base, data_dir)
        downgrade_to_schema_4(data_dir)
        before = counts(data_dir)
        tag = uuid.uuid4().hex
        process = start([sys.executable, str(REPO / "main.py"), "--data-dir", str(data_dir), "list", "--json"], tag)
        kill_after(process, chooser.uniform(0.2, 1.2))
        tally.processes_left += count_survivors(tag)
        reopened = lectern(data_dir, "list", "--json")
        if reopened.returncode != 0:
            tally.notes.append(f"migration run {run}: reopening failed: {reopened.stderr.strip()[-200:]}")
            tally.lost += 1
        tally.kills += 1
        if not integrity_ok(data_dir):
            tally.integrity += 1
        if counts(data_dir) != before:
            tally.lost += 1
            tally.notes.append(f"migration run {run}: {before} became {counts(data_dir)}")
        tally.searches_wrong += wrong_searches(data_dir, scratch, tally)
        shutil.rmtree(data_dir)
    return tally


def build_base(data_dir: Path, scratch: Path, articles: int) -> None:
    incoming = scratch / "base-articles"
    incoming.mkdir()
    generate_articles(incoming, articles)
    result = lectern(data_dir, "import", str(incoming))
    if result.returncode != 0:
        raise SystemExit(f"could not build the library: {result.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--highlights", type=int, default=200)
    parser.add_argument("--imports", type=int, default=20)
    parser.add_argument("--rebuilds", type=int, default=20)
    parser.add_argument("--backups", type=int, default=10)
    parser.add_argument("--migrations", type=int, default=5)
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    arguments = parser.parse_args()
    chooser = random.Random(arguments.seed)
    scratch = arguments.keep or Path(tempfile.mkdtemp(prefix="lectern-crash-"))
    scratch.mkdir(parents=True, exist_ok=True)
    data_dir = scratch / "library"
    started = time.perf_counter()
    build_base(data_dir, scratch, arguments.articles)
    pristine = scratch / "pristine"
    shutil.copytree(data_dir, pristine)
    backup_file = scratch / "killed.lectern-backup"
    tallies = [
        highlights(data_dir, scratch, arguments.highlights, chooser),
        imports(data_dir, scratch, arguments.imports, chooser),
        unchanged("rebuilds", data_dir, scratch, arguments.rebuilds, chooser, lambda run: ["reindex"]),
        unchanged(
            "backups", data_dir, scratch, arguments.backups, chooser,
            lambda run: ["backup", "-o", str(backup_file)],
            after=lambda run: backup_is_whole_or_absent(backup_file, scratch),
        ),  # fmt: skip
        migrations(pristine, scratch, arguments.migrations, chooser),
    ]
    print(f"\nSIGKILLs on a library of {arguments.articles}+ generated articles (seed {arguments.seed}),"
          f" {time.perf_counter() - started:.0f} s in all\n")  # fmt: skip
    print(HEADER)
    for tally in tallies:
        print(tally.row())
    notes = [note for tally in tallies for note in tally.notes]
    if notes:
        print("\nwhat went wrong:")
        for note in notes[:40]:
            print(f"- {note}")
    if arguments.keep is None:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if not notes else 1


if __name__ == "__main__":
    sys.exit(main())
