"""Markdown that would defeat Python-Markdown, found in linear time and neutralised before parsing.

Python-Markdown is quadratic on some shapes: every ``[`` scans the rest of its paragraph for a
matching ``]`` (20 KB of ``[`` took 53 s), ``](`` scans for ``)``, ``*a*a…`` backtracks, and its raw
HTML preprocessor rescans from every ``<tag`` to the next ``>`` across the whole text (``<a `` × 6,666
took 9 s). This module measures that work before parsing, from the text alone, and neutralises what
exceeds a budget:

- a paragraph-like block whose bracket work, tag rescans or emphasis runs exceed the budget (or
  the costliest blocks, until the whole text fits one) is taken out of the Markdown and shown as
  plain text (``GuardedMarkdown.restore`` puts it back, HTML-escaped, in place of a token paragraph);
- as a last resort, a ``<`` that opens a tag whose ``>`` is too far away is written ``&lt;``;
- list markers nested past ``MAX_MARKERS_PER_LINE`` on one line (Python-Markdown recurses on each)
  are escaped;
- a block nested deeper than ``MAX_NESTING`` levels (indentation and markers: a list 2,000 levels deep
  took minutes), with a table row of more than ``MAX_TABLE_COLUMNS`` cells (or a table of more than
  ``MAX_TABLE_CELLS``), with footnote marks past the first ``MAX_FOOTNOTE_MARKS``, or with more than
  ``INLINE_ITEMS_PER_BLOCK`` backslash escapes (each one is a placeholder the inline processor rescans:
  145,000 took minutes), is kept as plain text;
- Python-Markdown pops blocks off the front of a list, quadratic in their number (100,000 one-line
  paragraphs took 7 s), so a long text is parsed in chunks of ``CHUNK_BLOCKS`` blocks, and blocks past
  ``MAX_BLOCKS`` are kept as plain text. (Reference links do not reach across chunks: only documents of
  more than ``CHUNK_BLOCKS`` blocks are chunked.)

Anything this misses is still stopped by the per-file time limit of the import workers.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import secrets
from dataclasses import dataclass

# Characters Python-Markdown's scanners walk per block, at roughly 4 million a second: ~0.25 s.
BLOCK_SCAN_BUDGET = 1_000_000
DOCUMENT_SCAN_BUDGET = 2_000_000
# Characters the raw-HTML preprocessor's regex may rescan in the whole text (3-10 million a second).
TAG_SCAN_BUDGET = 1_000_000
# Runs of ``*`` or ``_`` in one block (``*a*a…`` backtracks; a rule of 20,000 ``*`` is one run).
EMPHASIS_RUNS_PER_BLOCK = 2_000
MAX_MARKERS_PER_LINE = 16
MAX_NESTING = 32  # levels: four columns of indentation or one list/quote marker each
INLINE_ITEMS_PER_BLOCK = 5_000
CHUNK_BLOCKS = 10_000
MAX_BLOCKS = 50_000
MAX_TABLE_COLUMNS = 256  # cells of a table row (a row of 2,000 cells × 50 rows took 8 s to import)
MAX_TABLE_CELLS = 20_000  # cells of one table (20,000 rows of 2 cells took 5 s)
# Footnote marks (``[^``) parsed as footnotes: 4,000 footnotes took 5 s; blocks with more are plain text.
MAX_FOOTNOTE_MARKS = 2_000

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_TAG_OPEN = re.compile(r"<[A-Za-z!?/]")
_EMPHASIS_RUN = re.compile(r"\*+|_+")
_BRACKET = re.compile(r"\\.|[\[\]()]", re.DOTALL)
_OPENER = {"]": "[", ")": "("}
_LINE_MARKERS = re.compile(r"^[ \t]*(?:(?:[-+*]|\d{1,9}[.)]|>)[ \t]+)+")
_MARKER = re.compile(r"([-+*]|\d{1,9}[.)]|>)([ \t]+)")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_INDENT = re.compile(r"[ \t]*")
_QUOTES = re.compile(r"[ \t]*(?:>[ \t]?)+")  # ">>>>" nests as deep as "> > > >"


@dataclass(frozen=True)
class GuardedMarkdown:
    """Markdown safe to parse, what was neutralised, and how to put plain-text blocks back."""

    text: str
    token: str  # the plain-text block number n stands in ``text`` as the paragraph f"{token}{n}"
    plain_blocks: tuple[str, ...]  # the original text of each run of blocks kept as plain text
    plain_count: int = 0  # blocks kept as plain text
    escaped_tags: int = 0
    flattened_lines: int = 0
    chunks: tuple[str, ...] = ()  # ``text`` in pieces to parse one after another (empty: in one piece)

    @property
    def changed(self) -> int:
        """How many passages were neutralised (0: the Markdown is parsed exactly as written)."""
        return self.plain_count + self.escaped_tags + self.flattened_lines

    def restore(self, rendered: str) -> str:
        """The rendered HTML with each plain-text block, HTML-escaped, in place of its token (one pass)."""
        if not self.plain_blocks:
            return rendered

        def plain(match: re.Match[str]) -> str:
            text = html.escape(self.plain_blocks[int(match.group(2))], quote=False)
            return f"<p>{text}</p>" if match.group(1) else text

        return re.sub(rf"(<p>)?{self.token}(\d+)(?(1)</p>)", plain, rendered)


def guard_markdown(text: str) -> GuardedMarkdown:
    """``text`` with every shape that would make Python-Markdown slow neutralised (linear time)."""
    blocks = _blocks(text.split("\n"))
    joined = ["\n".join(lines) for _, lines in blocks]
    candidates = [index for index, (kind, _) in enumerate(blocks) if kind == "text"]
    plain_ids = _too_costly(candidates, joined, _tag_costs(text, joined)) | set(candidates[MAX_BLOCKS:])
    plain_ids |= {
        index
        for index in candidates
        if _too_nested(blocks[index][1]) or _escapes(joined[index]) or _too_wide(blocks[index][1])
    }
    plain_ids |= _past_footnote_limit(candidates, joined)
    token = f"LecternPlainText{secrets.token_hex(8)}N"
    cut = f"{token}Cut"
    parsed_blocks = 0
    plain: list[list[str]] = []  # runs of plain blocks separated only by blank lines share one token
    in_run = False
    out: list[str] = []
    flattened = 0
    for index, (kind, lines) in enumerate(blocks):
        if index in plain_ids:
            if in_run:
                plain[-1].append(joined[index])
            else:
                out.extend(["", f"{token}{len(plain)}", ""])
                plain.append([joined[index]])
                in_run = True
            continue
        if in_run and kind == "other" and not joined[index].strip():
            continue  # blank lines inside a run of plain blocks (the token has its own)
        in_run = False
        if kind == "text":
            if parsed_blocks and parsed_blocks % CHUNK_BLOCKS == 0 and lines[0][:1] not in ("", " ", "\t"):
                out.extend([cut, ""])  # a block at the margin after a blank line starts a new chunk
            parsed_blocks += 1
            lines, count = _flatten_markers(lines)
            flattened += count
        out.extend(lines)
    guarded, escaped = _escape_far_tags("\n".join(out))
    blocks_text = tuple("\n\n".join(run) for run in plain)
    chunks = tuple(guarded.split(f"{cut}\n")) if len(candidates) > CHUNK_BLOCKS else ()
    return GuardedMarkdown(guarded, token, blocks_text, len(plain_ids), escaped, flattened, chunks)


def _too_nested(lines: list[str]) -> bool:
    """Whether a line of the block is indented or marked past ``MAX_NESTING`` levels."""
    for line in lines:
        indent = len(_INDENT.match(line).group(0).expandtabs(4))
        if indent > 4 * MAX_NESTING:
            return True
        quotes = _QUOTES.match(line)
        if quotes is not None and quotes.group(0).count(">") > MAX_NESTING:
            return True
        head = _LINE_MARKERS.match(line)
        if head is not None and indent // 4 + len(_MARKER.findall(head.group(0))) > MAX_NESTING:
            return True
    return False


def _too_wide(lines: list[str]) -> bool:
    """Whether a line of the block would be a table row of more than ``MAX_TABLE_COLUMNS`` cells."""
    pipes = [line.count("|") for line in lines]
    return max(pipes) > MAX_TABLE_COLUMNS or sum(pipes) > MAX_TABLE_CELLS


def _past_footnote_limit(candidates: list[int], blocks: list[str]) -> set[int]:
    """The blocks holding footnote marks once ``MAX_FOOTNOTE_MARKS`` have been seen (earlier ones stay notes)."""
    seen = 0
    past: set[int] = set()
    for index in candidates:
        marks = blocks[index].count("[^")
        seen += marks
        if marks and seen > MAX_FOOTNOTE_MARKS:
            past.add(index)
    return past


def _escapes(block: str) -> bool:
    """Whether the block holds more backslash escapes than the inline processor rescans quickly."""
    return "\\" in block and len(_ESCAPE.findall(block)) > INLINE_ITEMS_PER_BLOCK


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Runs of lines: ``text`` (between blank lines, outside fenced code) or ``other`` (blank, fenced).

    A fence counts only when closed, as Python-Markdown reads it: an unclosed one is parsed as text."""
    openings = [(index, match.group(1)) for index, line in enumerate(lines) if (match := _FENCE.match(line))]
    closers: dict[str, list[int]] = {}  # a closing line is exactly its opening's fence (trailing spaces aside)
    for index, fence in openings:
        if lines[index].rstrip(" ") == fence:
            closers.setdefault(fence, []).append(index)
    fenced: set[int] = set()
    reached = -1
    for index, fence in openings:
        if index <= reached:
            continue
        candidates = closers.get(fence, [])
        after = bisect.bisect_right(candidates, index)
        if after < len(candidates):
            reached = candidates[after]
            fenced.update(range(index, reached + 1))
    blocks: list[tuple[str, list[str]]] = []
    for index, line in enumerate(lines):
        kind = "other" if index in fenced or not line.strip() else "text"
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    return blocks


def _tag_costs(text: str, blocks: list[str]) -> list[int]:
    """Per block, the characters the raw-HTML preprocessor rescans from its tag openings to the next
    ``>`` anywhere after them (its regex is no faster than the bracket scanners on such input)."""
    opens = [match.start() for match in _TAG_OPEN.finditer(text)]
    costs = [0] * len(blocks)
    if not opens:
        return costs
    closes = [match.start() for match in re.finditer(">", text)]
    starts = list(itertools.accumulate((len(block) + 1 for block in blocks), initial=0))
    for start in opens:
        after = bisect.bisect_right(closes, start)
        distance = (closes[after] if after < len(closes) else len(text)) - start
        costs[bisect.bisect_right(starts, start) - 1] += distance
    return costs


def _too_costly(candidates: list[int], blocks: list[str], tag_costs: list[int]) -> set[int]:
    """The blocks to keep as plain text: each one over its own budget, then the costliest until the
    rest of the document fits the document's budget."""
    chosen = {index for index in candidates if _emphasis_runs(blocks[index]) > EMPHASIS_RUNS_PER_BLOCK}
    costs = sorted(
        ((_scan_cost(blocks[index]) + tag_costs[index], index) for index in candidates),
        reverse=True,
    )
    total = sum(cost for cost, index in costs if index not in chosen)
    for cost, index in costs:
        if index in chosen:
            continue
        if cost <= BLOCK_SCAN_BUDGET and total <= DOCUMENT_SCAN_BUDGET:
            break
        chosen.add(index)
        total -= cost
    return chosen


def _emphasis_runs(block: str) -> int:
    if "*" not in block and "_" not in block:
        return 0
    return len(_EMPHASIS_RUN.findall(block))


def _scan_cost(block: str) -> int:
    """Characters walked from each ``[`` or ``(`` to its match (or to the end when unmatched)."""
    cost = 0
    open_at: dict[str, list[int]] = {"[": [], "(": []}
    for match in _BRACKET.finditer(block):  # visits the brackets and escapes only
        char = match.group(0)
        if char in open_at:
            open_at[char].append(match.start())
        elif len(char) == 1 and open_at[_OPENER[char]]:
            cost += match.start() - open_at[_OPENER[char]].pop()
    end = len(block)
    return cost + sum(end - index for starts in open_at.values() for index in starts)


def _escape_far_tags(text: str) -> tuple[str, int]:
    """Write ``&lt;`` for the tag openings farthest from their ``>`` until the rescans fit the budget."""
    opens = [match.start() for match in _TAG_OPEN.finditer(text)]
    if not opens:
        return text, 0
    closes = [match.start() for match in re.finditer(">", text)]
    distances: list[tuple[int, int]] = []
    for start in opens:  # characters rescanned from each opening to its ">" (or the end)
        after = bisect.bisect_right(closes, start)
        distances.append(((closes[after] if after < len(closes) else len(text)) - start, start))
    total = sum(distance for distance, _ in distances)
    if total <= TAG_SCAN_BUDGET:
        return text, 0
    escape: set[int] = set()
    for distance, start in sorted(distances, reverse=True):
        if total <= TAG_SCAN_BUDGET:
            break
        escape.add(start)
        total -= distance
    pieces: list[str] = []
    last = 0
    for start in sorted(escape):
        pieces.extend([text[last:start], "&lt;"])
        last = start + 1
    pieces.append(text[last:])
    return "".join(pieces), len(escape)


def _flatten_markers(lines: list[str]) -> tuple[list[str], int]:
    """Escape list and quote markers past ``MAX_MARKERS_PER_LINE`` at the start of a line."""
    flattened = 0
    result: list[str] = []
    for line in lines:
        head = _LINE_MARKERS.match(line)
        if head is None or len(_MARKER.findall(head.group(0))) <= MAX_MARKERS_PER_LINE:
            result.append(line)
            continue
        kept = 0

        def escape(marker: re.Match[str]) -> str:
            nonlocal kept
            kept += 1
            if kept <= MAX_MARKERS_PER_LINE:
                return marker.group(0)
            return "\\" + marker.group(1) + marker.group(2)

        result.append(_MARKER.sub(escape, head.group(0)) + line[head.end() :])
        flattened += 1
    return result, flattened
