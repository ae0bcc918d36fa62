"""Mouse selections that snap to whole words, with the words search uses.

A drag that starts or ends inside a word takes the whole word, so a highlight never reads "defense suppor".
The words are the search index's tokens (``index.language.tokens``): letters and digits with inner
apostrophes and full stops ("don't", "U.S."), each Chinese, Japanese or Korean character a word of its own
(a drag over Chinese keeps the characters it covers), and a hyphen between two words ("air-defense" is
"air" and "defense", as a search for the phrase "air defense" finds it). Double-click picks the same word.
Punctuation and spaces are never words, so a snapped selection neither swallows the comma after a word
nor ends in a space. Offsets are logical (the stored text's order), so right-to-left text snaps the same.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from index.language.tokens import TOKEN_PATTERN


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each word of a paragraph starts and ends."""
    return [match.span() for match in TOKEN_PATTERN.finditer(text)]


def word_around(text: str, gap: int) -> tuple[int, int] | None:
    """The word a caret at ``gap`` splits in two (a caret at a word's edge splits nothing: None)."""
    for start, end in word_spans(text):
        if start < gap < end:
            return start, end
        if start >= gap:
            return None
    return None


def word_of_char(text: str, offset: int) -> tuple[int, int] | None:
    """The word the character at ``offset`` belongs to; None for a space or punctuation."""
    for start, end in word_spans(text):
        if start <= offset < end:
            return start, end
        if start > offset:
            return None
    return None


def snap_range(document: QTextDocument, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words at both ends, then without spaces at either end."""
    if start >= end:
        return start, end
    block = document.findBlock(start)
    word = word_around(block.text(), start - block.position())
    if word is not None:
        start = block.position() + word[0]
    block = document.findBlock(end)
    word = word_around(block.text(), end - block.position())
    if word is not None:
        end = block.position() + word[1]
    return _without_spaces(document, start, end)


def _without_spaces(document: QTextDocument, start: int, end: int) -> tuple[int, int]:
    """Leading and trailing spaces and paragraph breaks dropped (unless nothing else is selected)."""
    trimmed_start, trimmed_end = start, end
    while trimmed_start < trimmed_end and document.characterAt(trimmed_start).isspace():
        trimmed_start += 1
    while trimmed_end > trimmed_start and document.characterAt(trimmed_end - 1).isspace():
        trimmed_end -= 1
    return (trimmed_start, trimmed_end) if trimmed_start < trimmed_end else (start, end)


def word_at(document: QTextDocument, position: int) -> tuple[int, int] | None:
    """The word whose character is at ``position`` (a double-click's word), in document offsets."""
    block = document.findBlock(position)
    word = word_of_char(block.text(), position - block.position())
    return None if word is None else (block.position() + word[0], block.position() + word[1])


def paragraph_at(document: QTextDocument, position: int) -> tuple[int, int]:
    """The paragraph at ``position`` without its paragraph break (a triple-click's selection)."""
    block = document.findBlock(position)
    return block.position(), block.position() + block.length() - 1


def selection_cursor(document: QTextDocument, anchor: int, position: int) -> QTextCursor:
    """A cursor selecting from ``anchor`` to ``position`` (the caret stays where the mouse is)."""
    cursor = QTextCursor(document)
    cursor.setPosition(anchor)
    cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
    return cursor


class MouseDrag:
    """One press of the left button until its release: where it began and what it selects by."""

    def __init__(
        self, origin: int, *, word: tuple[int, int] | None = None, paragraphs: bool = False, precise: bool = False
    ) -> None:
        self.origin = origin  # the caret position under the press
        self.word = word  # after a double-click: the word it picked, always kept in the selection
        self.paragraphs = paragraphs  # after a triple-click: whole paragraphs
        self.precise = precise  # Alt held at the press: characters, no snapping

    def selection(self, document: QTextDocument, position: int, *, precise: bool = False) -> tuple[int, int]:
        """The (anchor, caret) to select with the mouse's caret at ``position``."""
        start, end = sorted((self.origin, position))
        if self.paragraphs:
            start, end = paragraph_at(document, start)[0], paragraph_at(document, end)[1]
        elif not precise:
            if self.word is not None:
                start, end = min(start, self.word[0]), max(end, self.word[1])
            start, end = snap_range(document, start, end)
        return (start, end) if position >= self.origin else (end, start)


class ClickCounter:
    """Tells the press of a triple-click: soon after a double-click, near where it was."""

    def __init__(self) -> None:
        self._double_click: tuple[float, QPoint] | None = None

    def double_clicked(self, event: QMouseEvent) -> None:
        self._double_click = (time.monotonic(), event.position().toPoint())

    def is_third(self, event: QMouseEvent) -> bool:
        if self._double_click is None or event.button() != Qt.MouseButton.LeftButton:
            return False
        at, point = self._double_click
        self._double_click = None
        near = (event.position().toPoint() - point).manhattanLength() < QApplication.startDragDistance()
        return near and time.monotonic() - at <= QApplication.doubleClickInterval() / 1000
