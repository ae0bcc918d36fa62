"""Building the reader's QTextDocument block by block from the core's block list.

Each core block becomes exactly one text block holding exactly its text, so the document's plain
text equals the stored canonical text and every stored offset is a cursor position (DESIGN §3).
Where any paragraph reads right to left (Arabic, Persian, Hebrew), each block gets its own direction
(``ui.bidi``): it is then aligned and indented from the right, and a mixed article keeps both.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextListFormat,
    QTextOption,
)

from annotations.blocks import Block, Style, html_to_blocks
from annotations.sanitize import is_safe_link
from ui.bidi import directions, has_right_to_left
from ui.plain_text import plain_tooltip
from ui.theme import current_theme

BODY_POINT_SIZE = 12.5
_HEADING_SCALE = {1: 1.75, 2: 1.45, 3: 1.25, 4: 1.1, 5: 1.0, 6: 1.0}
_QUOTE_INDENT = 28.0
_LIST_INDENT = 26.0
# Link, code, table, quote and rule colours are the current theme's (ui.theme), read at each layout.
SERIF_FAMILIES = ["Literata", "Source Serif Pro", "Georgia", "Charter", "DejaVu Serif", "Noto Serif", "serif"]
SANS_FAMILIES = ["Source Sans 3", "Noto Sans", "DejaVu Sans", "sans-serif"]
MONO_FAMILIES = ["JetBrains Mono", "DejaVu Sans Mono", "Noto Sans Mono", "monospace"]


@dataclass(frozen=True)
class Typography:
    """The reading font, its size and the paragraphs' line height (Preferences and the zoom keys change them);
    headings, code and tables scale with ``point_size``."""

    families: tuple[str, ...] = tuple(SERIF_FAMILIES)
    point_size: float = BODY_POINT_SIZE
    line_spacing: int = 150  # per cent of the font's height, for paragraphs and list items


def body_font(typography: Typography | None = None) -> QFont:
    typography = typography or Typography()
    font = QFont()
    font.setFamilies(list(typography.families))
    font.setPointSizeF(typography.point_size)
    return font


def build_document(
    html: str, document: QTextDocument | None = None, typography: Typography | None = None
) -> QTextDocument:
    """Fill ``document`` (or a new one) with the blocks of sanitised ``html``."""
    return render_blocks(html_to_blocks(html), document, typography)


def render_blocks(
    blocks: list[Block], document: QTextDocument | None = None, typography: Typography | None = None
) -> QTextDocument:
    document = document or QTextDocument()
    typography = typography or Typography()
    document.clear()
    document.setDefaultFont(body_font(typography))
    document.setDocumentMargin(24)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    tab_stops = _table_tab_stops(blocks, document.defaultFont())
    list_stack: list[tuple[int, bool, object]] = []  # (depth, ordered, QTextList) of the open lists
    previous: Block | None = None
    right_to_left = directions([block.text for block in blocks])
    mixed = any(right_to_left)  # an article with no right-to-left paragraph keeps Qt's own choice
    for number, block in enumerate(blocks):
        block_format = _block_format(block, previous, tab_stops, typography.line_spacing)
        if mixed:
            _set_direction(block_format, right_to_left[number])
        if number == 0:
            cursor.setBlockFormat(block_format)
        else:
            cursor.insertBlock(block_format, QTextCharFormat())
        if block.kind == "list_item":
            _join_list(cursor, block, list_stack)
        elif block.kind != "list_item" and not (block.kind == "paragraph" and block.level):
            list_stack.clear()
        base = _base_char_format(block, typography.point_size)
        for run in block.runs:
            cursor.insertText(run.text, _char_format(base, run.style, upright=mixed and has_right_to_left(run.text)))
        previous = block
    cursor.endEditBlock()
    return document


def _join_list(cursor: QTextCursor, block: Block, list_stack: list[tuple[int, bool, object]]) -> None:
    while list_stack and list_stack[-1][0] > block.level:
        list_stack.pop()
    if list_stack and list_stack[-1][0] == block.level and list_stack[-1][1] == block.list_ordered:
        list_stack[-1][2].add(cursor.block())  # type: ignore[attr-defined]
        return
    if list_stack and list_stack[-1][0] == block.level:
        list_stack.pop()
    list_format = QTextListFormat()
    if block.list_ordered:
        list_format.setStyle(QTextListFormat.Style.ListDecimal)
        list_format.setStart(max(1, block.list_number))
    else:
        list_format.setStyle(QTextListFormat.Style.ListDisc if block.level <= 1 else QTextListFormat.Style.ListCircle)
    list_format.setIndent(block.level + block.quote_depth)
    list_stack.append((block.level, block.list_ordered, cursor.createList(list_format)))


def _block_format(
    block: Block, previous: Block | None, tab_stops: dict[int, list[float]], line_spacing: int = 150
) -> QTextBlockFormat:
    block_format = QTextBlockFormat()
    block_format.setLineHeight(line_spacing, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    block_format.setBottomMargin(12)
    indent = block.quote_depth * _QUOTE_INDENT
    if block.kind == "heading":
        block_format.setHeadingLevel(block.level)
        block_format.setTopMargin(22 if block.level <= 2 else 16)
        block_format.setBottomMargin(8)
        block_format.setLineHeight(min(120, line_spacing), QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    elif block.kind == "list_item":
        block_format.setBottomMargin(6)
    elif block.kind == "paragraph" and block.level:
        indent += block.level * _LIST_INDENT + _LIST_INDENT
    elif block.kind == "code":
        block_format.setBackground(current_theme().color("code_background"))
        block_format.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block_format.setTopMargin(8 if previous is None or previous.kind != "code" else 0)
        block_format.setBottomMargin(0)
        block_format.setNonBreakableLines(True)
        indent += 12
    elif block.kind == "table_row":
        block_format.setBackground(current_theme().color("table_header" if block.header_row else "table_row"))
        block_format.setBottomMargin(1)
        block_format.setLineHeight(130, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block_format.setTabPositions(
            [QTextOption.Tab(position, QTextOption.TabType.LeftTab) for position in tab_stops.get(block.table_id, [])]
        )
        if previous is None or previous.kind != "table_row" or previous.table_id != block.table_id:
            block_format.setTopMargin(6)
        indent += 8
    elif block.kind == "rule":
        block_format.setProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth, 1)
        block_format.setBackground(QBrush(current_theme().color("rule"), Qt.BrushStyle.NoBrush))  # the rule's colour
    if previous is not None and previous.kind == "code" and block.kind != "code":
        block_format.setTopMargin(max(block_format.topMargin(), 12))
    if previous is not None and previous.kind == "table_row" and block.kind != "table_row":
        block_format.setTopMargin(max(block_format.topMargin(), 14))
    block_format.setLeftMargin(indent)
    return block_format


def _set_direction(block_format: QTextBlockFormat, right_to_left: bool) -> None:
    """Lay the block out right to left (or left to right); its indent and table columns then start from the right.

    In a right-to-left block Qt measures tab positions from the right edge, and a left tab would align a
    cell's far end there: a right tab aligns where the cell starts."""
    block_format.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight)
    if not right_to_left:
        return
    if block_format.leftMargin():
        block_format.setRightMargin(block_format.leftMargin())
        block_format.setLeftMargin(0)
    if block_format.tabPositions():
        block_format.setTabPositions(
            [QTextOption.Tab(tab.position, QTextOption.TabType.RightTab) for tab in block_format.tabPositions()]
        )


def _base_char_format(block: Block, point_size: float = BODY_POINT_SIZE) -> QTextCharFormat:
    char_format = QTextCharFormat()
    if block.kind == "heading":
        char_format.setFontWeight(QFont.Weight.Bold)
        char_format.setFontPointSize(point_size * _HEADING_SCALE.get(block.level, 1.0))
    elif block.kind == "code":
        char_format.setFontFamilies(MONO_FAMILIES)
        char_format.setFontPointSize(point_size * 0.85)
    elif block.kind == "table_row":
        char_format.setFontPointSize(point_size * 0.9)
        if block.header_row:
            char_format.setFontWeight(QFont.Weight.DemiBold)
    if block.quote_depth:
        char_format.setFontItalic(True)
        char_format.setForeground(current_theme().color("quote"))
    return char_format


def _char_format(base: QTextCharFormat, style: Style, upright: bool = False) -> QTextCharFormat:
    """``upright``: Arabic, Persian and Hebrew are not set in italics (quotes and emphasis keep their colour
    and weight; an italic face usually lacks those scripts, which then show as empty boxes)."""
    char_format = QTextCharFormat(base)
    if upright:
        char_format.setFontItalic(False)
    if style.bold:
        char_format.setFontWeight(QFont.Weight.Bold)
    if style.italic and not upright:
        char_format.setFontItalic(True)
    elif style.italic and not style.bold:
        char_format.setFontWeight(QFont.Weight.DemiBold)  # emphasis as these scripts set it
    if style.underline:
        char_format.setFontUnderline(True)
    if style.strike:
        char_format.setFontStrikeOut(True)
    if style.code:
        char_format.setFontFamilies(MONO_FAMILIES)
        char_format.setBackground(current_theme().color("code_background"))
    if style.superscript:
        char_format.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    elif style.subscript:
        char_format.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSubScript)
    if style.href and is_safe_link(style.href):
        char_format.setAnchor(True)
        char_format.setAnchorHref(style.href)
        char_format.setForeground(current_theme().color("link"))
        char_format.setFontUnderline(True)
        char_format.setToolTip(plain_tooltip(style.href))
    return char_format


def _table_tab_stops(blocks: list[Block], font: QFont) -> dict[int, list[float]]:
    """Left tab positions per table, wide enough for the widest cell of each column."""
    table_font = QFont(font)
    table_font.setPointSizeF(font.pointSizeF() * 0.9)
    table_font.setWeight(QFont.Weight.DemiBold)
    metrics = QFontMetricsF(table_font)
    widths: dict[int, list[float]] = {}
    for block in blocks:
        if block.kind != "table_row":
            continue
        columns = widths.setdefault(block.table_id, [])
        for column, cell in enumerate(block.text.split("\t")):
            width = min(metrics.horizontalAdvance(cell), 320.0)
            if column < len(columns):
                columns[column] = max(columns[column], width)
            else:
                columns.append(width)
    stops: dict[int, list[float]] = {}
    for table_id, columns in widths.items():
        position, positions = 0.0, []
        for width in columns[:-1]:
            position += width + 28.0
            positions.append(position)
        stops[table_id] = positions
    return stops
