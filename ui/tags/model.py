"""An item model over the tag tree: name with colour swatch and counts; drag a tag onto another to move it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont, QIcon, QPainter, QPixmap

from ui.plain_text import plain_tooltip
from ui.reader.marks import painted_highlight, underline_color
from ui.tags.tree import TagNode
from ui.theme import current_theme

TAG_NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the full path of the tag ("region/iran")
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # numbers for the count columns, names for the others
STORED_ROLE = Qt.ItemDataRole.UserRole + 3  # False for a parent implied only by its children's names
TAG_MIME_TYPE = "application/x-lectern-tag"

NAME_COLUMN, OWN_COLUMN, TOTAL_COLUMN = range(3)
HEADERS = ("Tag", "Own", "All")
HEADER_TIPS = (
    "The tag; a / in a name makes it a child (region/iran)",
    "Highlights with exactly this tag",
    "Highlights with this tag or any tag below it",
)
Index = QModelIndex | QPersistentModelIndex


def tag_swatch(color: str, size: int = 12) -> QIcon:
    """A round swatch of a highlight colour as the current theme's page shows it; an empty ring when the tag has none."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    theme = current_theme()
    if color in theme.highlights:
        painter.setBrush(painted_highlight(color))
        painter.setPen(underline_color(color))  # the theme's saturated ink: the colour reads on any page
    else:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(theme.color("faint"))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class TagTreeModel(QAbstractItemModel):
    """Read-only over a ``TagNode`` tree; a drop asks for a move through ``move_requested`` (the owner moves)."""

    move_requested = Signal(str, str)  # tag, new parent ("" for the top level)

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.root = TagNode("")
        self._swatches: dict[tuple[str, str], QIcon] = {}  # (theme, colour): a theme switch repaints, asking again

    def set_tree(self, root: TagNode) -> None:
        self.beginResetModel()
        self.root = root
        self.endResetModel()

    def node(self, index: Index) -> TagNode:
        return index.internalPointer() if index.isValid() else self.root  # type: ignore[no-any-return]

    def index_of(self, name: str) -> QModelIndex:
        """The index (column 0) of the tag called ``name``, or an invalid index."""
        node = next((candidate for candidate in self.root.walk() if candidate.name == name), None)
        return self.createIndex(node.row(), 0, node) if node is not None else QModelIndex()

    # -- structure -------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    # -- content ---------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(node, column)
        if role == SORT_ROLE:
            return (node.label.lower(), node.own, node.total)[column]
        if role == TAG_NAME_ROLE:
            return node.name
        if role == STORED_ROLE:
            return node.stored
        if role == Qt.ItemDataRole.DecorationRole and column == NAME_COLUMN:
            return self._swatch(node.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(node)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (OWN_COLUMN, TOTAL_COLUMN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == NAME_COLUMN and not node.stored:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and not node.stored:
            return QBrush(current_theme().color("muted"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (OWN_COLUMN, TOTAL_COLUMN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _swatch(self, color: str) -> QIcon:
        key = (current_theme().name, color)
        if key not in self._swatches:
            self._swatches[key] = tag_swatch(color)
        return self._swatches[key]

    # -- drag and drop: drop a tag on another to move it there, between top-level rows to the top --
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled  # the empty area (top level) takes drops too
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [TAG_MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        names = [self.node(index).name for index in indexes if index.isValid() and index.column() == 0]
        if names:
            data.setData(TAG_MIME_TYPE, names[0].encode("utf-8"))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not data.hasFormat(TAG_MIME_TYPE):
            return False
        name = bytes(data.data(TAG_MIME_TYPE).data()).decode("utf-8")
        target = self.node(parent).name
        current_parent = name.rsplit("/", 1)[0] if "/" in name else ""
        return bool(name) and target != current_parent and target != name and not target.startswith(name + "/")

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        name = bytes(data.data(TAG_MIME_TYPE).data()).decode("utf-8")
        target = self.node(parent).name
        # Asked for after the drop returns: the move resets this model, which the view must not see mid-drop.
        QTimer.singleShot(0, lambda: self.move_requested.emit(name, target))
        return True


def _display(node: TagNode, column: int) -> str:
    if column == NAME_COLUMN:
        return node.label
    if column == OWN_COLUMN:
        return str(node.own) if node.stored else ""
    return str(node.total) if node.children else ""


def _tooltip(node: TagNode) -> str:
    lines = [node.name]
    if node.stored:
        lines.append(f"{node.own} highlight{'s' if node.own != 1 else ''} with this tag")
    else:
        lines.append("Not a tag itself: a parent of the tags below it")
    if node.children:
        lines.append(f"{node.total} in this branch")
    if node.description:
        lines.append(node.description)
    return plain_tooltip("\n".join(lines))
