"""File → Open Team Library…: the server, port, database and member name.

The password is found the way PostgreSQL's own tools find it (``~/.pgpass``, a service file) or in the
system keyring. Only when the server refuses (none was found, or a wrong one) does the dialog ask for it,
with "Remember it in the system keyring"; Lectern's own files never hold it. Opening takes a moment (a server across
the network, the local index catching up), so the dialog only asks: ``open_requested(address)``; the
controller opens on a worker and answers with ``set_busy``, ``show_error`` or by accepting the dialog.
"""

from __future__ import annotations

import getpass
import importlib.util

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.plain_text import plain_label
from ui.team.address import DEFAULT_PORT, TeamAddress


def keyring_available() -> bool:
    """Whether the connection code can ask the system keyring (the ``keyring`` package is installed)."""
    return importlib.util.find_spec("keyring") is not None


def password_hint(keyring: bool) -> str:
    """Where the password comes from, in the user's words."""
    where = "your ~/.pgpass file, a PostgreSQL service file or the system keyring" if keyring else (
        "your ~/.pgpass file or a PostgreSQL service file")  # fmt: skip
    return f"Lectern never asks for nor stores your password: it is read from {where}."


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this account
        return ""


class OpenTeamDialog(QDialog):
    """Asks where the team library is; ``open_requested(TeamAddress)`` when the user presses Open."""

    open_requested = Signal(object)

    def __init__(self, address: TeamAddress | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openTeamLibrary")
        self.setWindowTitle("Open Team Library")
        self.setMinimumWidth(460)
        intro = QLabel("A team library lives on a PostgreSQL server; each member signs in with their own name.")
        intro.setWordWrap(True)
        self.host_edit = QLineEdit(address.host if address else "")
        self.host_edit.setPlaceholderText("db.example.org")
        self.port_box = QSpinBox()
        self.port_box.setRange(1, 65535)
        self.port_box.setValue(address.port if address else DEFAULT_PORT)
        self.port_box.setMaximumWidth(110)  # five digits, not a line as wide as the host's
        self.database_edit = QLineEdit(address.database if address else "")
        self.database_edit.setPlaceholderText("research")
        self.user_edit = QLineEdit(address.user if address else current_user())
        hint = QLabel(password_hint(keyring_available()))
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Server", self.host_edit)
        form.addRow("&Port", self.port_box)
        form.addRow("&Database", self.database_edit)
        form.addRow("&User", self.user_edit)
        form.addRow("Password", hint)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Password")
        self.remember_box = QCheckBox("Remember it in the system keyring")
        self.remember_box.setChecked(keyring_available())
        self.remember_box.setVisible(keyring_available())
        form.addRow("Pass&word", self.password_edit)
        form.addRow("", self.remember_box)
        self._form = form
        self._hint = hint
        self._show_password_row(False)
        self.busy_label = QLabel("Connecting…")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no measure of how long a server takes: a busy bar
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(8)
        self.error_label = plain_label(QLabel())
        self.error_label.setObjectName("fieldError")  # the theme's error colour
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self._on_open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.set_busy(False)
        self.show_error("")
        (self.database_edit if self.host_edit.text() else self.host_edit).setFocus()

    def address(self) -> TeamAddress:
        return TeamAddress(
            host=self.host_edit.text().strip(),
            port=self.port_box.value(),
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
        )

    def password(self) -> str:
        """The password typed after the server asked for one ("" otherwise)."""
        return self.password_edit.text() if self.password_edit.isVisible() else ""

    def remember_password(self) -> bool:
        return bool(self.password()) and self.remember_box.isVisible() and self.remember_box.isChecked()

    def ask_password(self, message: str) -> None:
        """The server refused: show why, and a password field (with the keyring box) to try again."""
        self._show_password_row(True)
        self.show_error(message)
        self.password_edit.setFocus()
        self.password_edit.selectAll()

    def _show_password_row(self, shown: bool) -> None:
        self._form.setRowVisible(self.password_edit, shown)
        self._form.setRowVisible(self.remember_box, shown and keyring_available())
        self._form.setRowVisible(self._hint, not shown)

    def set_busy(self, busy: bool) -> None:
        """While connecting: the fields and Open wait, a busy bar runs; Cancel still works."""
        for widget in (self.host_edit, self.port_box, self.database_edit, self.user_edit, self.open_button,
                       self.password_edit, self.remember_box):  # fmt: skip
            widget.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        if busy:
            self.show_error("")

    def show_error(self, text: str) -> None:
        """One line saying why the library did not open (the fields stay as typed, to correct them)."""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _on_open(self) -> None:
        address = self.address()
        if address.missing():
            self.show_error(address.missing())
            return
        self.set_busy(True)
        self.open_requested.emit(address)
