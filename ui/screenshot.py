"""Render the real main window with the sample library and save a PNG: ``python -m ui.screenshot OUT.png``."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from app import Library
from ui.app import SAMPLES_DIR, create_application
from ui.main_window import MainWindow


def _settle(milliseconds: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main(output: str) -> int:
    application = create_application()
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder), background=True)
        library.documents.import_paths([SAMPLES_DIR])
        document = next(summary for summary in library.documents.summaries() if "Air Defense" in summary.title)
        library.annotations.add_quote(document.id, "air defense support", tags=["air-defense", "russia-iran"],
                               note="Central framing of the paper.")  # fmt: skip
        library.annotations.add_quote(document.id, "Maintenance and spare parts", color="green", tags=["logistics"])
        library.annotations.add_quote(document.id, "a state under pressure", color="pink", tags=["iran"])
        library.index.flush()
        window = MainWindow(library, remember_layout=False)
        window.resize(1440, 900)
        window.show()
        window.library_panel.select_document(document.id)
        window.search_panel.set_query('"air defense support"')
        window.side_tabs.setCurrentWidget(window.search_panel)
        _settle(800)
        hit = window.search_panel.model.hit_at(1) if window.search_panel.model.rowCount() > 1 else None
        if hit is not None:
            window.open_passage(hit.document_id, hit.start, hit.end)
        _settle(300)
        window.search_panel.concordance_button.click()  # the every-mention view, as a researcher uses it
        _settle(800)
        window.grab().save(output)
        window.close()
        library.close()
    application.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
