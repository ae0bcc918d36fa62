"""The reading settings as the reader applies them: which fonts, what size and line height
(``Typography``), and how wide the text column is for a line width given in characters.

A line width in characters, not pixels, so the measure stays the same when the font or its size
changes; the pixels come from the chosen font's own average advance over ordinary prose.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject
from PySide6.QtGui import QFontMetricsF

from ui.reader.render import SANS_FAMILIES, SERIF_FAMILIES, Typography, body_font
from ui.reader.view import ReaderView
from ui.reading_settings import SANS, SERIF, ReadingPrefs, ReadingSettings

# Ordinary prose, spaces and punctuation included: characters per line count those too.
_SAMPLE = (
    "Analysts keep returning to one question: how much support can one partner give another, "
    "and at what cost to its own readiness? The answers vary with the year and the source."
)


def font_families(font: str) -> tuple[str, ...]:
    """The family stack for a reading-font setting: serif, sans, or a chosen family with the serif stack behind it
    (for the scripts the chosen family lacks)."""
    if font == SERIF:
        return tuple(SERIF_FAMILIES)
    if font == SANS:
        return tuple(SANS_FAMILIES)
    return (font, *SERIF_FAMILIES)


def typography_for(prefs: ReadingPrefs) -> Typography:
    return Typography(font_families(prefs.font), prefs.point_size, prefs.line_spacing)


def average_char_width(typography: Typography) -> float:
    """The body font's mean advance per character of running text."""
    return QFontMetricsF(body_font(typography)).horizontalAdvance(_SAMPLE) / len(_SAMPLE)


def column_width(typography: Typography, characters: int) -> int:
    """The text column's width in pixels for ``characters`` per line in this typography."""
    return math.ceil(average_char_width(typography) * characters)


class ReaderMeasure(QObject):
    """Keeps the reader set as the reading settings say, now and after every change."""

    def __init__(self, view: ReaderView, settings: ReadingSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        settings.changed.connect(self.apply)
        self.apply(settings.prefs)

    def apply(self, prefs: ReadingPrefs) -> None:
        typography = typography_for(prefs)
        width = column_width(typography, prefs.line_width)
        if typography != self.view.typography or width != self.view.reading_width:
            self.view.apply_typography(typography, width)
