"""Starting the GUI: one QApplication, one instance per data folder, samples on first start."""

from __future__ import annotations

import gc
import logging
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from annotations.backup_archive import read_manifest
from annotations.errors import LecternError
from annotations.integrity import LibraryDamaged, resolve_damage
from annotations.paths import resolve_data_dir
from app import Library
from app.backups import automatic_backup
from app.instance_lock import InstanceLock
from app.startup import damage_from
from ui.backup.dialogs import DamageChoice, damaged_offer
from ui.backup.restoring import restore_with_progress
from ui.main_window import MainWindow
from ui.reading_settings import ReadingSettings
from ui.team.address import team_name
from ui.team.controller import Switch
from ui.theme import RESOURCES
from ui.themes import apply_theme, resolve

SAMPLES_DIR = RESOURCES / "samples"
GIL_SWITCH_SECONDS = 0.002
log = logging.getLogger(__name__)


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
    apply_theme(application, resolve(ReadingSettings().prefs.theme))  # the saved theme from the first paint
    return application


def open_window(library: Library, *, load_samples: bool = True) -> MainWindow:
    """The main window over ``library``; an empty library of one's own gets the bundled sample articles (a
    team's library is the team's: nothing is put in it unasked)."""
    window = MainWindow(library)
    if load_samples and library.team is None and library.documents.is_empty() and SAMPLES_DIR.is_dir():
        window.import_paths([SAMPLES_DIR], announce=False)
    return window


def run_gui(data_dir: str | None = None, team: str | None = None) -> int:
    """The window's life: one per data folder; a damaged library offers its newest backup; File → Restore
    closes the window, restores, and opens a new one; File → Open Team Library… (or ``team``, a
    ``postgresql://`` URL: ``--library``) and Open My Library switch windows the same way; quitting makes
    the automatic backup afterwards."""
    application = create_application()
    try:
        folder = resolve_data_dir(data_dir)
    except OSError as error:
        QMessageBox.critical(None, "Lectern", f"Cannot use the data folder: {error}")
        return 1
    lock = InstanceLock(folder)
    try:
        acquired = lock.acquire()
    except OSError as error:
        QMessageBox.critical(None, "Lectern", f"Cannot use the data folder {folder}: {error.strerror or error}")
        return 1
    if not acquired:
        QMessageBox.warning(
            None, "Lectern", f"Lectern is already running with the library in\n{folder}\n\nSwitch to that window."
        )
        return 1
    code = 1
    try:
        code = _windows(application, folder, team)
    finally:
        lock.release()
    if code == 0:
        back_up_after_quit(folder)
    return code


def _windows(application: QApplication, folder: Path, team: str | None = None) -> int:
    """Open a window on the library until the user quits; between windows, restore what they asked for, or
    switch to the library they chose (a team library comes already opened by the window's dialog)."""
    restore: Path | None = None
    opened: Library | None = None
    while True:
        if restore is not None:
            restore_with_progress(folder, restore)  # on failure it says so, and the library is as it was
            restore = None
        try:
            library = opened or Library(folder, background=True, team=team)
            opened = None
        except (LecternError, sqlite3.DatabaseError) as error:  # damaged; or a newer library, an unsuitable Whoosh
            damage = damage_from(folder, error) if team is None else None  # a damaged file is kept aside by now
            if damage is None:
                where = f"the team library {team_name(team)}" if team else f"the library in\n{folder}"
                QMessageBox.critical(None, "Lectern", f"Cannot open {where}\n\n{error}")
                return 1
            choice = offer_backup(damage)
            if choice is DamageChoice.QUIT:
                return 1
            if choice is DamageChoice.RESTORE and damage.backup is not None:
                restore = damage.backup
            else:
                resolve_damage(folder)
            continue
        window: MainWindow | None = None
        switch: Switch | None = None
        try:
            window = open_window(library)
            window.show()
            keep_gui_thread_responsive()
            code = application.exec()
            restore = window.backup.restore_path
            switch = window.team.switch
            if switch is not None:  # File → Open Team Library… / Open My Library
                opened, team = switch.library, switch.library.team if switch.library is not None else switch.team
        finally:
            gc.unfreeze()
            library.close()
            if window is not None:
                window.deleteLater()  # with its worker pools, before a window on the restored library opens
        if restore is None and switch is None:
            return code


def offer_backup(damage: LibraryDamaged) -> DamageChoice:
    """Ask what to do about a damaged library: restore its newest backup, or quit."""
    manifest = None
    if damage.backup is not None:
        try:
            manifest = read_manifest(damage.backup)
        except LecternError:
            manifest = None
    box, choices = damaged_offer(damage, manifest)
    box.exec()
    return choices.get(box.clickedButton(), DamageChoice.QUIT)


def back_up_after_quit(folder: Path) -> None:
    """The automatic backup on quit, once the window is gone and the lock released (seconds for a big
    library: a new window may already start meanwhile; SQLite's backup reads one consistent snapshot)."""
    try:
        automatic_backup(folder, "quit")
    except (LecternError, OSError, sqlite3.Error) as error:
        log.warning("the automatic backup on quit failed: %s", error)
