"""Find in the open article (Ctrl+F): the Find bar's queries turned into matches, marks and a selection.

Matching is ``index.language.find_text`` (search's normalisation, offsets in the reader's plain text, the
canonical text), on the GUI thread: a keystroke costs a few milliseconds even in a 200 KB article, once
its folded form is cached (20–60 ms the first time), and long articles wait for a pause in the typing.
While the bar is open with something to find, F3 / Shift+F3 step through its matches
(``ui.search.stepper`` asks ``step_if_open`` first); closed, they step through the search's mentions.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from index.language.find_text import find_in_text
from ui.reader.find_bar import FindBar
from ui.reader.scrolling import position_at
from ui.reader.view import ReaderView

LONG_TEXT = 100_000  # characters: past this, a query is found after a short pause in the typing
TYPING_PAUSE_MS = 120
MARK_LIMIT = 1_000  # past this many matches, only those around the view are marked (marking costs ~13 µs each)
MARK_AROUND = 400  # matches marked before and after the view's first and last
SEED_LIMIT = 200  # a longer selection is not put in the field


class FindController(QObject):
    """The Find in Article action, the bar's state (matches, the current one) and the reader's find marks."""

    def __init__(self, bar: FindBar, reader: ReaderView, say: Callable[[str], None], window: QWidget) -> None:
        super().__init__(window)
        self.bar = bar
        self.reader = reader
        self.say = say
        self.spans: list[tuple[int, int]] = []
        self.current: int | None = None
        self.origin = 0  # where finding starts from: the view's top or selection when the bar opened, the match
        self._marked: tuple[int, int] = (0, 0)  # the index range of ``spans`` marked now
        self._open = False  # kept here: the filter below must not touch the bar while the window is torn down
        self._left_selected: tuple[int, int] | None = None  # the match Escape left selected
        self.find_action = QAction("&Find in Article…", window, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setObjectName("findInArticleAction")
        self.find_action.setToolTip(f"Find words in the open article ({self.find_action.shortcut().toString()})")
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.open)
        window.addAction(self.find_action)
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(lambda: self.find(select=True))

        bar.query_changed.connect(self._on_query_changed)
        bar.options_changed.connect(lambda: self.find(select=True))
        bar.next_requested.connect(lambda: self.step(True))
        bar.previous_requested.connect(lambda: self.step(False))
        bar.close_requested.connect(self.close)
        reader.document_shown.connect(self._on_document_shown)
        reader.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        reader.installEventFilter(self)

    @property
    def is_open(self) -> bool:
        return self._open

    # -- the user's verbs ------------------------------------------------------------------------
    def open(self) -> None:
        """Ctrl+F: show the bar with its text selected; a passage selected in the reader becomes the query."""
        if self.reader.document_id is None:
            self.say("Open an article first; Ctrl+F then finds words in it.")
            return
        seed = self._selected_words()
        was_open = self.is_open
        selected = self.reader.selected_range()
        if not was_open:
            self.origin = selected[0] if selected else self.reader.top_position()
            self.bar.show()
            self._open = True
        if seed is not None and selected is not None and seed != self.bar.query:
            self.origin = selected[0]
            self.bar.field.setText(seed)  # found from the selection's start: the selection is the current match
        elif not was_open and self.bar.query:
            self.find(select=True)
        self.bar.focus_query()

    def close(self) -> None:
        """Escape: hide the bar and its marks; the current match stays selected, the caret goes to the text."""
        self._pause.stop()
        self.bar.hide()
        self._open = False
        self._left_selected = self._current_span()
        self.spans, self.current = [], None
        self._marked = (0, 0)
        self.reader.set_find_marks([], None)
        self.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def step(self, forward: bool) -> bool:
        """Select the next (previous) match after (before) the selection, wrapping around the article."""
        if self._pause.isActive():
            self._pause.stop()
            self.find(select=True)
            return True  # Enter after typing: the first match, already selected
        if not self.spans:
            self.bar.show_count(None, 0)
            return bool(self.bar.query)
        selected = self.reader.selected_range()
        if self.current is not None and selected == self.spans[self.current]:
            index = self.current + (1 if forward else -1)
        elif selected is None:  # from the caret
            index = bisect_left(self.spans, (self.reader.textCursor().position(), -1)) - (0 if forward else 1)
        elif forward:  # from a passage selected by hand
            index = bisect_right(self.spans, (selected[0], sys.maxsize))
        else:
            index = bisect_left(self.spans, (selected[0], -1)) - 1
        wrapped = not 0 <= index < len(self.spans)
        self._choose(index % len(self.spans))
        if wrapped and len(self.spans) > 1:
            self.say(f"Wrapped around to the {'first' if forward else 'last'} match.")
        return True

    def step_if_open(self, forward: bool) -> bool:
        """F3 / Shift+F3: step through the matches if the bar is open with something to find."""
        return self.is_open and bool(self.bar.query) and self.step(forward)

    # -- finding ---------------------------------------------------------------------------------
    def find(self, *, select: bool) -> None:
        """Find the query in the article; with ``select``, choose and select the first match from the origin."""
        self._pause.stop()
        query = self.bar.query
        if not query or self.reader.document_id is None:
            self.spans = []
        else:
            self.spans = find_in_text(
                self.reader.toPlainText(), query, match_case=self.bar.match_case, whole_words=self.bar.whole_words
            )
        self.current = None
        if select and self.spans:
            index = bisect_left(self.spans, (self.origin, -1))
            self._choose(index % len(self.spans))
        else:
            self._show_marks()

    def _choose(self, index: int) -> None:
        self.current = index
        start, end = self.spans[index]
        self.origin = start
        self.reader.select_range(start, end)  # scrolled to the middle of the view
        self._show_marks()

    def _show_marks(self) -> None:
        self.bar.show_count(self.current, len(self.spans))
        current = self.spans[self.current] if self.current is not None else None
        first, last = self._marked = self._around_view()
        self.reader.set_find_marks(self.spans[first:last], current)

    def _around_view(self) -> tuple[int, int]:
        """The matches to mark: all, or past ``MARK_LIMIT`` those in view and ``MARK_AROUND`` either side."""
        if len(self.spans) <= MARK_LIMIT:
            return 0, len(self.spans)
        first, last = self._in_view()
        return max(0, first - MARK_AROUND), min(len(self.spans), last + MARK_AROUND)

    def _in_view(self) -> tuple[int, int]:
        """The index range of the matches on the lines in view."""
        scroll = self.reader.verticalScrollBar().value()
        document = self.reader.document()
        top = position_at(document, scroll)
        last_block = document.findBlock(position_at(document, scroll + self.reader.viewport().height()))
        bottom = last_block.position() + last_block.length()  # to the end of the paragraph cut by the bottom
        return bisect_left(self.spans, (top, -1)), bisect_left(self.spans, (bottom, -1))

    def _selected_words(self) -> str | None:
        """A short passage selected in the reader (not the current match): what Ctrl+F looks for."""
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self.bar or self.bar.isAncestorOf(focus)):
            return None
        selected = self.reader.selected_range()
        if selected is None or selected in (self._current_span(), self._left_selected):
            return None  # the match itself: the query stays as typed
        text = self.reader.toPlainText()[selected[0] : selected[1]].strip()
        if not text or len(text) > SEED_LIMIT or "\n" in text or "\u2029" in text:
            return None
        return text

    # -- keeping in step -------------------------------------------------------------------------
    def _on_query_changed(self, _query: str) -> None:
        if self.reader.document().characterCount() > LONG_TEXT:
            self._pause.start()
        else:
            self.find(select=True)

    def _on_document_shown(self, document_id: int) -> None:
        """Another article (or a new version of this one): find again, choosing no match until asked."""
        self.origin = 0
        self._left_selected = None
        if not self.is_open:
            return
        if document_id < 0:  # no article: nothing to find in
            self._pause.stop()
            self.bar.hide()
            self._open = False
            self.spans, self.current = [], None
        else:
            self.find(select=False)

    def _on_scrolled(self, _value: int) -> None:
        """Past ``MARK_LIMIT`` matches: mark those coming into view before they are painted."""
        if len(self.spans) > MARK_LIMIT and self.is_open:
            first, last = self._in_view()
            if first < self._marked[0] or last > self._marked[1]:
                self._show_marks()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the reader: Escape closes an open bar first; a new palette (theme) redraws the marks."""
        kind = event.type()
        if kind == QEvent.Type.PaletteChange and self.spans:
            self.reader.set_find_marks(self.spans[slice(*self._marked)], self._current_span())
        elif (
            kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and self._open
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.accept()  # before any window-wide Escape: the innermost thing closes first
            if kind == QEvent.Type.KeyPress:
                self.close()
            return True
        return False

    def _current_span(self) -> tuple[int, int] | None:
        return self.spans[self.current] if self.current is not None else None
