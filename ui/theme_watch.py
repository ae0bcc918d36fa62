"""Telling a widget that the theme changed, for the colours it keeps past a paint: HTML with colours in it.

Widgets that paint from ``current_theme()`` or the palette need nothing: a theme applied restyles and
repaints every widget. Rich text (a dialog's report, a label's details) has its colours written into it
when it is built, so it must be built again; ``ThemeWatch`` calls back once per theme switch.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ui.theme import current_theme

_CHANGES = (QEvent.Type.PaletteChange, QEvent.Type.StyleChange)  # ui.themes.apply_theme sends both


class ThemeWatch(QObject):
    """Calls ``refresh`` after the theme the window shows changes (not on every palette or style event)."""

    def __init__(self, widget: QWidget, refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self._refresh = refresh
        self._theme = current_theme().name
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _CHANGES and current_theme().name != self._theme:
            self._theme = current_theme().name
            self._refresh()
        return False
