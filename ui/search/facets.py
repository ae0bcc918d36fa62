"""Facets of a result set (counts by tag, colour, article and year); a click narrows the query.

``FacetsModel`` is a two-level item model over ``index.facets.Facets`` (a section per kind, its values
under it, label and count in two columns); ``FacetsView`` shows it and asks for a narrowing clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from ui.plain_text import plain_tooltip
from ui.reader.marks import color_swatch
from ui.theme import current_theme

FILTER_ROLE = Qt.ItemDataRole.UserRole + 30
MAX_PER_SECTION = 12
LABEL_COLUMN, COUNT_COLUMN = 0, 1
_SECTION = 0  # the internal id of a section's index; a value's is its section's row + 1

_Index = QModelIndex | QPersistentModelIndex

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


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    clause: str  # what a click adds to the query
    color: str | None = None  # a highlight colour, drawn as a swatch


@dataclass(frozen=True)
class FacetSection:
    caption: str
    values: tuple[FacetValue, ...]


def facet_sections(facets: Any | None) -> list[FacetSection]:
    """The non-empty sections of ``facets`` in the order shown, each cut at MAX_PER_SECTION values."""
    if facets is None:
        return []
    sections = [
        ("Tags", [FacetValue(f"#{name}", count, tag_filter(name)) for name, count in facets.tags]),
        ("Colours", [FacetValue(name.capitalize(), count, color_filter(name), name) for name, count in facets.colors]),
        ("Articles", [FacetValue(title, count, article_filter(title)) for _id, title, count in facets.articles]),
        ("Years", [FacetValue(str(year), count, year_filter(year)) for year, count in facets.years]),
    ]
    return [FacetSection(caption, tuple(values[:MAX_PER_SECTION])) for caption, values in sections if values]


class FacetsModel(QAbstractItemModel):
    """Sections at the top level (not selectable), their values below; columns: label, count."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[FacetSection] = []
        self._swatches: dict[tuple[str, str], QIcon] = {}  # (theme, colour): a theme switch repaints, asking again
        self._section_font = QFont()
        self._section_font.setPointSizeF(max(7.0, self._section_font.pointSizeF() - 1.5))
        self._section_font.setWeight(QFont.Weight.DemiBold)
        self._section_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)

    def set_facets(self, facets: Any | None) -> None:
        self.beginResetModel()
        self._sections = facet_sections(facets)
        self.endResetModel()

    def clauses(self) -> list[str]:
        """Every clause offered, in order."""
        return [value.clause for section in self._sections for value in section.values]

    def index_of(self, clause: str) -> QModelIndex:
        """The label index of the value that adds ``clause``, or an invalid index."""
        for number, section in enumerate(self._sections):
            for row, value in enumerate(section.values):
                if value.clause == clause:
                    return self.createIndex(row, LABEL_COLUMN, number + 1)
        return QModelIndex()

    def _value(self, index: _Index) -> FacetValue | None:
        section = index.internalId() - 1
        return self._sections[section].values[index.row()] if section >= 0 else None

    # -- structure -------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else _SECTION)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _SECTION:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, LABEL_COLUMN, _SECTION)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._sections)
        if parent.internalId() == _SECTION and parent.column() == LABEL_COLUMN:
            return len(self._sections[parent.row()].values)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 2

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _SECTION:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- content ---------------------------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        value = self._value(index)
        column = index.column()
        if value is None:  # a section's caption
            if role == Qt.ItemDataRole.DisplayRole:
                return self._sections[index.row()].caption.upper() if column == LABEL_COLUMN else ""
            if role == Qt.ItemDataRole.FontRole and column == LABEL_COLUMN:  # the count column keeps the row height
                return self._section_font
            if role == Qt.ItemDataRole.ForegroundRole:
                return current_theme().color("muted")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return value.label if column == LABEL_COLUMN else str(value.count)
        if role == FILTER_ROLE:
            return value.clause
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"Narrow to {value.clause}")
        if role == Qt.ItemDataRole.DecorationRole and column == LABEL_COLUMN and value.color is not None:
            return self._swatch(value.color)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == COUNT_COLUMN:
            return current_theme().color("muted")
        return None

    def _swatch(self, color: str) -> QIcon:
        """The colour as the page of the theme shown now paints it."""
        key = (current_theme().name, color)
        if key not in self._swatches:
            self._swatches[key] = color_swatch(color)
        return self._swatches[key]


class FacetsView(QTreeView):
    """Shows a ``FacetsModel``; ``filter_requested(clause)`` when a value is clicked or activated."""

    filter_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchFacets")
        self.facets_model = FacetsModel(self)
        self.setModel(self.facets_model)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(10)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(LABEL_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(COUNT_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.clicked.connect(self._on_chosen)
        self.activated.connect(self._on_chosen)

    def set_facets(self, facets: Any | None) -> None:
        self.facets_model.set_facets(facets)
        for row in range(self.facets_model.rowCount()):
            self.setFirstColumnSpanned(row, QModelIndex(), True)
        self.expandAll()

    def section_count(self) -> int:
        return self.facets_model.rowCount()

    def clauses(self) -> list[str]:
        """Every clause offered, in order (for tests and the keyboard)."""
        return self.facets_model.clauses()

    def index_for(self, clause: str) -> QModelIndex:
        """The row offering ``clause`` (invalid when none does)."""
        return self.facets_model.index_of(clause)

    def _on_chosen(self, index: QModelIndex) -> None:
        clause = index.data(FILTER_ROLE) if index.isValid() else None  # either column; none on a caption
        if clause:
            self.filter_requested.emit(str(clause))
