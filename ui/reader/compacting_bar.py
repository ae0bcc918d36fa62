"""A row of tool buttons that drops their labels (icons and tooltips stay) when it is too narrow for them.

The reader's highlight bar ("Highlight: Yellow Green Blue Pink Orange | Underline") is 600 px wide
with its labels; it set the whole window's minimum width to 1,257 px, too wide for half a 1920 px
screen beside a browser. With this bar the reader can narrow to the bar's width as icons.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget


class CompactingBar(QWidget):
    """Widgets in a row; labelled buttons show only their icons while the row is narrower than its labels need."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(4)
        self._labelled: list[QToolButton] = []
        self._widths: tuple[int, int] | None = None  # (with labels, icons only), measured when first needed
        self.compact = False

    def add_labelled(self, button: QToolButton) -> None:
        """Add a button whose text goes when space is short (give it an icon and a tooltip)."""
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._labelled.append(button)
        self.row.addWidget(button)
        self._widths = None

    def add_widget(self, widget: QWidget) -> None:
        self.row.addWidget(widget)
        self._widths = None

    def _measured(self) -> tuple[int, int]:
        if self._widths is None:
            compact = self.compact
            self._set_compact(False)
            full = self.row.sizeHint().width()
            self._set_compact(True)
            narrow = self.row.minimumSize().width()
            self._set_compact(compact)
            self._widths = (full, narrow)
        return self._widths

    def _set_compact(self, compact: bool) -> None:
        style = Qt.ToolButtonStyle.ToolButtonIconOnly if compact else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        for button in self._labelled:
            button.setToolButtonStyle(style)
        self.compact = compact
        self.row.invalidate()

    def minimumSizeHint(self) -> QSize:
        return QSize(self._measured()[1], super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self._measured()[0], super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        compact = event.size().width() < self._measured()[0]
        if compact != self.compact:
            self._set_compact(compact)
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self._widths = None  # the style sheet's padding applies once the buttons are polished, before this
        self.updateGeometry()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._widths = None  # padding and text widths changed: measure again
        super().changeEvent(event)
