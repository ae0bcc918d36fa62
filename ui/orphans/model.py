"""A list model over orphaned highlights: the open article's first, each with its old quote in context."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annotations.models import Annotation
from ui.rich_delegate import ACCENT_ROLE, HTML_ROLE, tags_and_note_html
from ui.theme import highlight_color

ORPHAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
QUOTE_PREVIEW_CHARS = 260
CONTEXT_CHARS = 24


def orphan_html(annotation: Annotation, article_title: str = "") -> str:
    """The old quote (with a little of its old context, greyed), its #tags and note; the article if given."""
    quote = " ".join(annotation.exact.split())
    if len(quote) > QUOTE_PREVIEW_CHARS:
        quote = quote[: QUOTE_PREVIEW_CHARS - 1].rstrip() + "…"
    prefix = annotation.prefix.rsplit("\n", 1)[-1][-CONTEXT_CHARS:].lstrip()  # context from its own paragraph only
    suffix = annotation.suffix.split("\n", 1)[0][:CONTEXT_CHARS].rstrip()
    context_before = f"<span class='meta'>…{html.escape(prefix)}</span>" if prefix.strip() else ""
    context_after = f"<span class='meta'>{html.escape(suffix)}…</span>" if suffix.strip() else ""
    lines = []
    if article_title:
        lines.append(f"<span class='meta'><b>{html.escape(article_title)}</b></span>")
    lines.append(f"{context_before}<b>“{html.escape(quote)}”</b>{context_after}")
    lines += tags_and_note_html(annotation.tags, annotation.note)
    return "<br>".join(lines)


class OrphanListModel(QAbstractListModel):
    """Rows are orphans; ``current`` (the open article) sorts first and is shown without its title."""

    def __init__(self) -> None:
        super().__init__()
        self._orphans: list[Annotation] = []
        self._html: list[str] = []
        self._titles: dict[int, str] = {}
        self.current: int | None = None

    def set_orphans(self, orphans: list[Annotation], titles: dict[int, str], current: int | None) -> None:
        self.beginResetModel()
        self.current = current
        self._titles = dict(titles)
        self._orphans = sorted(
            orphans,
            key=lambda a: (a.document_id != current, self._titles.get(a.document_id, ""), a.document_id, a.start),
        )
        self._html = [
            orphan_html(
                a, "" if a.document_id == current else self._titles.get(a.document_id, f"Article #{a.document_id}")
            )
            for a in self._orphans
        ]
        self.endResetModel()

    def orphans(self) -> list[Annotation]:
        return list(self._orphans)

    def orphan_at(self, row: int) -> Annotation:
        return self._orphans[row]

    def row_of(self, annotation_id: int) -> int:
        return next((row for row, item in enumerate(self._orphans) if item.id == annotation_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._orphans)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._orphans):
            return None
        orphan = self._orphans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return orphan.exact
        if role == HTML_ROLE:
            return self._html[index.row()]
        if role == ACCENT_ROLE:
            return highlight_color(orphan.color, alpha=255)
        if role == ORPHAN_ID_ROLE:
            return orphan.id
        if role == DOCUMENT_ID_ROLE:
            return orphan.document_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._titles.get(orphan.document_id)
        return None
