"""A list model over one article's highlights, for the annotation panel."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annotations.models import Annotation
from ui.highlights.notes import note_html
from ui.rich_delegate import ACCENT_ROLE, HTML_ROLE, tags_and_note_html
from ui.theme import highlight_color

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
QUOTE_PREVIEW_CHARS = 260


def annotation_html(annotation: Annotation) -> str:
    """The quote, its #tags, and its note rendered from Markdown (sanitised)."""
    quote = " ".join(annotation.exact.split())
    if len(quote) > QUOTE_PREVIEW_CHARS:
        quote = quote[: QUOTE_PREVIEW_CHARS - 1].rstrip() + "…"
    head = "<br>".join([f"“{html.escape(quote)}”", *tags_and_note_html(annotation.tags, "")])
    note = note_html(annotation.note)
    return head + (f"<div class='meta' style='margin-top:2px'>{note}</div>" if note else "")


class HighlightListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._annotations: list[Annotation] = []
        self._html: list[str] = []  # rendered once per change: the delegate asks on every paint

    def set_annotations(self, annotations: list[Annotation]) -> None:
        self.beginResetModel()
        self._annotations = sorted(annotations, key=lambda annotation: (annotation.start, annotation.end))
        self._html = [annotation_html(annotation) for annotation in self._annotations]
        self.endResetModel()

    def annotation_at(self, row: int) -> Annotation:
        return self._annotations[row]

    def row_of(self, annotation_id: int) -> int:
        return next((row for row, item in enumerate(self._annotations) if item.id == annotation_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._annotations)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._annotations):
            return None
        annotation = self._annotations[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return annotation.exact
        if role == HTML_ROLE:
            return self._html[index.row()]
        if role == ACCENT_ROLE:
            return highlight_color(annotation.color, alpha=255)
        if role == ANNOTATION_ID_ROLE:
            return annotation.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return ", ".join(annotation.tags) or None
        return None
