"""Facets of a result set (counts by tag, colour, article and year); a click narrows the query."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ui.reader.marks import color_swatch

FILTER_ROLE = Qt.ItemDataRole.UserRole + 30
MAX_PER_SECTION = 12


def _quoted(value: str) -> str:
    """A field value as the query language reads it: bare when it is one plain word, else in quotes."""
    cleaned = value.replace('"', " ").strip()
    if cleaned and all(character.isalnum() or character in "-_/." for character in cleaned):
        return cleaned
    return f'"{cleaned}"'


def tag_filter(name: str) -> str:
    return f"tag:{_quoted(name)}"


def color_filter(name: str) -> str:
    return f"color:{name}"


def year_filter(year: object) -> str:
    return f"published:{year}"


def article_filter(title: str) -> str:
    """An article's mentions and its highlights: its title, or the article title stored on a highlight."""
    quoted = f'"{title.replace(chr(34), " ").strip()}"'
    return f"(title:{quoted} OR article:{quoted})"


def narrowed(query: str, clause: str) -> str:
    """``query`` AND ``clause``; a clause already there is not added twice."""
    query = query.strip()
    if clause in query:
        return query
    if " OR " in f" {query.upper()} ":  # keep "a OR b" together: (a OR b) tag:x
        query = f"({query})"
    return f"{query} {clause}".strip()


class FacetsView(QTreeWidget):
    """Four short sections; ``filter_requested(clause)`` when a value is clicked or activated."""

    filter_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchFacets")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(10)
        self.setUniformRowHeights(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemClicked.connect(self._on_item_chosen)
        self.itemActivated.connect(self._on_item_chosen)

    def set_facets(self, facets: Any | None) -> None:
        self.clear()
        if facets is None:
            return
        sections: list[tuple[str, list[tuple[str, int, str, str | None]]]] = [
            ("Tags", [(f"#{name}", count, tag_filter(name), None) for name, count in facets.tags]),
            ("Colours", [(name.capitalize(), count, color_filter(name), name) for name, count in facets.colors]),
            (
                "Articles",
                [(title, count, article_filter(title), None) for _document_id, title, count in facets.articles],
            ),
            ("Years", [(str(year), count, year_filter(year), None) for year, count in facets.years]),
        ]
        for caption, values in sections:
            if not values:
                continue
            section = QTreeWidgetItem(self, [caption.upper(), ""])
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            section.setFirstColumnSpanned(True)
            font = section.font(0)
            font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
            font.setWeight(font.Weight.DemiBold)
            font.setLetterSpacing(font.SpacingType.PercentageSpacing, 108)
            section.setFont(0, font)
            section.setForeground(0, self.palette().placeholderText())
            for label, count, clause, color in values[:MAX_PER_SECTION]:
                item = QTreeWidgetItem(section, [label, str(count)])
                item.setData(0, FILTER_ROLE, clause)
                item.setToolTip(0, f"Narrow to {clause}")
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setForeground(1, self.palette().placeholderText())
                if color is not None:
                    item.setIcon(0, color_swatch(color))
        self.expandAll()

    def clauses(self) -> list[str]:
        """Every clause offered, in order (for tests and the keyboard)."""
        found = []
        for top in range(self.topLevelItemCount()):
            section = self.topLevelItem(top)
            found.extend(str(section.child(row).data(0, FILTER_ROLE)) for row in range(section.childCount()))
        return found

    def item_for(self, clause: str) -> QTreeWidgetItem | None:
        for top in range(self.topLevelItemCount()):
            section = self.topLevelItem(top)
            for row in range(section.childCount()):
                if section.child(row).data(0, FILTER_ROLE) == clause:
                    return section.child(row)
        return None

    def _on_item_chosen(self, item: QTreeWidgetItem, _column: int) -> None:
        clause = item.data(0, FILTER_ROLE)
        if clause:
            self.filter_requested.emit(str(clause))
