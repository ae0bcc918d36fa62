"""The status bar's calm facts: how big the library is, whether search has caught up, how far the open
article has been read.

Counting runs on a worker of its own (two ``count(*)`` reads and the outbox's length: cheap, but never on
the GUI thread), after each change and each index commit, one read at a time with repeats folded into one.
Texts change only when what they say changes, and an index that is a change or two behind (a highlight
just made, taken in a moment later) says "Updating" only if it is still behind a second later: no flicker.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QLabel, QScrollBar
from shiboken6 import isValid

from app import Library
from ui.events import AppEvents
from ui.reader.view import ReaderView
from ui.workers import run_in_background

SETTLE_MS = 1000  # how long a small backlog may last before the bar mentions it; also the rebuild's poll


@dataclass(frozen=True)
class LibraryFacts:
    articles: int
    highlights: int
    pending: int  # stored changes not yet in the search index
    rebuilding: float | None  # 0..1 while the index is rebuilt, in this process or another


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def size_text(facts: LibraryFacts) -> str:
    """ "5,000 articles · 100,000 highlights" """
    return f"{plural(facts.articles, 'article', 'articles')} · {plural(facts.highlights, 'highlight', 'highlights')}"


def index_text(facts: LibraryFacts) -> str:
    if facts.rebuilding is not None:
        return f"Rebuilding search index {round(facts.rebuilding * 100)} %"
    if facts.pending:
        return f"Updating search index ({plural(facts.pending, 'change', 'changes')})"
    return "Search index up to date"


def progress_text(bar: QScrollBar) -> str:
    """ "38 % read": how far down the article the reader is (a text that fits in the window is all read)."""
    fraction = 1.0 if bar.maximum() <= 0 else bar.value() / bar.maximum()
    return f"{round(fraction * 100)} % read"


def read_facts(library: Library) -> LibraryFacts:
    """On a worker: what the bar shows, read from the store and the index keeper."""
    return LibraryFacts(
        articles=library.documents.count(),
        highlights=library.annotations.count(),
        pending=library.index.pending_changes(),
        rebuilding=library.index.keeper.progress_anywhere(),
    )


class StatusFacts(QObject):
    """Owns three permanent status-bar labels: ``progress_label``, ``size_label`` and ``index_label``."""

    def __init__(self, library: Library, events: AppEvents, reader: ReaderView, parent: QObject) -> None:
        super().__init__(parent)
        self.library = library
        self.reader = reader
        self.progress_label = _label("readingProgress", "How far down the open article you have read")
        self.size_label = _label("librarySize", "Articles and highlights in this library")
        self.index_label = _label("indexState", "Whether search has taken in every change")
        self.facts: LibraryFacts | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._reading = False
        self._again = False
        self._behind_since_last_read = False
        self.timer = QTimer(self)  # re-reads while the index is behind or rebuilding
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self.refresh)
        events.changed.connect(lambda _changes: self.refresh())
        events.index_committed.connect(self.refresh)  # queued: emitted on the index writer's thread
        bar = reader.verticalScrollBar()
        bar.valueChanged.connect(lambda _value: self.show_progress())
        bar.rangeChanged.connect(lambda _low, _high: self.show_progress())
        reader.document_shown.connect(lambda _document_id: self.show_progress())
        self.progress_label.setVisible(False)
        self.refresh()

    @property
    def labels(self) -> list[QLabel]:
        return [self.progress_label, self.size_label, self.index_label]

    def refresh(self) -> None:
        """Read the facts again (a read already under way is followed by one more, not by many)."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        run_in_background(lambda: read_facts(self.library), self._read, pool=self._pool)

    def show_progress(self) -> None:
        """Follow the reader's scroll; hidden while no article is open."""
        self.progress_label.setVisible(self.reader.document_id is not None)
        if self.reader.document_id is not None:
            _set(self.progress_label, progress_text(self.reader.verticalScrollBar()))

    def _read(self, facts: LibraryFacts | None, error: BaseException | None) -> None:
        if not isValid(self) or not isValid(self.size_label):  # the window closed while the read ran
            return
        self._reading = False
        if error is None and facts is not None:
            self._show(facts)
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, facts: LibraryFacts) -> None:
        self.facts = facts
        _set(self.size_label, size_text(facts))
        behind = facts.rebuilding is not None or facts.pending > 0
        if behind and facts.rebuilding is None and not self._behind_since_last_read:
            self._behind_since_last_read = True  # a change or two just made: look again before saying so
        else:
            self._behind_since_last_read = behind
            _set(self.index_label, index_text(facts))
        if behind:
            self.timer.start()


def _label(name: str, tooltip: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setToolTip(tooltip)
    label.setAccessibleName(tooltip)
    label.setContentsMargins(10, 0, 10, 0)  # room between the facts, which sit side by side
    return label


def _set(label: QLabel, text: str) -> None:
    if label.text() != text:  # an unchanged text is not set again: nothing repaints
        label.setText(text)
