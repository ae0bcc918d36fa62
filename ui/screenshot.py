"""Render the real main window with the sample library and save a PNG.

``python -m ui.screenshot OUT.png`` shows every mention of a phrase (the README's first picture);
``--reading`` shows an article with highlights in several colours, the find bar and the outline, as the
reader pictures in ``docs/`` are made (``--theme light|sepia|dark``, ``--size 1280x800``; run with
``QT_SCALE_FACTOR=2`` for the 200 % pictures; ``make screenshots`` makes them all).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from app import Library
from ui.app import SAMPLES_DIR, create_application
from ui.main_window import MainWindow

AIR_DEFENSE = "Air Defense"
HIGHLIGHTS = (  # quote, colour, style, tags, note: all in the paper's first screen
    ("air defense support", "yellow", "highlight", ["air-defense", "russia-iran"], "Central framing of the paper."),
    ("integrated air-defense networks", "green", "highlight", ["air-defense/networks"], ""),
    ("a quiet alliance in the making", "pink", "highlight", ["framing"], ""),
    ("a transactional arrangement with sharp limits", "blue", "highlight", ["framing"], ""),
    ("a portfolio of modest, uneven exchanges", "orange", "underline", ["conclusion"], ""),
)


def _settle(milliseconds: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def _highlight_samples(library: Library) -> int:
    """Import the samples and highlight the air-defense paper in every colour; its id."""
    library.documents.import_paths([SAMPLES_DIR])
    document = next(summary for summary in library.documents.summaries() if AIR_DEFENSE in summary.title)
    for quote, color, style, tags, note in HIGHLIGHTS:
        try:
            library.annotations.add_quote(document.id, quote, color=color, style=style, tags=tags, note=note)
        except Exception:  # noqa: BLE001 - a quote the sample no longer holds: the picture goes on without it
            continue
    library.index.flush()
    return document.id


def _show_mentions(window: MainWindow, document_id: int) -> None:
    window.library_panel.select_document(document_id)
    window.search_panel.set_query('"air defense support"')
    window.side_tabs.setCurrentWidget(window.search_panel)
    _settle(800)
    hit = window.search_panel.model.hit_at(1) if window.search_panel.model.rowCount() > 1 else None
    if hit is not None:
        window.open_passage(hit.document_id, hit.start, hit.end)
    _settle(300)
    window.search_panel.concordance_button.click()  # the every-mention view, as a researcher uses it
    _settle(800)


def _show_reading(window: MainWindow, document_id: int) -> None:
    window.library_panel.select_document(document_id)
    _settle(300)
    window.outline_action.trigger()
    window.finder.open()
    window.finder.bar.field.setText("defense")
    _settle(200)
    window.finder.step(True)
    _settle(400)


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshot")
    parser.add_argument("output", nargs="?", default="docs/screenshot.png")
    parser.add_argument("--theme", choices=("light", "sepia", "dark"), default="light")
    parser.add_argument("--reading", action="store_true", help="an article, the find bar and the outline")
    parser.add_argument("--size", default="1440x900", help="the window's size in logical pixels")
    chosen = parser.parse_args(arguments)
    width, height = (int(part) for part in chosen.size.lower().split("x"))
    application = create_application()
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder), background=True)
        document_id = _highlight_samples(library)
        window = MainWindow(library, remember_layout=False)
        window.themes.actions[chosen.theme].trigger()
        window.resize(width, height)
        window.show()
        _settle(300)
        if chosen.reading:
            _show_reading(window, document_id)
        else:
            _show_mentions(window, document_id)
        window.grab().save(chosen.output)
        window.close()
        library.close()
    application.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
