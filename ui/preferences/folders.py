"""A folder shown as selectable text with an "Open Folder" button, and the size of what a folder holds."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

OpenUrl = Callable[[QUrl], object]


class FolderRow(QWidget):
    """``path`` (selectable, so it can be copied) and a button that opens it in the file manager."""

    def __init__(self, path: Path, name: str, open_url: OpenUrl | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.open_url: OpenUrl = open_url or QDesktopServices.openUrl
        self.label = QLabel(str(path))
        self.label.setObjectName(f"{name}Path")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)  # fmt: skip
        self.label.setWordWrap(True)
        self.button = QPushButton("Open Folder")
        self.button.setObjectName(f"{name}Open")
        self.button.setToolTip(f"Show {path} in the file manager")
        self.button.clicked.connect(self.open)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def open(self) -> None:
        """Open the folder (made first if it does not exist yet, e.g. no backup so far)."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.open_url(QUrl.fromLocalFile(str(self.path)))


def size_on_disk(folder: Path) -> int:
    """Bytes in the files under ``folder`` (links not followed; files vanishing meanwhile skipped)."""
    total = 0
    for root, _folders, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total


def readable_size(size: int) -> str:
    amount = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1000 or unit == "GB":
            return f"{amount:.0f} {unit}" if unit == "bytes" else f"{amount:.1f} {unit}"
        amount /= 1000
    return f"{amount:.1f} TB"
