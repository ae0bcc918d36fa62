"""Where each article was left: stored when the reader leaves it, when the window closes, and a moment
after scrolling stops (so a crash loses little), and read back when the article is opened plainly.

The place is the character at the top of the reader (``ui.reader.scrolling``), so it survives another
window size or font. Storing is a write: it runs through ``Operations``, never on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from app import Library
from ui.operations import Operations
from ui.reader.view import ReaderView

SAVE_DELAY_MS = 2000  # after the last scroll


class PlaceKeeper(QObject):
    """Reads and stores the reading place of the article in ``reader``; stores only what moved."""

    def __init__(self, library: Library, operations: Operations, reader: ReaderView, parent: QObject) -> None:
        super().__init__(parent)
        self.library = library
        self.operations = operations
        self.reader = reader
        self._stored: tuple[int, int] | None = None  # (article, character) as the store has it now
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.store)
        reader.verticalScrollBar().valueChanged.connect(lambda _value: self._scrolled())

    def remembered(self, document_id: int) -> int | None:
        """The character the article was left at, or None when it was never read (one indexed row: a read)."""
        place = self.library.reading.get(document_id)
        self._stored = (document_id, place.position if place is not None else 0)
        return place.position if place is not None else None

    def store(self) -> None:
        """Remember the open article's place now, unless the store has it already."""
        self.timer.stop()
        document_id = self.reader.document_id
        if document_id is None:
            return
        position = self.reader.top_position()
        if self._stored == (document_id, position):
            return
        self._stored = (document_id, position)
        progress = self.progress()
        self.operations.run(
            lambda: self.library.reading.save(document_id, position, progress),
            failure=lambda message, _error: self.operations.events.status_message.emit(message),
            what="Remembering the reading place",
        )

    def progress(self) -> float:
        """How far down the article the reader is, 0 to 1 (a text that fits in the window is all in view)."""
        bar = self.reader.verticalScrollBar()
        return 1.0 if bar.maximum() <= 0 else bar.value() / bar.maximum()

    def _scrolled(self) -> None:
        if self.reader.document_id is not None and self.reader.isVisible():
            self.timer.start()  # restarted by each scroll: stored once the reader rests
