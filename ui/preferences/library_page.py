"""Preferences → Library (the data folder and its size) and Preferences → Backups (automatic backups).

The backup settings are the library's own (``annotations.store_settings``): read when the page opens,
written through ``Operations`` (off the GUI thread) after each change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from annotations.backup_archive import backups_folder
from annotations.paths import database_path, index_path
from annotations.store_settings import BackupPolicy
from app import Library
from ui.operations import Operations
from ui.preferences.folders import FolderRow, OpenUrl, readable_size, size_on_disk


class LibraryPage(QWidget):
    def __init__(self, library: Library, open_url: OpenUrl | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder_row = FolderRow(library.data_dir, "dataFolder", open_url)
        self.size_label = QLabel(_sizes(library))
        self.size_label.setObjectName("librarySize")
        self.size_label.setWordWrap(True)
        intro = QLabel("Your articles, highlights, tags and searches are kept in this folder. "
                       "Start Lectern with --data-dir to use another one.")  # fmt: skip
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Data folder:", self.folder_row)
        form.addRow("Size on disk:", self.size_label)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)


def _sizes(library: Library) -> str:
    """The folder's total, and its three parts worth knowing about."""
    data_dir = library.data_dir
    database = database_path(data_dir)
    database_size = sum(path.stat().st_size for path in (database, Path(f"{database}-wal")) if path.exists())
    parts = [f"database {readable_size(database_size)}",
             f"search index {readable_size(size_on_disk(index_path(data_dir)))}",
             f"backups {readable_size(size_on_disk(backups_folder(data_dir)))}"]  # fmt: skip
    return f"{readable_size(size_on_disk(data_dir))} ({', '.join(parts)})"


class BackupsPage(QWidget):
    def __init__(
        self, library: Library, operations: Operations, open_url: OpenUrl | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library, self.operations = library, operations
        self.automatic_check = QCheckBox("Back up &automatically (daily and on quit)")
        self.automatic_check.setObjectName("automaticBackups")
        self.daily_spin = _count_spin("keepDaily", 1, 366, "Daily backups to keep")
        self.weekly_spin = _count_spin("keepWeekly", 0, 520, "Weekly backups to keep")
        self.monthly_spin = _count_spin("keepMonthly", 0, 1200, "Monthly backups to keep")
        self.folder_row = FolderRow(backups_folder(library.data_dir), "backupsFolder", open_url)
        explain = QLabel(
            "A backup is made when something changed: once a day while Lectern is open, and when you quit. "
            "Lectern keeps the newest backup of each of the last days, weeks and months below; older ones are "
            "deleted after the next backup. The backup made before each upgrade of the library is always made "
            "and kept apart."
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Keep &daily:", self.daily_spin)
        form.addRow("Keep &weekly:", self.weekly_spin)
        form.addRow("Keep &monthly:", self.monthly_spin)
        form.addRow("Backups folder:", self.folder_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.automatic_check)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addStretch(1)
        self.load()
        self.automatic_check.toggled.connect(self._save)
        for spin in (self.daily_spin, self.weekly_spin, self.monthly_spin):
            spin.valueChanged.connect(self._save)

    def load(self) -> None:
        """Show the settings the library holds now (another process, the CLI, may have changed them)."""
        policy = self.library.backups.policy()
        controls = (self.automatic_check, self.daily_spin, self.weekly_spin, self.monthly_spin)
        for control in controls:
            control.blockSignals(True)
        self.automatic_check.setChecked(policy.automatic)
        self.daily_spin.setValue(policy.daily)
        self.weekly_spin.setValue(policy.weekly)
        self.monthly_spin.setValue(policy.monthly)
        for control in controls:
            control.blockSignals(False)
        self._show_enabled()

    def policy(self) -> BackupPolicy:
        return BackupPolicy(self.automatic_check.isChecked(), self.daily_spin.value(), self.weekly_spin.value(),
                            self.monthly_spin.value())  # fmt: skip

    def _save(self) -> None:
        self._show_enabled()
        policy, backups = self.policy(), self.library.backups
        self.operations.run(lambda: backups.set_policy(policy), what="Saving the backup settings")

    def _show_enabled(self) -> None:
        for spin in (self.daily_spin, self.weekly_spin, self.monthly_spin):
            spin.setEnabled(self.automatic_check.isChecked())


def _count_spin(name: str, low: int, high: int, accessible: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setAccessibleName(accessible)
    spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0000") * 3)  # a count, not a text field
    return spin
