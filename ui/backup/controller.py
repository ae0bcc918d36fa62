"""File → Back Up Library… and File → Restore from Backup…, and the daily automatic backup while the window runs.

Both run on a worker (``Operations``, long lane) so the GUI thread never waits on the disk. A restore
replaces the whole database, so the window only checks the file and asks; then it records the choice
in ``restore_path`` and closes, and ``ui.app.run_gui`` restores and opens a new window on the result.
The file dialogs are reached through ``choose_target`` and ``choose_backup`` so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from annotations.backup_archive import SUFFIX, Manifest, read_manifest
from app import Library
from app.backups import DAILY_INTERVAL, BackupReport, automatic_backup
from ui.backup.dialogs import counts_text, restore_question
from ui.operations import Operations
from ui.progress import uncancellable_progress

DAILY_CHECK_MS = 60 * 60 * 1000  # hourly: is the newest automatic backup a day old, and has anything changed?
FILTER = f"Lectern backups (*{SUFFIX});;All files (*)"


class BackupController(QObject):
    def __init__(self, library: Library, operations: Operations, window: QMainWindow) -> None:
        super().__init__(window)
        self.library, self.operations, self.window = library, operations, window
        self.restore_path: Path | None = None  # set when the user chose a backup to restore; the window then closes
        self.running = False
        self.backup_action = QAction("&Back Up Library…", window)
        self.backup_action.triggered.connect(self.ask_backup)
        self.restore_action = QAction("&Restore from Backup…", window)
        self.restore_action.triggered.connect(self.ask_restore)
        self.choose_target: Callable[[], Path | None] = self._ask_target
        self.choose_backup: Callable[[], Path | None] = self._ask_backup
        self.daily = QTimer(self)
        self.daily.setInterval(DAILY_CHECK_MS)
        self.daily.timeout.connect(self.back_up_daily)
        self.daily.start()

    # -- File → Back Up Library… -----------------------------------------------------------------
    def ask_backup(self) -> None:
        target = self.choose_target()
        if target is not None:
            self.back_up_to(target)

    def back_up_to(self, target: Path) -> None:
        progress = uncancellable_progress(self.window, f"Backing up the library to {target.name}…", "Back Up Library",
                                          "backupProgress")  # fmt: skip
        progress.setRange(0, 100)
        self.running = True

        def finished() -> None:
            self.running = False
            progress.close()
            progress.deleteLater()

        def done(report: BackupReport) -> None:
            finished()
            self.window.statusBar().showMessage(f"Backed up {counts_text(report.manifest)} to {report.path}", 15000)

        def failed(message: str, error: BaseException) -> None:
            finished()
            self._warn("The backup failed", message)

        self.operations.run(
            lambda report: self.library.backups.create(target, report),
            progress=lambda fraction: progress.setValue(round(fraction * 100)),
            success=done, failure=failed, what="The backup", long=True,
        )  # fmt: skip

    # -- File → Restore from Backup… -------------------------------------------------------------
    def ask_restore(self) -> None:
        chosen = self.choose_backup()
        if chosen is not None:
            self.restore_from(chosen)

    def restore_from(self, path: Path) -> None:
        """Check the file's shape and manifest on a worker, ask, then close the window for the restore."""

        def ask(manifest: Manifest) -> None:
            box = restore_question(self.window, path, manifest)
            box.finished.connect(lambda _: self._answered(box, path))
            box.open()

        self.operations.run(
            lambda: read_manifest(path),
            success=ask,
            failure=lambda message, error: self._warn("This file cannot be restored", message),
            what="Reading the backup", long=True,
        )  # fmt: skip

    def _answered(self, box: QMessageBox, path: Path) -> None:
        if box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole:
            self.restore_path = path
            self.window.close()

    # -- the daily automatic backup ----------------------------------------------------------------
    def back_up_daily(self) -> None:
        """At most daily, and only when something changed since the newest automatic backup."""
        if self.running:
            return
        self.running = True

        def done(made: object) -> None:
            self.running = False
            if made is not None:
                self.window.statusBar().showMessage("Made the daily backup of the library", 8000)

        def failed(message: str, error: BaseException) -> None:
            self.running = False
            self.window.statusBar().showMessage(f"The daily backup failed: {message}", 15000)

        data_dir = self.library.data_dir
        self.operations.run(lambda: automatic_backup(data_dir, "daily", interval=DAILY_INTERVAL),
                            success=done, failure=failed, long=True)  # fmt: skip

    # -- helpers -----------------------------------------------------------------------------------
    def _warn(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("backupProblem")
        box.open()

    def _ask_target(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, "Back Up Library", str(Path.home() / f"Lectern{SUFFIX}"),
                                              FILTER)  # fmt: skip
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_name(path.name + SUFFIX)

    def _ask_backup(self) -> Path | None:
        folder = self.library.data_dir / "backups"
        start = str(folder if folder.is_dir() else Path.home())
        name, _ = QFileDialog.getOpenFileName(self.window, "Restore from Backup", start, FILTER)
        return Path(name) if name else None
