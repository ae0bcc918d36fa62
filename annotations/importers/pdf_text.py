"""The printed lines of each PDF page, with positions and type sizes, read by pypdf within a budget.

pypdf reports text in content-stream order, which is the reading order of nearly every PDF a
word processor or typesetter writes. Its visitor hooks give each run of text with the matrices
that place it; runs on one baseline are gathered into a line. Rotated text (watermarks, margin
notes set sideways, axis labels) is left out: it is not part of the reading text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, LimitReachedError

from annotations.importers.pdf_layout import Line, Page
from annotations.importers.pdf_limits import BudgetExceeded, ReadingBudget

Matrix = tuple[float, float, float, float, float, float]

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold|[-,]bd\b", re.IGNORECASE)
_OPERATIONS_PER_CHECK = 256
_SAME_BASELINE = 0.45  # runs closer than this many type sizes vertically share a line
_ROTATION_TOLERANCE = 0.05


def extract_pages(reader: PdfReader, budget: ReadingBudget) -> list[Page]:
    """Every page's lines; a page pypdf cannot read, or that is over the limits, is marked skipped."""
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        budget.check_time()
        extracted = _extract_page(page, number, budget)
        budget.end_page(hash(tuple(line.text for line in extracted.lines)))
        pages.append(extracted)
    return pages


def _extract_page(page: PageObject, number: int, budget: ReadingBudget) -> Page:
    collector = _LineCollector(budget)
    try:
        bottom, top = _vertical_extent(page)
        page.extract_text(visitor_operand_before=collector.on_operation, visitor_text=collector.on_text)
    except (BudgetExceeded, DependencyError, MemoryError):
        raise
    except LimitReachedError:
        return Page(number, skipped="its content is over Lectern's safety limits")
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of error for one damaged page; the rest still reads
        return Page(number, skipped="it is damaged and could not be read")
    return Page(number, lines=collector.lines(), bottom=bottom, top=top)


def _vertical_extent(page: PageObject) -> tuple[float, float]:
    box = page.mediabox
    return float(min(box.bottom, box.top)), float(max(box.bottom, box.top))


@dataclass
class _LineBuilder:
    x: float
    y: float
    parts: list[str] = field(default_factory=list)
    sizes: Counter[float] = field(default_factory=Counter)
    bold_chars: int = 0
    chars: int = 0

    def add(self, text: str, size: float, bold: bool) -> None:
        self.parts.append(text)
        visible = len(text.strip())
        self.sizes[round(size, 1)] += visible
        self.chars += visible
        self.bold_chars += visible if bold else 0

    def line(self) -> Line | None:
        text = " ".join("".join(self.parts).split())
        if not text:
            return None
        size = self.sizes.most_common(1)[0][0] if self.sizes else 0.0
        return Line(text, self.x, self.y, size, bold=self.chars > 0 and self.bold_chars >= 0.9 * self.chars)


class _LineCollector:
    """pypdf visitor callbacks that gather text runs into lines and keep to the reading budget."""

    def __init__(self, budget: ReadingBudget) -> None:
        self._budget = budget
        self._operations = 0
        self._lines: list[Line] = []
        self._current: _LineBuilder | None = None
        self._current_size = 0.0

    def on_operation(self, operator: bytes, operands: object, cm: Matrix, tm: Matrix) -> None:
        self._operations += 1
        if self._operations % _OPERATIONS_PER_CHECK == 0:
            self._budget.check_time()

    def on_text(self, text: str, cm: Matrix, tm: Matrix, font: dict[str, object] | None, font_size: float) -> None:
        if not text:
            return
        self._budget.add_text(len(text))
        a, b, c, d, x, y = _multiply(tm, cm)
        if abs(b) > _ROTATION_TOLERANCE * abs(a) + 1e-9 or abs(c) > _ROTATION_TOLERANCE * abs(d) + 1e-9:
            return
        size = abs(font_size * math.hypot(c, d)) or abs(font_size) or 1.0
        bold = bool(_BOLD_FONT.search(str((font or {}).get("/BaseFont", ""))))
        for index, part in enumerate(text.split("\n")):
            if index:
                self._end_line()
                y -= 1.2 * size  # pypdf broke the line inside one run: the position is an estimate
            if part.strip():
                self._add(part, x, y, size, bold)

    def lines(self) -> list[Line]:
        self._end_line()
        return self._lines

    def _add(self, text: str, x: float, y: float, size: float, bold: bool) -> None:
        current = self._current
        if current is None or abs(y - current.y) > _SAME_BASELINE * max(size, self._current_size):
            self._end_line()
            current = self._current = _LineBuilder(x, y)
            self._current_size = size
        current.x = min(current.x, x)
        current.add(text, size, bold)

    def _end_line(self) -> None:
        if self._current is not None:
            line = self._current.line()
            if line is not None:
                self._lines.append(line)
        self._current = None


def _multiply(tm: Matrix, cm: Matrix) -> Matrix:
    """The text rendering matrix ``tm × cm``: where and how large text is drawn on the page."""
    a1, b1, c1, d1, e1, f1 = (float(value) for value in tm)
    a2, b2, c2, d2, e2, f2 = (float(value) for value in cm)
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )
