"""The page the reader shows when no article is open: the three things to do, each with its key and a button.

A first run, an empty library or a deleted article used to leave a blank page under "No article
open". This page lies over the whole reader pane (it follows the pane's size), so the reader itself
stays as it is; the pane shows it and hides it. It only asks, by signal; the window does the work.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

COLUMN_WIDTH = 560  # px: the page reads as one calm column, as the article does


def key_text(keys: str | QKeySequence.StandardKey) -> str:
    """A key as this platform writes it (Ctrl+O, or ⌘O on a Mac)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def key_cap(text: str) -> QLabel:
    cap = QLabel(text)
    cap.setObjectName("keyCap")
    cap.setTextFormat(Qt.TextFormat.PlainText)
    return cap


class WelcomeStep(QFrame):
    """One numbered step: its title and keys on one line, what it does, and a button that does it."""

    def __init__(self, number: int, title: str, keys: list[str], text: str, button: QPushButton) -> None:
        super().__init__()
        self.setObjectName("welcomeStep")
        self.button = button
        number_label = QLabel(str(number))
        number_label.setObjectName("welcomeStepNumber")
        number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("welcomeStepTitle")
        self.text_label = QLabel(text)
        self.text_label.setObjectName("welcomeStepText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.keys = [key_cap(key) for key in keys]

        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(number_label)
        heading.addWidget(self.title_label)
        heading.addStretch(1)
        for cap in self.keys:
            heading.addWidget(cap)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.text_label)  # full width: a wrapped label beside a button lost its last line
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        button.setToolTip(f"{title} ({', '.join(keys)})")


class WelcomePage(QWidget):
    """Import, highlight, search; "Add the sample articles" while the library is empty."""

    import_requested = Signal()
    samples_requested = Signal()
    open_article_requested = Signal()  # open the first article listed, to try highlighting on
    search_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)  # the page's paper, in every theme
        self.setAccessibleName("Welcome")

        self.title_label = QLabel("Welcome to Lectern")
        self.title_label.setObjectName("welcomeTitle")
        self.intro_label = QLabel("Read your articles, mark what matters, and find every mention of it later.")
        self.intro_label.setObjectName("welcomeIntro")
        self.intro_label.setWordWrap(True)

        self.import_button = QPushButton("Import Files…")
        self.import_button.clicked.connect(self.import_requested)
        self.open_button = QPushButton("Open an Article")
        self.open_button.clicked.connect(self.open_article_requested)
        self.search_button = QPushButton("Search…")
        self.search_button.clicked.connect(self.search_requested)
        self.steps = [
            WelcomeStep(1, "Import articles", [key_text(QKeySequence.StandardKey.Open)],
                        "Web pages, PDF, Word, Markdown or plain text. You can also drag files onto the window.",
                        self.import_button),
            WelcomeStep(2, "Highlight a passage", ["1–5", "T"],
                        "Select text and press 1–5 to highlight it in a colour (Shift+1–5 underlines). "
                        "T adds tags and a note.",
                        self.open_button),
            WelcomeStep(3, "Search every mention", [key_text("Ctrl+K")],
                        "One box searches every article, highlight and note; “Every mention” lists each "
                        "occurrence in its sentence.",
                        self.search_button),
        ]  # fmt: skip

        self.samples_button = QPushButton("Add the Sample Articles")
        self.samples_button.setObjectName("samplesButton")
        self.samples_button.setToolTip("Import three short articles to try highlighting and searching on")
        self.samples_button.clicked.connect(self.samples_requested)
        self.samples_label = QLabel("Your library is empty. Three short sample articles are ready to try things on.")
        self.samples_label.setObjectName("welcomeHint")
        self.samples_label.setWordWrap(True)
        self.choose_label = QLabel(f"Choose an article on the left ({key_text('Ctrl+L')}) to start reading.")
        self.choose_label.setObjectName("welcomeHint")
        self.choose_label.setWordWrap(True)

        column = QWidget()
        column.setObjectName("welcomeColumn")
        column.setMaximumWidth(COLUMN_WIDTH)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(10)
        inner.addWidget(self.title_label)
        inner.addWidget(self.intro_label)
        inner.addSpacing(8)
        for step in self.steps:
            inner.addWidget(step)
        inner.addSpacing(8)
        inner.addWidget(self.samples_label)
        inner.addWidget(self.samples_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.choose_label)

        content = QWidget()
        content.setAutoFillBackground(False)
        row = QHBoxLayout()  # stretches each side: the column takes the width it may (an aligned one took
        row.addStretch(1)  # only its size hint, and its wrapped lines were cut)
        row.addWidget(column, 100)
        row.addStretch(1)
        centred = QVBoxLayout(content)
        centred.setContentsMargins(32, 28, 32, 28)
        centred.addLayout(row)
        centred.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("welcomeScroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the buttons (it scrolls to each)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        content.setBackgroundRole(QPalette.ColorRole.Base)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.set_has_articles(False)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())

    def set_has_articles(self, has_articles: bool) -> None:
        """An empty library is offered the samples; one with articles is told to choose one."""
        self.has_articles = has_articles
        self.samples_label.setVisible(not has_articles)
        self.samples_button.setVisible(not has_articles)
        self.choose_label.setVisible(has_articles)
        self.open_button.setVisible(has_articles)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())  # covers the whole pane, whatever its size
        return False
