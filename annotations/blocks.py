"""Sanitised HTML -> a flat list of styled blocks, and the canonical plain text they spell.

The reader builds its page from these blocks one by one, so the text it shows is, by construction,
``canonical_text(blocks)``: blocks joined by ``\\n``. Every offset Lectern stores points into that text
(DESIGN §3). Whitespace is collapsed the way a browser would; tables become one block per row with
cells separated by tabs, so no invisible frame characters shift the offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

_SPACE_CHARS = " \t\n\r\f\v\xa0\u2028\u2029\u200b"
# Runs of white space other than a lone " ": only those need rewriting, which keeps big pages fast.
_WHITESPACE = re.compile(rf"[{_SPACE_CHARS[1:]}][{_SPACE_CHARS}]*| [{_SPACE_CHARS}]+")
# Characters Qt's text document treats specially (frame markers) or that have no place in reading text.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0\ufdd1\ufeff\ufffc]")

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "figure",
        "figcaption", "dl", "dt", "dd", "address", "details", "summary", "caption", "body", "html",
    }
)  # fmt: skip
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
# Quote and list nesting deeper than this is shown at this depth: the text is unchanged, the indent stays sane.
MAX_SHOWN_DEPTH = 12


@dataclass(frozen=True)
class Style:
    """Inline character style of a run of text."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    underline: bool = False
    strike: bool = False
    superscript: bool = False
    subscript: bool = False
    href: str = ""


@dataclass
class Run:
    text: str
    style: Style


@dataclass
class Block:
    """One paragraph-like unit of the page. ``kind`` decides its look; ``runs`` hold its text."""

    kind: str = "paragraph"  # paragraph | heading | list_item | code | table_row | rule
    level: int = 0  # heading level, or list nesting depth
    quote_depth: int = 0
    list_ordered: bool = False
    list_number: int = 0
    header_row: bool = False
    table_id: int = 0
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def canonical_text(blocks: list[Block]) -> str:
    """The plain text the reader shows for ``blocks``: the only text offsets refer to."""
    return "\n".join(block.text for block in blocks)


def html_to_blocks(html: str) -> list[Block]:
    """Split sanitised HTML into blocks with collapsed whitespace; empty paragraphs are dropped."""
    builder = _BlockBuilder()
    builder.feed(html)
    builder.close()
    return builder.blocks


def html_to_text(html: str) -> str:
    return canonical_text(html_to_blocks(html))


@dataclass
class _ListState:
    ordered: bool
    next_number: int


class _BlockBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._current: Block | None = None
        self._styles: list[tuple[str, Style]] = [("", Style())]
        self._lists: list[_ListState] = []
        self._quote_depth = 0
        self._heading = 0
        self._pre_depth = 0
        self._table_depth = 0
        self._table_count = 0
        self._in_header_section = False
        self._row: Block | None = None
        self._cells_in_row = 0
        self._pending_list_marker: tuple[bool, int] | None = None

    @property
    def _shown_quote_depth(self) -> int:
        return min(self._quote_depth, MAX_SHOWN_DEPTH)

    # -- structure -------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._table_depth and tag not in {"table", "tr", "td", "th", "thead", "tbody", "tfoot", "br"}:
            self._push_style(tag, attrs)
            return
        if tag in _HEADINGS:
            self._end_block()
            self._heading = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self._end_block()
            start = _int_attr(attrs, "start", 1)
            self._lists.append(_ListState(ordered=tag == "ol", next_number=start))
        elif tag == "li":
            self._end_block()
            if self._lists:
                state = self._lists[-1]
                self._pending_list_marker = (state.ordered, state.next_number)
                state.next_number += 1
        elif tag == "blockquote":
            self._end_block()
            self._quote_depth += 1
        elif tag == "pre":
            self._end_block()
            self._pre_depth += 1
        elif tag == "br":
            if self._table_depth:
                self._append_text(" ")
            else:
                self._end_block()
        elif tag == "hr":
            self._end_block()
            self.blocks.append(Block(kind="rule", quote_depth=self._shown_quote_depth))
        elif tag == "table":
            self._end_block()
            self._table_depth += 1
            if self._table_depth == 1:
                self._table_count += 1
        elif tag in ("thead", "tbody", "tfoot"):
            self._in_header_section = tag == "thead"
        elif tag == "tr":
            self._end_row()
            self._row = Block(
                kind="table_row",
                table_id=self._table_count,
                quote_depth=self._shown_quote_depth,
                header_row=self._in_header_section,
            )
            self._cells_in_row = 0
        elif tag in ("td", "th"):
            if self._row is None:
                self._row = Block(kind="table_row", table_id=self._table_count, quote_depth=self._shown_quote_depth)
                self._cells_in_row = 0
            if self._cells_in_row:
                _strip_trailing_space(self._row)
                self._row.runs.append(Run("\t", Style()))
            self._cells_in_row += 1
            if tag == "th" and self._cells_in_row == 1 and not self._row.runs:
                self._row.header_row = True
        elif tag in _BLOCK_TAGS:
            self._end_block()
        else:
            self._push_style(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._table_depth and tag not in {"table", "tr", "td", "th", "thead", "tbody", "tfoot"}:
            self._pop_style(tag)
            return
        if tag in _HEADINGS:
            self._end_block()
            self._heading = 0
        elif tag in ("ul", "ol"):
            self._end_block()
            if self._lists:
                self._lists.pop()
            self._pending_list_marker = None
        elif tag == "li":
            self._end_block()
            self._pending_list_marker = None
        elif tag == "blockquote":
            self._end_block()
            self._quote_depth = max(0, self._quote_depth - 1)
        elif tag == "pre":
            self._end_block()
            self._pre_depth = max(0, self._pre_depth - 1)
        elif tag == "table":
            self._end_row()
            self._table_depth = max(0, self._table_depth - 1)
        elif tag in ("thead", "tbody", "tfoot"):
            self._in_header_section = False
        elif tag == "tr":
            self._end_row()
        elif tag in ("td", "th"):
            if self._row is not None:
                _strip_trailing_space(self._row)
        elif tag in _BLOCK_TAGS:
            self._end_block()
        else:
            self._pop_style(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        data = _INVISIBLE.sub("", data)
        if not data:
            return
        if self._pre_depth and not self._table_depth:
            self._append_preformatted(data)
        else:
            self._append_text(_WHITESPACE.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._end_row()
        self._end_block()

    # -- text ------------------------------------------------------------------------------------
    def _append_text(self, text: str) -> None:
        target = self._row if self._table_depth and self._row is not None else None
        if target is None:
            if self._table_depth:  # text in a table outside any row: keep it as a row of its own
                self._row = Block(kind="table_row", table_id=self._table_count, quote_depth=self._shown_quote_depth)
                self._cells_in_row = 1
                target = self._row
            else:
                if self._current is None and not text.strip(" "):
                    return  # white space between blocks opens nothing
                target = self._open_block()
        existing = target.text
        if not existing or existing.endswith((" ", "\t")):
            text = text.lstrip(" ")
        if text:
            self._add_run(target, text)

    def _append_preformatted(self, text: str) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", " ").replace("\u2029", " ")
        text = text.replace("\xa0", " ")
        lines = text.split("\n")
        for number, line in enumerate(lines):
            if number:
                self._end_block(keep_empty=True)
            if line:
                self._add_run(self._open_block(kind="code"), line)
            elif number < len(lines) - 1:
                self._open_block(kind="code")

    def _add_run(self, block: Block, text: str) -> None:
        style = self._styles[-1][1]
        if block.runs and block.runs[-1].style == style:
            block.runs[-1].text += text
        else:
            block.runs.append(Run(text, style))

    def _open_block(self, kind: str | None = None) -> Block:
        if self._current is not None:
            return self._current
        block = Block(quote_depth=self._shown_quote_depth, level=min(len(self._lists), MAX_SHOWN_DEPTH))
        if kind == "code" or self._pre_depth:
            block.kind = "code"
        elif self._heading:
            block.kind, block.level = "heading", self._heading
        elif self._pending_list_marker is not None:
            block.kind = "list_item"
            block.list_ordered, block.list_number = self._pending_list_marker
            self._pending_list_marker = None
        self._current = block
        return block

    def _end_block(self, keep_empty: bool = False) -> None:
        block, self._current = self._current, None
        if block is None:
            return
        if block.kind != "code":
            _strip_trailing_space(block)
        if block.runs or keep_empty:
            self.blocks.append(block)

    def _end_row(self) -> None:
        row, self._row = self._row, None
        if row is None:
            return
        _strip_trailing_space(row)
        if row.text.strip("\t"):
            self.blocks.append(row)

    # -- inline styles ---------------------------------------------------------------------------
    def _push_style(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = self._styles[-1][1]
        if tag in ("b", "strong"):
            style = replace(style, bold=True)
        elif tag in ("i", "em", "cite", "q"):
            style = replace(style, italic=True)
        elif tag in ("code", "kbd", "samp"):
            style = replace(style, code=True)
        elif tag in ("u", "ins"):
            style = replace(style, underline=True)
        elif tag in ("s", "del", "strike"):
            style = replace(style, strike=True)
        elif tag == "sup":
            style = replace(style, superscript=True)
        elif tag == "sub":
            style = replace(style, subscript=True)
        elif tag == "a":
            style = replace(style, href=dict(attrs).get("href") or "")
        elif tag not in ("span", "mark", "small", "abbr", "time"):
            return
        self._styles.append((tag, style))

    def _pop_style(self, tag: str) -> None:
        for position in range(len(self._styles) - 1, 0, -1):
            if self._styles[position][0] == tag:
                del self._styles[position:]
                return


def _strip_trailing_space(block: Block) -> None:
    while block.runs:
        last = block.runs[-1]
        stripped = last.text.rstrip(" ")
        if stripped:
            last.text = stripped
            return
        block.runs.pop()


def _int_attr(attrs: list[tuple[str, str | None]], name: str, default: int) -> int:
    value = dict(attrs).get(name)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
