"""A team library without its server: a banner that says so, and reconnecting by itself.

Opened offline (``library.offline``: the server could not be reached, the desktop's copy opened
read-only), the window shows a banner above everything and tries the server every few seconds on a
worker; once a library opens online, the window switches to it (as File → Open Team Library… does).
Online, the live-sync listener (``app.team_listener``) reports a lost or regained connection: the status
bar says it, and the banner says that changes cannot be saved until the server is back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar

from app import Library
from app.team import server_answers
from ui.workers import run_in_background

RETRY_MS = 5000

OFFLINE_TEXT = (
    "Offline: the server cannot be reached. You are reading this computer's copy from the last sync;"
    " nothing can be changed until it is back. Reconnecting…"
)
LOST_TEXT = "The connection to the team library's server was lost: changes cannot be saved until it is back. Reconnecting…"


class OfflineBanner(QToolBar):
    """A fixed strip at the top of the window with one sentence (hidden while connected)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__("Connection", window)
        self.setObjectName("offlineBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar the user hides from a menu
        self.label = QLabel(self)
        self.label.setObjectName("offlineText")
        # one line: a toolbar gives a wrapped label far more height than its text needs
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.addWidget(self.label)
        window.addToolBar(self)
        self.hide()

    def say(self, text: str) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)  # whole, where a narrow window cuts the line
        self.label.setAccessibleName(text)
        self.setVisible(bool(text))


class ConnectionWatch(QObject):
    """Keeps the banner and the status bar true to the server's state, and reopens online when it can."""

    connection_changed = Signal(bool)  # from the listener's thread, delivered on the GUI thread

    def __init__(
        self,
        library: Library,
        window: QMainWindow,
        set_status: Callable[[bool, str], None],
        reopen: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.library = library
        self.banner = OfflineBanner(window)
        self._set_status = set_status
        self._reopen = reopen
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._trying = False
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self.try_online)
        self.connection_changed.connect(self._show_connection)
        if library.offline:
            self.banner.say(OFFLINE_TEXT)
            set_status(False, "read-only: this computer's copy; reconnecting by itself")
            self.timer.start()
        elif library.team_listener is not None:
            library.team_listener.on_connection(self.connection_changed.emit)

    def _show_connection(self, connected: bool) -> None:
        self.banner.say("" if connected else LOST_TEXT)
        self._set_status(connected, "" if connected else "the server cannot be reached; reconnecting by itself")

    def try_online(self) -> None:
        """Ask the server on a worker; once it answers, the window reopens the team library online."""
        if self._trying or self.library.team is None:
            return
        self._trying = True
        url = self.library.team

        def done(answers: bool | None, error: BaseException | None) -> None:
            self._trying = False
            if answers and error is None and self.timer.isActive():
                self.timer.stop()
                self._reopen()

        run_in_background(lambda: server_answers(url), done, pool=self._pool)
