"""The Find bar over the reader: what to find, how many there are, and the keys to step through them.

A view only: it says what the user asked for through signals; ``ui.reader.find_controller`` finds.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FindField(QLineEdit):
    """The query: Enter finds the next match, Shift+Enter the previous one, Escape closes the bar."""

    next_requested = Signal()
    previous_requested = Signal()
    close_requested = Signal()

    def event(self, event: QEvent) -> bool:
        """Enter and Escape are the field's own, whatever the window binds them to."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in (*_ENTER_KEYS, Qt.Key.Key_Escape):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous_requested.emit()
            else:
                self.next_requested.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.close_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class FindBar(QFrame):
    """A slim row between the article's header and its text; hidden until Ctrl+F."""

    query_changed = Signal(str)
    options_changed = Signal()
    next_requested = Signal()
    previous_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAccessibleName("Find in article")
        self.field = FindField()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in this article")
        self.field.setAccessibleName("Find")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("M") * 12)
        self.field.setMaximumWidth(self.field.fontMetrics().horizontalAdvance("M") * 24)
        self.count_label = QLabel()
        self.count_label.setObjectName("findCount")
        self.count_label.setAccessibleName("Matches")
        self.previous_button = _button("findPrevious", "Previous", "Previous match (Shift+Enter, Shift+F3)")
        self.previous_button.setText("↑")  # text, so the theme's ink draws it
        self.next_button = _button("findNext", "Next", "Next match (Enter, F3)")
        self.next_button.setText("↓")
        self.case_box = _check_box("findMatchCase", "Match case", "Tell capitals from small letters")
        self.words_box = _check_box(
            "findWholeWords", "Whole words", "Only whole words: “air” finds “air”, not “fair” or “airy”"
        )
        self.close_button = _button("findClose", "Close", "Close the find bar (Escape)")
        self.close_button.setText("✕")

        row = QHBoxLayout(self)
        row.setContentsMargins(24, 5, 24, 5)
        row.setSpacing(6)
        row.addWidget(self.field, 10)  # the field takes the room there is, up to its widest
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addWidget(self.count_label)
        row.addSpacing(6)
        row.addWidget(self.case_box)
        row.addWidget(self.words_box)
        row.addWidget(self.close_button)
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("No matches") + 8)

        self.field.textChanged.connect(self.query_changed)
        self.field.next_requested.connect(self.next_requested)
        self.field.previous_requested.connect(self.previous_requested)
        self.field.close_requested.connect(self.close_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.previous_button.clicked.connect(self.previous_requested)
        self.close_button.clicked.connect(self.close_requested)
        self.case_box.toggled.connect(self.options_changed)
        self.words_box.toggled.connect(self.options_changed)
        self.hide()

    @property
    def query(self) -> str:
        return self.field.text()

    @property
    def match_case(self) -> bool:
        return self.case_box.isChecked()

    @property
    def whole_words(self) -> bool:
        return self.words_box.isChecked()

    def show_count(self, current: int | None, total: int) -> None:
        """"3 of 12" (the current match among all), "12 matches" (none chosen yet), "No matches" or nothing."""
        if not self.query:
            text = ""
        elif total == 0:
            text = "No matches"
        elif current is None:
            text = "1 match" if total == 1 else f"{total:,} matches"
        else:
            text = f"{current + 1:,} of {total:,}"
        self.count_label.setText(text)
        self.count_label.setProperty("empty", total == 0 and bool(self.query))
        self.count_label.style().unpolish(self.count_label)
        self.count_label.style().polish(self.count_label)
        for button in (self.previous_button, self.next_button):
            button.setEnabled(total > 0)

    def focus_query(self) -> None:
        """Put the caret in the field with its text selected, so typing replaces it."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()


def _button(name: str, text: str, tooltip: str) -> QToolButton:
    button = QToolButton()
    button.setObjectName(name)
    button.setText(text)
    button.setToolTip(tooltip)
    button.setAccessibleName(text)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the caret in the field
    button.setAutoRaise(True)
    return button


def _check_box(name: str, text: str, tooltip: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setObjectName(name)
    box.setToolTip(tooltip)
    box.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return box
