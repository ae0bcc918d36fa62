"""View → Zoom In / Zoom Out / Actual Size (Ctrl++, Ctrl+=, Ctrl+-, Ctrl+0) and Ctrl+wheel over the reader.

Zoom changes the reading font's size only (not the window's own text) and goes through the reading
settings, so it persists. QTextBrowser zooms on Ctrl+wheel by itself, which would neither persist nor
follow the size steps: the wheel over the reader is taken here instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from ui.reading_settings import ReadingSettings

_WHEEL_STEP = 120  # angleDelta of one wheel notch; touchpads send smaller deltas that add up to it


class ZoomActions(QObject):
    """The three zoom actions, the wheel over ``reader``, and "Text size 15 pt" in the status bar."""

    def __init__(self, settings: ReadingSettings, window: QMainWindow, reader: QWidget) -> None:
        super().__init__(window)
        self.settings, self.window = settings, window
        self.zoom_in_action = self._action("Zoom &In", 1, [QKeySequence.StandardKey.ZoomIn, "Ctrl++", "Ctrl+="])
        self.zoom_out_action = self._action("Zoom &Out", -1, [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"])
        self.actual_size_action = self._action("&Actual Size", 0, ["Ctrl+0"])
        self.actions = [self.zoom_in_action, self.zoom_out_action, self.actual_size_action]
        self._wheel = 0
        reader.installEventFilter(self)
        if hasattr(reader, "viewport"):
            reader.viewport().installEventFilter(self)  # wheel events reach a scroll area's viewport first

    def _action(self, text: str, steps: int, keys: list[QKeySequence.StandardKey | str]) -> QAction:
        action = QAction(text, self.window)
        shortcuts: list[QKeySequence] = []
        for key in keys:
            for sequence in QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [
                QKeySequence(key)
            ]:
                if not sequence.isEmpty() and sequence not in shortcuts:
                    shortcuts.append(sequence)
        action.setShortcuts(shortcuts)
        action.setToolTip(f"{text.replace('&', '')} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda _checked=False: self.zoom(steps))
        return action

    def zoom(self, steps: int) -> float:
        """One size step bigger or smaller, or (0) the default size; says the new size in the status bar."""
        size = self.settings.zoom(steps).point_size
        self.window.statusBar().showMessage(f"Text size {size:g} pt", 3000)
        return size

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._wheel += event.angleDelta().y()
                while abs(self._wheel) >= _WHEEL_STEP:
                    step = 1 if self._wheel > 0 else -1
                    self._wheel -= step * _WHEEL_STEP
                    self.zoom(step)
                event.accept()
                return True
        return super().eventFilter(watched, event)
