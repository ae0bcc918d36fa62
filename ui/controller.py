"""What every controller has: the library it reads, the helper it writes through, and a way to say things."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app import Library
from ui.events import AppEvents
from ui.operations import Operations


class Controller(QObject):
    """Turns a component's intent signals into app operations run through ``operations``."""

    def __init__(self, library: Library, operations: Operations, parent: QObject) -> None:
        super().__init__(parent)
        self.library = library
        self.operations = operations
        self.events: AppEvents = operations.events

    def say(self, text: str) -> None:
        """A short message in the status bar."""
        self.events.status_message.emit(text)
