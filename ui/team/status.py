"""The status bar's "Team library · connected" part: which library is open and whether its server answers.

Whoever learns that the server went away or came back (the listener, the offline mode) calls
``set_connection``; this only shows it, with the details in the tooltip.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.team.address import TeamAddress


def connection_text(connected: bool) -> str:
    return f"Team library · {'connected' if connected else 'offline'}"


class TeamStatus(QLabel):
    """One permanent status-bar label for a team library."""

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.address = TeamAddress.from_url(url)
        self.setObjectName("teamState")
        self.setContentsMargins(10, 0, 10, 0)  # as the other facts beside it
        self.connected = True
        self.set_connection(True)

    def set_connection(self, connected: bool, message: str = "") -> None:
        """Say whether the server answers; ``message`` (one line) says why not, or what happens next."""
        self.connected = connected
        self.setText(connection_text(connected))
        where = f"Team library {self.address.name}, signed in as {self.address.user or 'you'}"
        state = message or ("connected" if connected else "the server cannot be reached")
        self.setToolTip(f"{where}: {state}")
        self.setAccessibleName(self.toolTip())
        self.setProperty("offline", not connected)
        self.style().unpolish(self)  # the property picks the stylesheet's offline colour
        self.style().polish(self)
