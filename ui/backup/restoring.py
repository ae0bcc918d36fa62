"""Restoring between two windows: the old window has closed, the new one opens on the restored library.

``restore_library`` runs on a worker while a progress dialog shows; a local event loop waits for it, so
the dialog paints and the GUI thread is never stuck in SQLite or zip code.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QMessageBox

from annotations.errors import LecternError
from app.backups import RestoreReport, restore_library
from ui.progress import uncancellable_progress
from ui.workers import run_in_background

log = logging.getLogger(__name__)


def restore_with_progress(data_dir: Path, archive: Path) -> RestoreReport | None:
    """Restore ``archive`` into ``data_dir``; on failure say why in a dialog (nothing changed) and return None."""
    progress = uncancellable_progress(None, f"Restoring the library from {archive.name}…", "Lectern", "restoreProgress")
    progress.setRange(0, 100)
    progress.show()
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def finished(result: object, error: BaseException | None) -> None:
        outcome.update(result=result, error=error)
        loop.quit()

    run_in_background(lambda report: restore_library(data_dir, archive, report), finished,
                      on_progress=lambda fraction: progress.setValue(round(fraction * 100)))  # fmt: skip
    if not outcome:
        loop.exec()
    progress.close()
    progress.deleteLater()
    error = outcome.get("error")
    if isinstance(error, BaseException):
        if not isinstance(error, LecternError):
            log.error("restoring %s failed", archive, exc_info=error)
        message = str(error) if isinstance(error, LecternError) else f"The restore failed: {error}. Nothing was changed."
        box = QMessageBox(QMessageBox.Icon.Warning, "Lectern", message, QMessageBox.StandardButton.Ok)
        box.setObjectName("restoreFailed")
        box.exec()
        return None
    result = outcome.get("result")
    return result if isinstance(result, RestoreReport) else None
