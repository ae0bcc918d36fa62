"""What the reader's comforts cost on the GUI thread, by article size: opening an article (text, highlights,
outline, reading place), one zoom step, a theme switch, the first and a later keystroke of find, a find step.

``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/reader_speed.py [--sizes 10,100,400] [--repeat 5]``
writes articles of the given sizes in KB (a heading every ~40 paragraphs, 50 highlights each) into a temp
library and prints a table of medians in ms. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app import Library  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

WORDS = ("air defense support radar training sanctions partner state interceptor maintenance network signal "
         "evidence report capability export control supplier recipient analysts policy").split()  # fmt: skip
HIGHLIGHTS = 50
OPEN_ONLY = "--open-only" in sys.argv  # also runs on older code without the find bar, zoom or themes


def article(size_kb: int, seed: int) -> str:
    """Markdown of about ``size_kb`` KB: paragraphs of random words, a heading every 40 paragraphs."""
    chooser = random.Random(seed)
    parts, length, number = [f"# Article of {size_kb} KB\n"], 0, 0
    while length < size_kb * 1000:
        if number % 40 == 0:
            parts.append(f"## Section {number // 40 + 1}\n")
        paragraph = " ".join(chooser.choice(WORDS) for _ in range(90)).capitalize() + "."
        parts.append(paragraph + "\n")
        length += len(paragraph)
        number += 1
    return "\n".join(parts)


def settle(application: QApplication) -> None:
    for _ in range(3):
        application.processEvents()


def timed(application: QApplication, action: Callable[[], object], repeat: int) -> float:
    """Median ms of ``action`` followed by the events it posts (what the user waits for)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        settle(application)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(window: MainWindow, application: QApplication, document_id: int, other_id: int, repeat: int) -> list[float]:
    def open_it() -> None:
        window.open_document(other_id)
        settle(application)
        window.open_document(document_id)

    opening = timed(application, open_it, repeat)
    if OPEN_ONLY:
        return [opening]
    zoom = timed(application, lambda: window.reading_settings.zoom(+1 if window.reading_settings.prefs.point_size < 20 else 0), repeat)
    themes = iter(["dark", "sepia", "light"] * repeat)
    theme = timed(application, lambda: window.themes.actions[next(themes)].trigger(), repeat)
    finder = window.finder

    def first_key() -> None:
        finder.open()
        finder.bar.field.setText("r")

    first = timed(application, first_key, 1)  # once: the article's folded text is cached from then on
    def later_key() -> None:
        finder.bar.field.setText("radar" if finder.bar.query == "rada" else "rada")
        finder.find(select=True)  # at once, as Enter does (typing in a long article waits for a pause first)

    later = timed(application, later_key, repeat)
    step = timed(application, lambda: finder.step(True), repeat)
    finder.close()
    return [opening, zoom, theme, first, later, step]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,400", help="article sizes in KB")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--open-only", action="store_true", help="only the time to open (compare older code)")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    application = create_application()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        incoming = Path(folder) / "in"
        incoming.mkdir()
        for size in sizes:
            (incoming / f"article-{size}.md").write_text(article(size, size), encoding="utf-8")
        (incoming / "small.md").write_text(article(2, 1), encoding="utf-8")
        library = Library(Path(folder) / "data", background=True)
        library.documents.import_paths(sorted(incoming.iterdir()))
        ids = {summary.title: summary.id for summary in library.documents.summaries()}
        small = ids["Article of 2 KB"]
        for size in sizes:
            document = library.documents.get(ids[f"Article of {size} KB"])
            chooser = random.Random(size)
            for _ in range(HIGHLIGHTS):
                start = chooser.randrange(0, len(document.text) - 200)
                library.annotations.add(document.id, start, start + 60, color=chooser.choice(["yellow", "green", "blue"]))
        library.index.flush()
        window = MainWindow(library, remember_layout=False)
        window.resize(1280, 800)
        window.show()
        settle(application)
        for size in sizes:
            rows.append((size, measure(window, application, ids[f"Article of {size} KB"], small, arguments.repeat)))
        window.close()
        library.close()
    print(f"`QT_QPA_PLATFORM=offscreen python benchmarks/reader_speed.py --sizes {arguments.sizes} --repeat {arguments.repeat}`  ")
    print(f"GUI-thread ms, median of {arguments.repeat}; {HIGHLIGHTS} highlights per article; {os.cpu_count()} CPUs")
    print()
    print("| article | open | zoom step | theme switch | find: first key | find: later key | find: next |")
    print("|---|---|---|---|---|---|---|")
    for size, values in rows:
        print(f"| {size} KB | " + " | ".join(f"{value:.1f}" for value in values) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
