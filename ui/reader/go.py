"""Go → Back / Forward: the actions (Alt+Left / Alt+Right), their menu and the mouse's back and forward
buttons, over a ``NavigationHistory``.

The mouse buttons are caught by an application-wide event filter, limited to this window's widgets,
so they work over the reader, the lists and the panels alike.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from ui.reader.navigation import NavigationHistory, Place

_NOT_NAVIGATION = ("Backspace", "Shift+Backspace")  # standard on some platforms, but they edit text


def navigation_keys(standard: QKeySequence.StandardKey, alt_arrow: str) -> list[QKeySequence]:
    """The platform's Back/Forward keys without Backspace, with Alt+arrow first (not on macOS, where it
    moves by words)."""
    keys = [key for key in QKeySequence.keyBindings(standard) if key.toString() not in _NOT_NAVIGATION]
    if sys.platform != "darwin" and QKeySequence(alt_arrow) not in keys:
        keys.insert(0, QKeySequence(alt_arrow))
    return keys


class GoActions(QObject):
    """Back and Forward through the places left by jumps; ``push(place)`` records one."""

    def __init__(self, window: QWidget, current: Callable[[], Place | None], go_to: Callable[[Place], bool]) -> None:
        super().__init__(window)
        self.window = window
        self.history = NavigationHistory()
        self._current = current
        self._go_to = go_to
        self.back_action = self._make(
            "&Back", "back", navigation_keys(QKeySequence.StandardKey.Back, "Alt+Left"),
            "Go back to where you were reading before the last jump", self.back,
        )  # fmt: skip
        self.forward_action = self._make(
            "&Forward", "forward", navigation_keys(QKeySequence.StandardKey.Forward, "Alt+Right"),
            "Go forward again to where you went back from", self.forward,
        )  # fmt: skip
        QApplication.instance().installEventFilter(self)
        self.update_actions()

    def _make(self, text: str, way: str, keys: list[QKeySequence], tip: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(f"go{way.capitalize()}Action")
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{tip} ({shown + ', or ' if shown else ''}the mouse's {way} button)")
        action.triggered.connect(slot)
        self.window.addAction(action)  # works wherever the focus is, the reader included
        return action

    def menu(self) -> QMenu:
        """The Go menu, for the menu bar."""
        menu = QMenu("&Go", self.window)
        menu.setToolTipsVisible(True)
        menu.addActions([self.back_action, self.forward_action])
        return menu

    def push(self, left: Place | None) -> None:
        """A jump left ``left`` (nothing when no article was open)."""
        if left is not None:
            self.history.push(left)
            self.update_actions()

    def back(self) -> bool:
        return self._step(self.history.back)

    def forward(self) -> bool:
        return self._step(self.history.forward)

    def forget(self, document_id: int) -> None:
        self.history.forget(document_id)
        self.update_actions()

    def update_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back)
        self.forward_action.setEnabled(self.history.can_go_forward)

    def _step(self, step: Callable[[Place | None], Place | None]) -> bool:
        place = step(self._current())
        while place is not None and not self._go_to(place):  # its article was deleted: on to the next place
            self.history.forget(place.document_id)
            place = step(None)
        self.update_actions()
        return place is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The mouse's back and forward buttons, anywhere in this window."""
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick) and isinstance(
            watched, QWidget
        ):
            button = event.button() if isinstance(event, QMouseEvent) else None
            if button in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton) and watched.window() is self.window:
                if button == Qt.MouseButton.BackButton:
                    self.back()
                else:
                    self.forward()
                return True
        return False
