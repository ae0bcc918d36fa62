"""How soon a process that shows a library (the window) hears of another process's write, and what
watching costs: a CLI ``annotate`` in a subprocess, timed from its exit to the announcement.

Run on a COPY of a library (the CLI writes to it):
``.venv/bin/python benchmarks/other_processes.py --data-dir /tmp/copy [--repeat 10]``.
Prints a table; asserts nothing. Without ``--data-dir`` it uses the bundled samples in a temp folder.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.commit_watch import CommitWatch  # noqa: E402
from app import Library  # noqa: E402
from app.external_changes import ExternalChanges, ForeignChanges  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f}"


def measure(data: Path, repeat: int) -> list[tuple[str, str, str]]:
    library = Library(data, background=True)
    if library.documents.is_empty():
        library.documents.import_paths([SAMPLES])
    library.index.flush(600)
    heard: queue.Queue[ForeignChanges] = queue.Queue()
    watcher = ExternalChanges(library.store, library.index, heard.put)
    watcher.start()
    rows: list[tuple[str, str, str]] = []
    try:
        summary = library.documents.summaries()[0]
        text = library.documents.get(summary.id).text
        taken = {(annotation.start, annotation.end) for annotation in library.annotations.for_document(summary.id)}
        # words whose first occurrence is not highlighted yet (a highlight already there is not made again)
        fresh = [word for word in dict.fromkeys(text.split()) if word.isalpha() and len(word) > 4
                 and (text.index(word), text.index(word) + len(word)) not in taken]  # fmt: skip
        cli_seconds: list[float] = []
        latencies: list[float] = []
        for number in range(repeat):
            quote = fresh[number]
            started = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "annotate",
                            str(summary.id), "--quote", quote, "--tag", "bench-other"],
                           cwd=ROOT, check=True, capture_output=True, timeout=120)  # fmt: skip
            exited = time.perf_counter()
            cli_seconds.append(exited - started)
            heard.get(timeout=30)
            latencies.append(time.perf_counter() - exited)
        rows.append(("CLI annotate, whole process (median)", _ms(statistics.median(cli_seconds)), "ms"))
        rows.append(("CLI exit -> window hears it (median)", _ms(statistics.median(latencies)), "ms"))
        rows.append(("CLI exit -> window hears it (max)", _ms(max(latencies)), "ms"))
        started = time.perf_counter()
        library.documents.summaries()
        rows.append(("one refresh of the library table's rows", _ms(time.perf_counter() - started), "ms"))
    finally:
        watcher.stop()
        library.close()
    look = CommitWatch(library.store.db.path)
    started = time.perf_counter()
    for _ in range(1000):
        look.committed_since_last_look()
    per_look = (time.perf_counter() - started) / 1000
    rows.append(("one look at PRAGMA data_version (every 0.4 s)", f"{per_look * 1e6:9.1f}", "µs"))
    started = time.perf_counter()
    look.details_fingerprint()
    rows.append(("digest of tag details + saved searches", _ms(time.perf_counter() - started), "ms"))
    look.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="a COPY of a library (written to)")
    parser.add_argument("--repeat", type=int, default=10)
    arguments = parser.parse_args()
    if arguments.data_dir is not None:
        rows = measure(arguments.data_dir, arguments.repeat)
    else:
        with tempfile.TemporaryDirectory() as folder:
            rows = measure(Path(folder), arguments.repeat)
    for label, value, unit in rows:
        print(f"{label:<48} {value} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
