"""The progress dialog of a long operation that cannot stop half way (it writes everything or nothing)."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressDialog, QWidget


def uncancellable_progress(parent: QWidget, text: str, title: str, name: str) -> QProgressDialog:
    """A busy dialog without Cancel, shown only if the work takes more than 0.4 s."""
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setObjectName(name)
    progress.setWindowTitle(title)
    progress.setCancelButton(None)  # type: ignore[arg-type]
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setMinimumWidth(360)
    return progress
