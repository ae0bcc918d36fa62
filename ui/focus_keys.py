"""Keys that move the keyboard between the window's three panes: the library, the article, the side tabs.

Ctrl+K already jumps to the search box; Ctrl+L goes to the article list, and F6 / Shift+F6 step
from pane to pane, as in browsers and mail readers. Inside the side tabs Ctrl+Tab changes tab (Qt's
own). Digits are left alone: 1–5 highlight in the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

LIBRARY_KEY, NEXT_PANE_KEY, PREVIOUS_PANE_KEY = "Ctrl+L", "F6", "Shift+F6"


def first_focusable(container: QWidget) -> QWidget | None:
    """The first widget inside ``container`` that Tab would stop at, in the focus chain's order."""
    widget = container.nextInFocusChain()
    while widget is not None and widget is not container:
        if (
            container.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


class FocusKeys(QObject):
    """View → Go to Library, Next Pane, Previous Pane."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.library_action = self._action("Go to &Library", LIBRARY_KEY, self.focus_library)
        self.next_action = self._action("&Next Pane", NEXT_PANE_KEY, lambda: self.step(1))
        self.previous_action = self._action("Pre&vious Pane", PREVIOUS_PANE_KEY, lambda: self.step(-1))
        self.actions = [self.library_action, self.next_action, self.previous_action]
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab follows the screen: the library's filter, its table, the saved searches under it, then the
        article. (The saved searches are built last, so Tab reached them only after the side tabs.)"""
        window = self.window
        saved = window.saved.panel
        chain = [window.library_panel.filter_edit, window.library_panel.table, saved.save_button, saved.table,
                 window.reader]  # fmt: skip
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def _action(self, text: str, key: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.window.addAction(action)  # works while the menus are hidden too (distraction-free)
        return action

    def panes(self) -> list[QWidget]:
        return [self.window.library_panel, self.window.reader_pane, self.window.side_tabs]

    def focus_library(self) -> None:
        self.window.library_panel.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_pane(self, pane: QWidget) -> None:
        """The pane's main control: the article list, the article (or the welcome page), the current tab's first."""
        if pane is self.window.library_panel:
            self.focus_library()
            return
        if pane is self.window.reader_pane and self.window.reader.isVisible():
            self.window.reader.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        inner = self.window.side_tabs.currentWidget() if pane is self.window.side_tabs else pane
        target = first_focusable(inner) if inner is not None else None
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def step(self, direction: int) -> None:
        """Move to the next (1) or previous (-1) visible pane from the one holding the keyboard."""
        panes = [pane for pane in self.panes() if pane.isVisible()]
        if not panes:
            return
        focused = QApplication.focusWidget()
        current = next((i for i, pane in enumerate(panes) if focused is not None and pane.isAncestorOf(focused)), -1)
        start = current if current >= 0 else (-1 if direction > 0 else len(panes))
        self.focus_pane(panes[(start + direction) % len(panes)])
