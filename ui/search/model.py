"""A list model over search hits: title, kind, snippet with marked words, tags."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from index.search import Hit
from ui.rich_delegate import ACCENT_ROLE, HTML_ROLE, tags_and_note_html
from ui.search.paging import PagedListModel
from ui.theme import highlight_color

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def hit_html(hit: Hit, copy_of: int | None = None) -> str:
    """Title, kind (and "copy of #12" for a syndicated copy), the snippet, tags and note."""
    kind = "Highlight" if hit.kind == "annotation" else "Article"
    copy = f" · copy of #{copy_of}" if copy_of is not None else ""
    head = f"<b>{html.escape(hit.title)}</b> <span class='meta'>· {kind}{copy}</span>"
    snippet = hit.snippet or "<span class='meta'>(matched the title)</span>"
    return "<br>".join([head, snippet, *tags_and_note_html(hit.tags, hit.note)])


class SearchResultModel(PagedListModel[Hit]):
    """The hits loaded so far; the view asks for the next page (``fetchMore``) as it scrolls to the end.

    ``copies`` names the loaded articles that are syndicated copies, each with its story's root article."""

    def __init__(self) -> None:
        super().__init__()
        self.copies: dict[int, int] = {}

    def set_hits(self, hits: list[Hit], copies: dict[int, int] | None = None) -> None:
        self.copies = dict(copies or {})
        self.set_rows(hits)

    def append_hits(self, hits: list[Hit], copies: dict[int, int] | None = None) -> None:
        self.copies.update(copies or {})
        self._insert_rows(hits)

    @property
    def hits(self) -> list[Hit]:
        return list(self._rows)

    def hit_at(self, row: int) -> Hit:
        return self._rows[row]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.title}: {html.unescape(hit.snippet.replace('<mark>', '').replace('</mark>', ''))}"
        if role == HTML_ROLE:
            return hit_html(hit, self.copies.get(hit.document_id))
        if role == ACCENT_ROLE and hit.kind == "annotation":
            return highlight_color(hit.color, alpha=255)
        if role == HIT_ROLE:
            return hit
        return None
