"""The "Every mention" view: keyword-in-context lines, grouped by article, the match in one column.

Lines are built off the GUI thread (plain data in, plain data out); the model only lists them and the
delegate (``ui.search.kwic_delegate``) paints each line with the match in a fixed column, so every
match starts at the same x position, whatever the font (right-to-left lines mirrored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from index.search import Hit
from ui.plain_text import plain_tooltip
from ui.search.paging import PagedListModel

CONTEXT_CHARS = 50
ROW_ROLE = Qt.ItemDataRole.UserRole + 20
COUNT_ROLE = Qt.ItemDataRole.UserRole + 21  # a header's "12 mentions"
_FLATTEN = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2029": " ", "\u2028": " "})


@dataclass(frozen=True)
class KwicRow:
    """One row of the concordance: an article header (``hit`` is None) or one occurrence in context."""

    document_id: int
    title: str
    left: str = ""
    match: str = ""
    right: str = ""
    hit: Hit | None = None
    count: int = 0  # headers: the article's number of mentions

    @property
    def is_header(self) -> bool:
        return self.hit is None

    @property
    def line(self) -> str:
        """The line as plain text: the left context padded to CONTEXT_CHARS, so matches share a column."""
        return self.left.rjust(CONTEXT_CHARS) + self.match + self.right


def _flat(text: str) -> str:
    """Line breaks and tabs to spaces, one for one (the context keeps its length)."""
    return text.translate(_FLATTEN)


def kwic_line(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """``context`` characters either side of ``text[start:end]``, newlines flattened to spaces."""
    left = text[max(0, start - context) : start]
    right = text[end : end + context]
    return _flat(left), _flat(text[start:end]), _flat(right)


def concordance_rows(hits: Iterable[Hit], text_of: Callable[[int], str], after: KwicRow | None = None) -> list[KwicRow]:
    """Rows for ``hits`` in order: a header whenever the article changes, then one line per occurrence.

    Only mentions in an article's text are listed (a highlight's hit repeats an occurrence, a title match
    has no place in the text). ``after`` is the last row already shown, so a further page continues its
    group. Each header counts the lines under it."""
    rows: list[KwicRow] = []
    texts: dict[int, str] = {}
    current = after.document_id if after is not None else None
    header = -1
    for hit in hits:
        if hit.kind != "article" or hit.end <= hit.start:
            continue
        if hit.document_id not in texts:
            texts[hit.document_id] = text_of(hit.document_id)
        if hit.document_id != current:
            current = hit.document_id
            header = len(rows)
            rows.append(KwicRow(hit.document_id, hit.title))
        if header >= 0:
            rows[header] = replace(rows[header], count=rows[header].count + 1)
        left, match, right = kwic_line(texts[hit.document_id], hit.start, hit.end)
        rows.append(KwicRow(hit.document_id, hit.title, left, match, right, hit))
    return rows


class ConcordanceModel(PagedListModel[KwicRow]):
    """Headers and KWIC lines; pages arrive through ``append_rows`` (see ``SearchPanel``)."""

    def __init__(self) -> None:
        super().__init__()
        self.complete = True  # False while further pages may continue the last article's group

    def append_rows(self, rows: list[KwicRow]) -> None:
        if not rows:
            return
        continued = next((number for number, row in enumerate(rows) if row.is_header), len(rows))
        header = self._last_header()
        if continued and header is not None:  # the page continues the last group: count its lines
            self._rows[header] = replace(self._rows[header], count=self._rows[header].count + continued)
            self.dataChanged.emit(self.index(header), self.index(header))
        self._insert_rows(rows)

    def set_complete(self, complete: bool) -> None:
        """Whether every page is loaded; until then the last group's count reads "200+ mentions"."""
        if complete != self.complete:
            self.complete = complete
            header = self._last_header()
            if header is not None:
                self.dataChanged.emit(self.index(header), self.index(header))

    def _last_header(self) -> int | None:
        return next((row for row in range(len(self._rows) - 1, -1, -1) if self._rows[row].is_header), None)

    def header_text(self, row: int) -> str:
        item = self._rows[row]
        more = not self.complete and row == self._last_header()
        return f"{item.count}+ mentions" if more else mentions(item.count)

    @property
    def rows(self) -> list[KwicRow]:
        return list(self._rows)

    def last_row(self) -> KwicRow | None:
        return self._rows[-1] if self._rows else None

    def line_count(self) -> int:
        return sum(1 for row in self._rows if not row.is_header)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].is_header:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if row.is_header:
                return f"{row.title} — {self.header_text(index.row())}"
            return row.line
        if role == Qt.ItemDataRole.ToolTipRole and not row.is_header:
            return plain_tooltip(f"{row.title}\n…{row.left}{row.match}{row.right}…")
        if role == ROW_ROLE:
            return row
        if role == COUNT_ROLE and row.is_header:
            return self.header_text(index.row())
        return None


def mentions(count: int) -> str:
    return f"{count} mention{'s' if count != 1 else ''}"
