"""Edit → Preferences… (Ctrl+,): Reading, Library and Backups, as tabs of one window.

Settings apply as soon as they change (the calm desktop convention: no OK or Apply); Close closes,
Restore Defaults puts the reading settings back. One dialog at a time, not modal: the reader stays
usable beside it, so a change can be judged on the article itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from app import Library
from ui.operations import Operations
from ui.preferences.folders import OpenUrl
from ui.preferences.library_page import BackupsPage, LibraryPage
from ui.preferences.reading_page import ReadingPage
from ui.reading_settings import ReadingSettings


class PreferencesDialog(QDialog):
    def __init__(
        self,
        settings: ReadingSettings,
        library: Library,
        operations: Operations,
        parent: QWidget | None = None,
        open_url: OpenUrl | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.reading_page = ReadingPage(settings)
        self.library_page = LibraryPage(library, open_url)
        self.backups_page = BackupsPage(library, operations, open_url)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("preferencesTabs")
        self.tabs.addTab(self.reading_page, "Reading")
        self.tabs.addTab(self.library_page, "Library")
        self.tabs.addTab(self.backups_page, "Backups")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)  # fmt: skip
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.setToolTip("Put the theme, font, size, line width and spacing back as they were at first")
        self.restore_button.clicked.connect(self.reading_page.restore_defaults)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.tabs.currentChanged.connect(lambda index: self.restore_button.setVisible(index == 0))

    def sizeHint(self) -> QSize:
        return QSize(560, 520)


class PreferencesController(QObject):
    """The Preferences action and the one dialog it shows (made on first use, kept while the window lives)."""

    def __init__(self, window: QMainWindow, settings: ReadingSettings, library: Library,
                 operations: Operations) -> None:  # fmt: skip
        super().__init__(window)
        self.window, self.settings, self.library, self.operations = window, settings, library, operations
        self.dialog: PreferencesDialog | None = None
        self.open_url: OpenUrl | None = None  # None: the desktop's file manager
        self.action = QAction("&Preferences…", window)
        self.action.setObjectName("preferencesAction")
        shortcuts = [key for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) if not key.isEmpty()]
        if QKeySequence("Ctrl+,") not in shortcuts:
            shortcuts.append(QKeySequence("Ctrl+,"))  # StandardKey.Preferences is empty on Linux and Windows
        self.action.setShortcuts(shortcuts)
        self.action.setToolTip(f"Preferences ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})")
        self.action.triggered.connect(self.show)

    def show(self) -> PreferencesDialog:
        if self.dialog is None:
            self.dialog = PreferencesDialog(self.settings, self.library, self.operations, self.window, self.open_url)
        elif not self.dialog.isVisible():
            self.dialog.backups_page.load()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog
