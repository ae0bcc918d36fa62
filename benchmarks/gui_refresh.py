"""How long the window's GUI thread stalls when one highlight, one article import or one deletion lands on a
big library: the old full refresh of the library list ("before") beside the row-by-row update ("after").

Run on a COPY of a library (it writes, then undoes what it wrote):
``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_refresh.py --data-dir /tmp/copy [--repeat 3]``.
"After" is the longest gap between 1 ms timer ticks while the write runs and every view takes its Changes
in (what the user feels); "before" is the old handler, a full re-read and reset of the list, timed alone.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app import Library  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

SETTLE_S = 0.5  # after the write is delivered, views may still have queued work (the reader's redraw)


def longest_stall(app: QApplication, window: MainWindow, write: Callable[[], object]) -> tuple[float, object]:
    """Run ``write`` through the window's operations; the longest gap between timer ticks until all settles."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    result: dict[str, object] = {}
    timer.start()
    ticks.append(time.perf_counter())
    window.operations.run(write, success=lambda value: result.__setitem__("value", value))
    while not window.operations.idle:
        app.processEvents()
        time.sleep(0.0005)
    until = time.perf_counter() + SETTLE_S
    while time.perf_counter() < until:
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    ticks.append(time.perf_counter())
    return max(b - a for a, b in zip(ticks, ticks[1:], strict=False)), result.get("value")


def old_refresh(window: MainWindow) -> float:
    started = time.perf_counter()
    window.library_controller.refresh()  # what every change cost before: re-read and reset the whole list
    return time.perf_counter() - started


def measure(data: Path, repeat: int) -> list[tuple[str, float, float]]:
    app = QApplication.instance() or QApplication([])
    library = Library(data, background=True)
    window = MainWindow(library, remember_layout=False)
    window.show()
    for _ in range(50):
        app.processEvents()
    shown = window.library_panel.current_document_id()
    assert shown is not None, "the library is empty"
    text = library.documents.get(shown).text
    rows: dict[str, tuple[list[float], list[float]]] = {"one highlight": ([], []), "one import": ([], []),
                                                          "one deletion": ([], [])}  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="gui-refresh-"))
    for attempt in range(repeat):
        start = (attempt * 97) % max(1, len(text) - 20)
        stall, applied = longest_stall(app, window, lambda s=start: library.annotations.add(shown, s, s + 12))
        rows["one highlight"][1].append(stall)
        rows["one highlight"][0].append(old_refresh(window))
        longest_stall(app, window, lambda a=applied: library.annotations.delete(a.id))  # type: ignore[attr-defined]

        path = folder / f"bench-{attempt}.md"
        path.write_text(f"# Refresh bench {attempt} {time.time()}\n\nA short article for the benchmark.\n", "utf-8")
        stall, outcome = longest_stall(app, window, lambda p=path: library.documents.import_file(p))
        rows["one import"][1].append(stall)
        rows["one import"][0].append(old_refresh(window))

        new_id = outcome.document.id  # type: ignore[attr-defined]
        stall, _ = longest_stall(app, window, lambda d=new_id: library.documents.delete(d))
        rows["one deletion"][1].append(stall)
        rows["one deletion"][0].append(old_refresh(window))
    window.close()
    library.close()
    return [(name, statistics.median(before), statistics.median(after)) for name, (before, after) in rows.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'GUI-thread stall (median ms)':<30}{'before':>10}{'after':>10}")
    for name, before, after in measure(args.data_dir, args.repeat):
        print(f"{name:<30}{before * 1000:10.1f}{after * 1000:10.1f}")


if __name__ == "__main__":
    main()
