"""One list model over highlights, used by the Highlights panel and the Orphans tab.

What differs between the two lists (the order, each item's HTML and tooltip) is a ``Presentation``
passed in with the highlights; the model itself only lists them and answers the roles.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotations.models import Annotation
from ui.highlights.notes import note_html
from ui.plain_text import plain_tooltip
from ui.rich_delegate import ACCENT_ROLE, HTML_ROLE, tags_and_note_html
from ui.theme import highlight_color

ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
QUOTE_PREVIEW_CHARS = 260
ANNOTATION_IDS_MIME = "application/x-lectern-annotation-ids"  # dragged highlights, e.g. onto a claim

_Index = QModelIndex | QPersistentModelIndex


def preview(quote: str) -> str:
    """A quote on one line, cut at QUOTE_PREVIEW_CHARS (plain text, not escaped)."""
    quote = " ".join(quote.split())
    return quote if len(quote) <= QUOTE_PREVIEW_CHARS else quote[: QUOTE_PREVIEW_CHARS - 1].rstrip() + "…"


def annotation_html(annotation: Annotation) -> str:
    """The quote, its #tags, who made it (a team library's), and its note rendered from Markdown (sanitised)."""
    people = team_line(annotation)
    lines = [f"“{html.escape(preview(annotation.exact))}”", *tags_and_note_html(annotation.tags, "")]
    head = "<br>".join([*lines, f"<span class='meta'>{html.escape(people)}</span>"] if people else lines)
    note = note_html(annotation.note)
    return head + (f"<div class='meta' style='margin-top:2px'>{note}</div>" if note else "")


def team_line(annotation: Annotation) -> str:
    """ "alice · edited by bob · Private" on a team library; "" on one's own (no creator is recorded)."""
    if not annotation.creator:
        return ""
    parts = [annotation.creator]
    if annotation.modified_by and annotation.modified_by != annotation.creator:
        parts.append(f"edited by {annotation.modified_by}")
    if annotation.visibility == "private":
        parts.append("Private")
    return " · ".join(parts)


def annotation_ids_of(data: QMimeData) -> list[int]:
    """The highlight ids a drag carries (ANNOTATION_IDS_MIME: ids separated by commas); [] for anything else."""
    raw = bytes(data.data(ANNOTATION_IDS_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


def text_order(annotation: Annotation) -> tuple[int, int]:
    return annotation.start, annotation.end


def tags_tooltip(annotation: Annotation) -> str | None:
    """The tags; on a team library also who made and last changed the highlight, and who sees it."""
    lines = [", ".join(annotation.tags)] if annotation.tags else []
    if annotation.creator:
        lines.append(f"Made by {annotation.creator}")
        if annotation.modified_by and annotation.modified_by != annotation.creator:
            lines.append(f"Last edited by {annotation.modified_by}")
        lines.append("Private: only its creator sees it" if annotation.visibility == "private" else "Seen by the team")
    return plain_tooltip("\n".join(lines)) or None


@dataclass(frozen=True)
class Presentation:
    """How a list shows its highlights: their order, each one's HTML and its tooltip."""

    order: Callable[[Annotation], Any] = text_order
    html: Callable[[Annotation], str] = annotation_html
    tooltip: Callable[[Annotation], str | None] = tags_tooltip


IN_TEXT_ORDER = Presentation()  # the open article's highlights, as the Highlights panel lists them


class AnnotationListModel(QAbstractListModel):
    """Highlights in the presentation's order; the HTML is rendered once per change (the delegate asks on every paint)."""

    def __init__(self, presentation: Presentation = IN_TEXT_ORDER, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.presentation = presentation
        self._annotations: list[Annotation] = []
        self._html: list[str] = []

    def set_annotations(self, annotations: Sequence[Annotation], presentation: Presentation | None = None) -> None:
        """Show these highlights (with a new presentation, if given: the orphans' depends on the open article)."""
        self.beginResetModel()
        if presentation is not None:
            self.presentation = presentation
        self._annotations = sorted(annotations, key=self.presentation.order)
        self._html = [self.presentation.html(annotation) for annotation in self._annotations]
        self.endResetModel()

    def update_annotation(self, annotation: Annotation) -> bool:
        """Show a changed highlight in its row (its place in the order kept); False if it is not listed."""
        row = self.row_of(annotation.id)
        if row < 0:
            return False
        self._annotations[row] = annotation
        self._html[row] = self.presentation.html(annotation)
        self.dataChanged.emit(self.index(row), self.index(row))
        return True

    def annotations(self) -> list[Annotation]:
        return list(self._annotations)

    def annotation_at(self, row: int) -> Annotation:
        return self._annotations[row]

    def row_of(self, annotation_id: int) -> int:
        return next((row for row, item in enumerate(self._annotations) if item.id == annotation_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._annotations)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
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
        if role == DOCUMENT_ID_ROLE:
            return annotation.document_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.presentation.tooltip(annotation)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [ANNOTATION_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged highlights' ids, so a claim they are dropped on can link them."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        ids = ",".join(str(self._annotations[row].id) for row in rows if 0 <= row < len(self._annotations))
        data.setData(ANNOTATION_IDS_MIME, QByteArray(ids.encode("ascii")))
        return data


def anchored(annotations: Sequence[Annotation]) -> list[Annotation]:
    """The highlights that have a passage (orphans are listed in the Orphans tab instead)."""
    return [annotation for annotation in annotations if not annotation.orphaned]
