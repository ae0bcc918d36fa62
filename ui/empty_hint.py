"""A line of advice over an empty list, table or tree: what to do to fill it.

An empty view is a blank box that leaves a new user guessing; every panel puts its next step in
there instead ("Select text and press 1–5 to highlight it"). The hint follows the model (rows
inserted, removed, a reset) and, for state the model does not know (a filter, a search not yet
run), the owner calls ``refresh``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

HINT_MARGIN = 16  # px between the hint and the view's edges


class EmptyHint(QLabel):
    """A centred, wrapped, plain-text label on the view's viewport, shown only while the view has no rows."""

    def __init__(self, view: QAbstractItemView, text: str | Callable[[], str]) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyHint")
        self.setTextFormat(Qt.TextFormat.PlainText)  # hints quote filters and queries as typed
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks reach the view beneath
        self._view = view
        self._text = text
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.refresh)
        self.refresh()

    def set_text(self, text: str | Callable[[], str]) -> None:
        self._text = text
        self.refresh()

    def refresh(self) -> None:
        """Show the current advice while the view is empty; hide it once there is a row."""
        text = self._text() if callable(self._text) else self._text
        shown = bool(text) and self._view.model().rowCount() == 0
        self.setText(text)
        self._view.setAccessibleDescription(text if shown else "")  # what a screen reader says of the empty view
        self.setVisible(shown)
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        area = self._view.viewport().rect().adjusted(HINT_MARGIN, HINT_MARGIN * 2, -HINT_MARGIN, -HINT_MARGIN)
        self.setGeometry(area)
