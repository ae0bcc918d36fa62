"""Starting the GUI: one QApplication, one instance per data folder, samples on first start."""

from __future__ import annotations

import gc
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile
from PySide6.QtWidgets import QApplication, QMessageBox

from annotations.errors import LecternError
from annotations.paths import resolve_data_dir
from app import Library
from ui.main_window import MainWindow
from ui.theme import RESOURCES, stylesheet

SAMPLES_DIR = RESOURCES / "samples"
LOCK_NAME = "lectern.lock"
GIL_SWITCH_SECONDS = 0.002


def keep_gui_thread_responsive() -> None:
    """The window shares the interpreter with the index writer and the search worker.

    - Background threads hand the GIL back after 2 ms instead of Python's 5 ms, so an event waiting on
      the GUI thread runs sooner while the writer merges segments.
    - Everything alive once the window is up (Qt wrappers, caches, modules) is frozen out of the cyclic
      garbage collector, whose full passes otherwise scan it all on whichever thread allocates: 20+ ms.
    """
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    gc.collect()
    gc.freeze()


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("Lectern")
    QCoreApplication.setApplicationName("Lectern")
    application = QApplication(argv if argv is not None else sys.argv[:1])
    application.setStyle("Fusion")
    application.setStyleSheet(stylesheet())
    return application


def open_window(library: Library, *, load_samples: bool = True) -> MainWindow:
    """The main window over ``library``; an empty library gets the bundled sample articles."""
    window = MainWindow(library)
    if load_samples and library.documents.is_empty() and SAMPLES_DIR.is_dir():
        window.import_paths([SAMPLES_DIR], announce=False)
    return window


def run_gui(data_dir: str | None = None) -> int:
    application = create_application()
    try:
        folder = resolve_data_dir(data_dir)
    except OSError as error:
        QMessageBox.critical(None, "Lectern", f"Cannot use the data folder: {error}")
        return 1
    lock = QLockFile(str(folder / LOCK_NAME))
    lock.setStaleLockTime(0)
    if not lock.tryLock(200):
        QMessageBox.warning(
            None, "Lectern", f"Lectern is already running with the library in\n{folder}\n\nSwitch to that window."
        )
        return 1
    try:
        library = Library(Path(folder), background=True)
    except (LecternError, sqlite3.DatabaseError) as error:  # a newer library, an unsuitable Whoosh, not a database
        lock.unlock()
        QMessageBox.critical(None, "Lectern", f"Cannot open the library in\n{folder}\n\n{error}")
        return 1
    try:
        window = open_window(library)
        window.show()
        keep_gui_thread_responsive()
        return application.exec()
    finally:
        library.close()
        lock.unlock()
