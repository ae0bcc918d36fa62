"""The Claims tab's list: claims with their counts per stance, paged in, and a drop target for highlights.

Dropping highlights (dragged from the Highlights list) on a claim does not write: the model says which
claim and which highlights in ``links_dropped``, and the controller links them through ``Operations``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from annotations.models import STANCES
from app.claims import ClaimSummary
from ui.highlights.model import ANNOTATION_IDS_MIME, annotation_ids_of
from ui.rich_delegate import HTML_ROLE

CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200  # claims read at a time; more as the list scrolls

_Index = QModelIndex | QPersistentModelIndex
Loader = Callable[[int, int], Sequence[ClaimSummary]]  # (offset, limit) -> a page of claims


def stance_counts(summary: ClaimSummary) -> str:
    """ "3 supports · 1 contradicts · 2 context", or "No evidence yet"."""
    counts = {"supports": summary.supports, "contradicts": summary.contradicts, "context": summary.context}
    parts = [f"{counts[stance]} {stance}" for stance in STANCES if counts[stance]]
    return " · ".join(parts) if parts else "No evidence yet"


def claim_html(summary: ClaimSummary) -> str:
    """The claim's text in bold, then its #tags and its counts per stance."""
    lines = [f"<b>{html.escape(summary.text)}</b>"]
    if summary.tags:
        lines.append(" ".join(f"<span class='tag'>#{html.escape(tag)}</span>" for tag in summary.tags))
    lines.append(f"<span class='meta'>{html.escape(stance_counts(summary))}</span>")
    return "<br>".join(lines)


class ClaimListModel(QAbstractListModel):
    """Claims in the order they were made, read a page at a time through ``loader``."""

    links_dropped = Signal(int, list)  # claim id, the dropped highlights' ids

    def __init__(self, loader: Loader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self._claims: list[ClaimSummary] = []
        self._html: list[str] = []
        self._exhausted = True

    def reload(self) -> None:
        """Read the claims again, at least as many as were shown (so a scrolled list keeps its place)."""
        wanted = max(PAGE_SIZE, len(self._claims))
        claims = list(self._loader(0, wanted))
        self.beginResetModel()
        self._claims = claims
        self._html = [claim_html(claim) for claim in claims]
        self._exhausted = len(claims) < wanted
        self.endResetModel()

    def claim_at(self, row: int) -> ClaimSummary:
        return self._claims[row]

    def row_of(self, claim_id: int) -> int:
        return next((row for row, claim in enumerate(self._claims) if claim.id == claim_id), -1)

    # -- paging ------------------------------------------------------------------------------------
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        more = list(self._loader(len(self._claims), PAGE_SIZE))
        self._exhausted = len(more) < PAGE_SIZE
        if more:
            first = len(self._claims)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._claims.extend(more)
            self._html.extend(claim_html(claim) for claim in more)
            self.endInsertRows()

    # -- the list ----------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._claims)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._claims):
            return None
        claim = self._claims[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return claim.text
        if role == HTML_ROLE:
            return self._html[index.row()]
        if role == CLAIM_ID_ROLE:
            return claim.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return stance_counts(claim)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else base

    # -- dropping highlights -------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [ANNOTATION_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.LinkAction | Qt.DropAction.CopyAction

    def _target(self, row: int, parent: _Index) -> int | None:
        """The claim a drop lands on: the item under it (``parent``), else the row it names."""
        target = parent.row() if parent.isValid() else row
        return self._claims[target].id if 0 <= target < len(self._claims) else None

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return data.hasFormat(ANNOTATION_IDS_MIME) and self._target(row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        claim_id = self._target(row, parent)
        ids = annotation_ids_of(data)
        if claim_id is None or not ids:
            return False
        self.links_dropped.emit(claim_id, ids)
        return True
