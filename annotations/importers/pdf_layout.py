"""From the lines on PDF pages to the paragraphs and headings of the document they print.

A PDF has no paragraphs, only lines of glyphs at positions. This module puts them back, by rules a
reader would use: lines repeated at the top or bottom of many pages (running headers, footers) and
page numbers are dropped; a line starts a new paragraph after a wider gap, an indent, a short line
that ends a sentence, or a bullet; a paragraph continues across a page or column break unless the
last line ended a sentence; lines in a larger type are headings, their sizes ranked into levels.
A word hyphenated at a line end is joined ("secu-" + "rity" -> "security"), unless the document spells
the hyphenated form elsewhere and never the joined one ("air-" + "defense" stays "air-defense").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median


@dataclass(frozen=True)
class Line:
    """One printed line: its text, the position of its start (points, y up), type size and weight."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False


@dataclass
class Page:
    """The lines of one page in content order, the page's vertical extent, and why it was skipped (if it was)."""

    number: int
    lines: list[Line] = field(default_factory=list)
    bottom: float = 0.0
    top: float = 792.0
    skipped: str = ""


@dataclass(frozen=True)
class TextBlock:
    """A unit of the rebuilt document: ``heading`` (with a level), ``paragraph``, or ``note`` (Lectern's own)."""

    kind: str
    text: str
    level: int = 0


HEADING_SCALE = 1.2  # a line this much larger than the body text is a heading
MAX_HEADING_CHARS = 200
MAX_HEADING_LEVEL = 4
EDGE_LINES = 3  # the top and bottom lines of a page where headers, footers and page numbers live
EDGE_SHARE = 0.15  # ... and the part of the page height they live in
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(
    rf"^(?:page\s+)?[-–—(\[|]*\s*(?:\d{{1,4}}|{_ROMAN})\s*[-–—)\]|]*(?:\s*(?:of|/)\s*\d{{1,4}})?$", re.IGNORECASE
)
_END_NUMBER = re.compile(r"^(\d{1,4})\b|\b(\d{1,4})$")
_BULLET = re.compile(r"^(?:[•◦▪▫●○■□‣⁃∙·*]|[-–—]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”)\]]*$")
_WORD = re.compile(r"\w+")
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")
_BROKEN_WORD = re.compile(r"(\S*[^\W\d_])-$")  # the last word of a line, ending in a letter and a hyphen
_LEADING_WORD = re.compile(r"^(\w+)")
_BOLD_HEADING_MAX_CHARS = 100


@dataclass(frozen=True)
class Rebuilt:
    """The document's blocks, and a title read off its first page ("" when none stands out)."""

    blocks: list[TextBlock]
    first_page_title: str


def rebuild(pages: list[Page]) -> Rebuilt:
    """The document's headings and paragraphs, in reading order, from its pages' lines."""
    bodies = drop_furniture(pages)
    all_lines = [line for lines in bodies for line in lines]
    if not all_lines:
        return Rebuilt([TextBlock("note", _skipped_note(page)) for page in pages if page.skipped], "")
    body_size = _body_size(all_lines)
    levels = _heading_levels(all_lines, body_size)
    vocabulary = _Vocabulary(all_lines)
    blocks: list[TextBlock] = []
    for page, lines in zip(pages, bodies, strict=True):
        if page.skipped:
            blocks.append(TextBlock("note", _skipped_note(page)))
        for index, block in enumerate(_page_blocks(lines, body_size, levels, vocabulary)):
            if index == 0:
                _append_after_page_break(blocks, block, vocabulary)
            else:
                blocks.append(block)
    first = next(lines for lines in bodies if lines)
    return Rebuilt(blocks, _title_of(first, body_size))


def _title_of(lines: list[Line], body_size: float) -> str:
    """The largest type on the page (all its lines, for a title set on two), else the first substantial line."""
    largest = max(line.size for line in lines)
    if largest >= body_size * HEADING_SCALE:
        start = next(index for index, line in enumerate(lines) if line.size == largest)
        title_lines = [lines[start]]
        for line in lines[start + 1 :]:
            if line.size != largest or not 0 < _gap(title_lines[-1], line) <= 1.6 * largest:
                break
            title_lines.append(line)
        text = " ".join(line.text for line in title_lines)
        if len(text) <= MAX_HEADING_CHARS:
            return text
    for line in lines:
        letters = sum(char.isalpha() for char in line.text)
        if len(_WORD.findall(line.text)) >= 2 and letters >= 8 and len(line.text) <= 150:
            return line.text
    return ""


# -- running headers, footers and page numbers -------------------------------------------------------
def drop_furniture(pages: list[Page]) -> list[list[Line]]:
    """Each page's lines without running headers, footers and page numbers.

    Furniture lives among a page's top and bottom lines and is either a page number ("7", "Page 7 of
    9", "- vii -"), or a line repeated on many pages (numbers aside), or a line that starts or ends
    with the page's own number ("Chapter 2: Methods 7", "7 | Annual Report").
    """
    edges = [_edge_lines(page) for page in pages]
    needed = max(2, min(4, math.ceil(0.3 * len(pages))))
    seen: Counter[tuple[str, int]] = Counter()
    offsets: Counter[int] = Counter()
    for page, page_edges in zip(pages, edges, strict=True):
        seen.update({_furniture_key(line) for line in page_edges})
        offsets.update({number - page.number for line in page_edges for number in _end_numbers(line.text)})
    repeated = {key for key, count in seen.items() if count >= needed}
    offset, count = offsets.most_common(1)[0] if offsets else (0, 0)
    folio_offset = offset if count >= needed else None

    def is_furniture(line: Line, page: Page) -> bool:
        if _PAGE_NUMBER.match(line.text) or _furniture_key(line) in repeated:
            return True
        return folio_offset is not None and page.number + folio_offset in _end_numbers(line.text)

    return [
        [line for line in page.lines if not (line in page_edges and is_furniture(line, page))]
        for page, page_edges in zip(pages, edges, strict=True)
    ]


def _end_numbers(text: str) -> set[int]:
    """The numbers a line starts or ends with: where a running header or footer puts the page number."""
    return {int(match.group(1) or match.group(2)) for match in _END_NUMBER.finditer(text)}


def _edge_lines(page: Page) -> list[Line]:
    height = max(page.top - page.bottom, 1.0)
    by_height = sorted(page.lines, key=lambda line: line.y, reverse=True)
    top = [line for line in by_height[:EDGE_LINES] if line.y >= page.top - EDGE_SHARE * height]
    bottom = [line for line in by_height[-EDGE_LINES:] if line.y <= page.bottom + EDGE_SHARE * height]
    return top + bottom


def _furniture_key(line: Line) -> tuple[str, int]:
    """Lines that differ only in numbers ("Page 3", "Page 4") and not in type size are the same furniture."""
    return re.sub(r"\d+", "#", " ".join(line.text.lower().split())), round(line.size)


# -- sizes and headings ------------------------------------------------------------------------------
def _body_size(lines: list[Line]) -> float:
    chars: Counter[float] = Counter()
    for line in lines:
        chars[_rounded(line.size)] += len(line.text)
    return chars.most_common(1)[0][0]


def _heading_levels(lines: list[Line], body_size: float) -> dict[float, int]:
    sizes = sorted(
        {_rounded(line.size) for line in lines if _is_large(line, body_size)},
        reverse=True,
    )
    return {size: min(rank + 1, MAX_HEADING_LEVEL) for rank, size in enumerate(sizes)}


def _is_large(line: Line, body_size: float) -> bool:
    return line.size >= body_size * HEADING_SCALE and len(line.text) <= MAX_HEADING_CHARS and _has_letters(line.text)


def _rounded(size: float) -> float:
    return round(size * 2) / 2


# -- one page ----------------------------------------------------------------------------------------
@dataclass
class _Open:
    """The block being built from consecutive lines."""

    kind: str
    level: int
    lines: list[Line]


def _page_blocks(
    lines: list[Line], body_size: float, levels: dict[float, int], vocabulary: _Vocabulary
) -> Iterable[TextBlock]:
    if not lines:
        return
    spacing = _line_spacing(lines)
    left = _left_margin(lines, body_size)
    typical = _typical_length(lines, body_size)
    bold_level = min((max(levels.values(), default=0) + 1), MAX_HEADING_LEVEL)
    current: _Open | None = None
    for index, line in enumerate(lines):
        kind, level = _line_kind(lines, index, body_size, levels, bold_level, spacing)
        if current is not None and _continues(current, line, kind, level, spacing, left, typical):
            current.lines.append(line)
            continue
        if current is not None:
            yield _finish(current, vocabulary)
        current = _Open(kind, level, [line])
    if current is not None:
        yield _finish(current, vocabulary)


def _line_kind(
    lines: list[Line], index: int, body_size: float, levels: dict[float, int], bold_level: int, spacing: float
) -> tuple[str, int]:
    line = lines[index]
    if _is_large(line, body_size):
        return "heading", levels.get(_rounded(line.size), MAX_HEADING_LEVEL)
    if _is_bold_heading(lines, index, body_size, spacing):
        return "heading", bold_level
    return "paragraph", 0


def _is_bold_heading(lines: list[Line], index: int, body_size: float, spacing: float) -> bool:
    """A short bold line of body size standing on its own, between paragraphs: a run-in section heading."""
    line = lines[index]
    if not line.bold or len(line.text) > _BOLD_HEADING_MAX_CHARS or not _has_letters(line.text):
        return False
    if re.search(r"[.,;:]$", line.text) or abs(line.size - body_size) > 0.2 * body_size:
        return False
    after = lines[index + 1] if index + 1 < len(lines) else None
    if after is not None and after.bold:
        return False  # a bold paragraph, not a heading
    before = lines[index - 1] if index > 0 else None
    return before is None or bool(_SENTENCE_END.search(before.text)) or _gap(before, line) > 1.3 * spacing


def _continues(current: _Open, line: Line, kind: str, level: int, spacing: float, left: float, typical: float) -> bool:
    previous = current.lines[-1]
    if kind != current.kind or level != current.level:
        return False
    gap = _gap(previous, line)
    if current.kind == "heading":
        return 0 < gap <= 1.6 * max(line.size, previous.size)
    if gap < -0.5 * line.size:  # back up the page: the next column
        return not _ends_sentence(previous.text)
    if gap > 1.45 * spacing or _BULLET.match(line.text):
        return False
    first = current.lines[0]
    if _BULLET.match(first.text) and line.x <= first.x + 0.3 * line.size:
        return False  # back at the bullet's margin: the list item has ended
    ends_sentence = _ends_sentence(previous.text)
    indented = line.x - left > 0.8 * line.size and line.x - previous.x > 0.8 * line.size
    short = len(previous.text) < 0.75 * typical
    return not (ends_sentence and (indented or short))


def _finish(block: _Open, vocabulary: _Vocabulary) -> TextBlock:
    text = block.lines[0].text
    for line in block.lines[1:]:
        text = vocabulary.join(text, line.text)
    return TextBlock(block.kind, text, block.level)


def _gap(upper: Line, lower: Line) -> float:
    return upper.y - lower.y


def _line_spacing(lines: list[Line]) -> float:
    gaps = [
        _gap(upper, lower)
        for upper, lower in zip(lines, lines[1:], strict=False)
        if 0.5 * lower.size < _gap(upper, lower) < 3 * lower.size
    ]
    return median(gaps) if gaps else 1.2 * median(line.size for line in lines)


def _left_margin(lines: list[Line], body_size: float) -> float:
    """Where body lines start: the leftmost of the three most common starts (indented lines are rarer)."""
    starts = Counter(round(line.x) for line in lines if abs(line.size - body_size) <= 0.2 * body_size)
    if not starts:
        return min(line.x for line in lines)
    return float(min(x for x, _ in starts.most_common(3)))


def _typical_length(lines: list[Line], body_size: float) -> float:
    lengths = sorted(len(line.text) for line in lines if abs(line.size - body_size) <= 0.2 * body_size)
    return float(lengths[int(0.8 * (len(lengths) - 1))]) if lengths else 60.0


# -- across pages and columns ------------------------------------------------------------------------
def _append_after_page_break(blocks: list[TextBlock], block: TextBlock, vocabulary: _Vocabulary) -> None:
    """Add a page's first ``block``, joining it to the paragraph the page break interrupted."""
    previous = blocks[-1] if blocks else None
    if (
        previous is not None
        and previous.kind == block.kind == "paragraph"
        and not _BULLET.match(block.text)
        and (not _ends_sentence(previous.text) or block.text[:1].islower())
    ):
        blocks[-1] = TextBlock("paragraph", vocabulary.join(previous.text, block.text))
        return
    if previous is not None and previous.kind == block.kind == "heading" and previous.level == block.level:
        if previous.text == block.text:
            return  # a heading repeated on the next page ("Contents (continued)" aside)
    blocks.append(block)


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def _skipped_note(page: Page) -> str:
    return f"[Page {page.number} was skipped: {page.skipped}.]"


# -- joining lines -----------------------------------------------------------------------------------
class _Vocabulary:
    """The words of the whole document, to tell a word broken at a line end from a hyphenated compound."""

    def __init__(self, lines: list[Line]) -> None:
        self.words: set[str] = set()
        self.hyphenated: set[str] = set()
        for line in lines:
            text = line.text.lower()
            self.words.update(_WORD.findall(text))
            inner = text[:-1] if text.endswith("-") else text
            self.hyphenated.update(_HYPHENATED.findall(inner))

    def join(self, text: str, following: str) -> str:
        """``text`` and the line after it as one run of text."""
        if text.endswith("\u00ad"):  # a soft hyphen: always a broken word
            return text[:-1] + following
        broken = _BROKEN_WORD.search(text)
        if broken and not text.endswith("--"):
            first = following[:1]
            if first.isupper() or first.isdigit() or "-" in broken.group(1):
                return text + following  # "Franco-" + "German", "COVID-" + "19", "state-of-the-" + "art"
            tail = _LEADING_WORD.match(following)
            if first.islower() and tail:
                compound = f"{broken.group(1)}-{tail.group(1)}".lower()
                joined = f"{broken.group(1)}{tail.group(1)}".lower()
                if compound in self.hyphenated and joined not in self.words:
                    return text + following
                return text[:-1] + following
        if text.endswith(("—", "–")) and not text.endswith((" —", " –")):
            return text + following  # an unspaced dash
        return f"{text} {following}"


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)
