"""Distraction-free reading (F11): the article alone, full screen, its column centred by the reader.

Entering hides the library and the side tabs and goes full screen; the menu bar stays, so every command
is still in reach. Leaving (F11 again, View → Distraction-Free Reading, or Escape in the reader) puts
back exactly what was there: the pane sizes and whether the window was maximised, normal or full screen.
The window also leaves before it saves its layout on closing, so a restart never starts with hidden panes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QMargins, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from ui.reader.view import READING_WIDTH, ReaderView

SHORTCUT = QKeySequence(Qt.Key.Key_F11)
RESIZE_WAIT_MS = 300  # how long the panes wait for the window to leave full screen
PAGE_MARGIN = 32  # px of page either side of the text column: the title and the highlight bar line up with the text


@dataclass(frozen=True)
class Layout:
    """What entering changed, to put back on leaving."""

    splitter: QByteArray
    state: Qt.WindowState
    margins: QMargins


class DistractionFree(QObject):
    """Owns ``action`` (checkable, F11) and ``leave_action`` (Escape while the reader has the focus)."""

    def __init__(
        self, window: QMainWindow, splitter: QSplitter, side_panes: list[QWidget], reader: ReaderView
    ) -> None:
        super().__init__(window)
        self.window = window
        self.reader = reader
        self.splitter = splitter
        self.side_panes = side_panes
        self._saved: Layout | None = None  # while on: what to put back
        self._leaving: Layout | None = None  # left, the panes waiting for the window's own size
        self._place: int | None = None  # the reading place at the switch, kept through the new widths
        self._kept_top: int | None = None  # the top line's start once the place was kept (unscrolled since)
        self.action = QAction("&Distraction-Free Reading", window, checkable=True)
        self.action.setShortcut(SHORTCUT)
        self.action.setToolTip("Only the article, full screen; again to bring the panes back")
        self.action.toggled.connect(self._toggled)
        # Escape leaves only from the reader itself: in an editor or the find bar it keeps its own meaning.
        self.leave_action = QAction("Leave Distraction-Free Reading", reader)
        self.leave_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.leave_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.leave_action.setEnabled(False)
        self.leave_action.triggered.connect(lambda: self.action.setChecked(False))
        reader.addAction(self.leave_action)

    @property
    def active(self) -> bool:
        return self._saved is not None

    def leave(self) -> None:
        """Put the layout back at once (the window is closing and saves it next)."""
        self.action.setChecked(False)
        self._show_panes()

    def _toggled(self, on: bool) -> None:
        if on and self._saved is None:
            self._enter()
        elif not on and self._saved is not None:
            self._leave()

    def _enter(self) -> None:
        self._show_panes()  # a leave still waiting for its resize
        self._saved = Layout(self.splitter.saveState(), self.window.windowState(), self.splitter.contentsMargins())
        self._place = self._reading_place()
        for pane in self.side_panes:
            pane.hide()
        self.window.installEventFilter(self)
        self.window.setWindowState(self._saved.state | Qt.WindowState.WindowFullScreen)
        if self.window.size() == self.window.screen().geometry().size():  # full screen already: no resize comes
            self._centre_page()
        self.leave_action.setEnabled(True)

    def _leave(self) -> None:
        saved, self._saved = self._saved, None
        assert saved is not None
        self.leave_action.setEnabled(False)
        if self._reading_place() != self._kept_top:  # scrolled while full screen: that is the place now
            self._place = self._reading_place()
        self.splitter.setContentsMargins(saved.margins)
        self._leaving = saved
        self.window.setWindowState(saved.state)
        # The panes come back with the window's own size: shown in the full-screen width they would squeeze
        # the reader to a sliver for a moment (a long article laid out again, its place lost).
        if self.window.size() != self.window.screen().geometry().size():
            self._show_panes()
        else:
            QTimer.singleShot(RESIZE_WAIT_MS, self._show_panes)  # if the resize never comes

    def _show_panes(self) -> None:
        saved, self._leaving = self._leaving, None
        if saved is None:
            return
        self.window.removeEventFilter(self)
        for pane in self.side_panes:
            pane.show()
        self.splitter.restoreState(saved.splitter)
        self._keep_place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            # Full screen (and back) arrives as a resize, often later: the margins and the panes follow it,
            # since applied to the old size they would squeeze the reader.
            if self._leaving is not None:
                QTimer.singleShot(0, self._show_panes)  # once the window has taken its size
            elif self._saved is not None:
                self._centre_page()
        return False

    def _centre_page(self) -> None:
        """The reader pane as a page in the middle of a wide screen: the title, the highlight bar and the
        text share one column instead of the title sitting at the screen's left edge."""
        column = getattr(self.reader, "reading_width", READING_WIDTH) + 2 * PAGE_MARGIN
        column += self.reader.verticalScrollBar().sizeHint().width()
        side = max(0, (self.window.width() - column) // 2)
        self.splitter.setContentsMargins(side, 0, side, 0)
        self._keep_place()

    def _reading_place(self) -> int | None:
        return self.reader.top_position() if self.reader.document_id is not None else None

    def _keep_place(self) -> None:
        """The line read before the switch at the top again, once the new width has been laid out (each
        resize keeps the top line's start, which drifts up a line when lines break differently)."""
        place, document_id = self._place, self.reader.document_id
        if place is not None:
            QTimer.singleShot(0, lambda: self._scroll_back(document_id, place))

    def _scroll_back(self, document_id: int | None, place: int) -> None:
        if self.reader.document_id == document_id and document_id is not None:
            self.reader.scroll_to_position(place)
            self._kept_top = self.reader.top_position()
