"""A claim's page list: its evidence under Supports / Contradicts / Context headings, each oldest first.

Headings are rows that cannot be chosen; an evidence row knows its passage, so one click opens it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotations.models import STANCES
from app.claims import ClaimEvidence, Evidence
from ui.highlights.model import preview
from ui.rich_delegate import HTML_ROLE

EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Evidence of a row, None on a heading
ORPHANED_TEXT = "Orphaned: this passage is no longer found in the article"

_Index = QModelIndex | QPersistentModelIndex


def source_line(item: Evidence) -> str:
    """Article title — author, site — date (what is known of them)."""
    who = ", ".join(part for part in (item.byline, item.site) if part)
    return " — ".join(part for part in (item.title or "Untitled", who, item.published or "undated") if part)


def evidence_html(item: Evidence) -> str:
    lines = [f"“{html.escape(preview(item.exact))}”", f"<span class='meta'>{html.escape(source_line(item))}</span>"]
    if item.orphaned:
        lines.append(f"<span class='meta'><i>{ORPHANED_TEXT}</i></span>")
    return "<br>".join(lines)


class EvidenceModel(QAbstractListModel):
    """Rows: a heading per stance with its count ("Supports (3)"), then that stance's evidence."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, Evidence | None]] = []  # (html, evidence or None for a heading)

    def set_evidence(self, found: ClaimEvidence | None) -> None:
        self.beginResetModel()
        self._rows = []
        if found is not None:
            for stance in STANCES:
                items = found.of(stance)
                self._rows.append((f"<b>{stance.capitalize()} ({len(items)})</b>", None))
                self._rows.extend((evidence_html(item), item) for item in items)
        self.endResetModel()

    def evidence_at(self, row: int) -> Evidence | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def row_of(self, annotation_id: int) -> int:
        return next((r for r, (_h, item) in enumerate(self._rows) if item and item.annotation_id == annotation_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        markup, item = self._rows[index.row()]
        if role == HTML_ROLE:
            return markup
        if role == Qt.ItemDataRole.DisplayRole:
            return item.exact if item else markup.removeprefix("<b>").removesuffix("</b>")
        if role == EVIDENCE_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole and item is not None:
            return ORPHANED_TEXT if item.orphaned else "Click or press Enter to open the passage"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.evidence_at(index.row()) is None:
            return Qt.ItemFlag.ItemIsEnabled  # a heading: shown, never chosen
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
