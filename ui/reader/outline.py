"""The Outline tab: the open article's headings as a tree, a click away from each section, and the
section being read marked as the reader scrolls.

Built from the reader's own blocks (a heading block has a heading level, ``ui.reader.render``) each
time an article is shown, so it never disagrees with the text. Following the scroll is a bisect over
the headings' line tops, measured again only when the text is laid out anew (resize, zoom, line width).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QVBoxLayout, QWidget

from ui.empty_hint import EmptyHint
from ui.reader.scrolling import line_top
from ui.reader.view import ReaderView

POSITION_ROLE = 0x0100 + 1  # Qt.UserRole + 1: the heading's character position in the article
NO_ARTICLE = "Open an article to see its headings here."
NO_HEADINGS = "This article has no headings."


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    position: int  # the heading block's first character


def headings_of(document: QTextDocument) -> list[Heading]:
    """The headings of the document in reading order (blank ones left out)."""
    found: list[Heading] = []
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        title = " ".join(block.text().split())
        if level > 0 and title:
            found.append(Heading(level, title, block.position()))
        block = block.next()
    return found


class OutlineModel(QStandardItemModel):
    """One row per heading, each under the nearest heading of a higher level before it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ordered: list[QStandardItem] = []  # the items in reading order, as the headings were given

    def set_headings(self, headings: list[Heading]) -> None:
        self.clear()
        self.ordered = []
        open_parents: list[tuple[int, QStandardItem]] = []  # (level, item) of the headings still "open"
        for heading in headings:
            item = QStandardItem(heading.title)
            item.setEditable(False)
            item.setData(heading.position, POSITION_ROLE)
            item.setToolTip(heading.title)
            while open_parents and open_parents[-1][0] >= heading.level:
                open_parents.pop()
            (open_parents[-1][1] if open_parents else self.invisibleRootItem()).appendRow(item)
            open_parents.append((heading.level, item))
            self.ordered.append(item)


class OutlinePanel(QWidget):
    """The tree of headings, or a sentence when there is nothing to list; ``heading_activated(position)``."""

    heading_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlinePanel")
        self.model = OutlineModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("outlineTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setAccessibleName("Outline")
        self.tree.setToolTip("Click a heading, or press Enter on it, to go to that section")
        self.tree.clicked.connect(self._activate)
        self.tree.activated.connect(self._activate)
        self.setFocusProxy(self.tree)
        self.message = EmptyHint(self.tree, NO_ARTICLE)  # what to do while there are no headings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tree, 1)
        self.set_headings([], article_open=False)

    def set_headings(self, headings: list[Heading], *, article_open: bool = True) -> None:
        self.message.set_text(NO_HEADINGS if article_open else NO_ARTICLE)
        self.model.set_headings(headings)
        self.tree.expandAll()

    def mark_current(self, number: int | None) -> None:
        """Select the ``number``-th heading (reading order) quietly: no signal, no focus taken."""
        selection = self.tree.selectionModel()
        if number is None or not 0 <= number < len(self.model.ordered):
            selection.clearSelection()
            return
        index = self.model.ordered[number].index()
        if selection.currentIndex() == index and selection.isSelected(index):
            return
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def current_number(self) -> int | None:
        """The marked heading's place in reading order, or None."""
        selected = self.tree.selectionModel().selectedIndexes()
        if not selected:
            return None
        item = self.model.itemFromIndex(selected[0])
        return self.model.ordered.index(item) if item in self.model.ordered else None

    def _activate(self, index: QModelIndex) -> None:
        position = index.data(POSITION_ROLE)
        if position is not None:
            self.heading_activated.emit(int(position))


class OutlineTracker(QObject):
    """Keeps an ``OutlinePanel`` in step with a ``ReaderView``: its headings, and the section in view."""

    def __init__(self, reader: ReaderView, panel: OutlinePanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.panel = panel
        self.headings: list[Heading] = []
        self._tops: list[float] = []  # each heading's line top (a scroll value), in reading order
        self._pinned: tuple[int, int] | None = None  # (scroll value, heading) right after a jump to a heading
        self._measure_timer = QTimer(self)
        self._measure_timer.setSingleShot(True)
        self._measure_timer.setInterval(0)
        self._measure_timer.timeout.connect(self.measure)
        reader.document_shown.connect(self._on_document_shown)
        reader.document().documentLayout().documentSizeChanged.connect(lambda _size: self._measure_timer.start())
        reader.verticalScrollBar().valueChanged.connect(lambda _value: self.follow())
        reader.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.reader and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._measure_timer.start()  # new line breaks: the headings moved
        return False

    def jumped_to(self, position: int) -> None:
        """The reader was just scrolled to the heading at ``position``: mark it even where the end of the
        text keeps it from reaching the top."""
        numbers = [number for number, heading in enumerate(self.headings) if heading.position == position]
        if numbers:
            self._pinned = (self.reader.verticalScrollBar().value(), numbers[0])
            self.panel.mark_current(numbers[0])

    def measure(self) -> None:
        self._tops = [line_top(self.reader.document(), heading.position) for heading in self.headings]
        self.follow()

    def follow(self) -> None:
        """Mark the heading of the section at the top of the reader (at the very end: the last one in view)."""
        if not self.headings:
            return
        bar = self.reader.verticalScrollBar()
        value = bar.value()
        if self._pinned is not None and self._pinned[0] == value:
            self.panel.mark_current(self._pinned[1])
            return
        self._pinned = None
        mark = value + 1.0
        if bar.maximum() > 0 and value >= bar.maximum():
            mark = value + self.reader.viewport().height() / 2  # the last sections never reach the top
        number = bisect_right(self._tops, mark) - 1
        self.panel.mark_current(number if number >= 0 else None)

    def _on_document_shown(self, document_id: int) -> None:
        self._pinned = None
        self.headings = headings_of(self.reader.document()) if document_id >= 0 else []
        self.panel.set_headings(self.headings, article_open=document_id >= 0)
        self.measure()
