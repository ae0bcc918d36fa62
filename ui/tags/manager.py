"""The tag manager: the tag tree with counts, colours and descriptions; rename, merge, move, delete tags.

Every operation goes through the library, so it renames everywhere (store and search index) and is
undoable; afterwards ``AppEvents.tags_changed`` tells the other views.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotations.errors import LecternError
from annotations.tags import normalize_tag
from app import Library
from ui.events import AppEvents
from ui.tags.dialogs import TOP_LEVEL, TagChoiceDialog, TagDetailsDialog, TagDialog
from ui.tags.model import (
    NAME_COLUMN,
    OWN_COLUMN,
    SORT_ROLE,
    TAG_NAME_ROLE,
    TOTAL_COLUMN,
    TagTreeModel,
)
from ui.tags.tree import TagNode, build_tag_tree, find_node

COUNT_COLUMN_WIDTH = 48


def details_html(node: TagNode) -> str:
    """The selected tag under the tree: full name, counts and description."""
    counts = [f"{node.own} highlight{'s' if node.own != 1 else ''}" if node.stored else "a parent only"]
    if node.children:
        counts.append(f"{node.total} with the tags below")
    description = f"<br>{html.escape(node.description)}" if node.description else ""
    return f"<b>{html.escape(node.name)}</b> <span style='color:#7a7467'>· {' · '.join(counts)}</span>{description}"


class TagManager(QWidget):
    """The Tags panel. ``search_requested(query)`` asks for a ``tag:`` search (Enter or double-click)."""

    search_requested = Signal(str)

    def __init__(self, library: Library, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagManager")
        self.library = library
        self.events = events
        self.dialog: QDialog | None = None  # the open rename/merge/move/details dialog, if any
        self._collapsed: set[str] = set()
        self._select_next: str | None = None
        self._loaded = False

        self.model = TagTreeModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterRole(TAG_NAME_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("tagFilter")
        self.filter_edit.setPlaceholderText("Filter tags")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.tree = self._build_tree()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("panelCaption")
        self.details_label = QLabel()
        self.details_label.setObjectName("tagDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self._build_actions()

        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for action in (self.rename_action, self.merge_action, self.move_action, self.delete_action,
                       self.details_action):  # fmt: skip
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(f"tagButton_{action.objectName()}")
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details_label)
        layout.addLayout(buttons)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        events.tags_changed.connect(self.schedule_refresh)
        events.annotations_changed.connect(self.schedule_refresh)
        events.documents_changed.connect(self.schedule_refresh)
        self.model.move_requested.connect(self.move_tag)
        self._update_actions()

    def _build_tree(self) -> QTreeView:
        tree = QTreeView()
        tree.setObjectName("tagTree")
        tree.setModel(self.proxy)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSortingEnabled(True)
        tree.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        tree.setExpandsOnDoubleClick(False)  # a double-click searches for the tag
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.setDropIndicatorShown(True)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._on_context_menu)
        tree.activated.connect(lambda _index: self.search_selected())
        tree.collapsed.connect(lambda index: self._collapsed.add(str(index.data(TAG_NAME_ROLE))))
        tree.expanded.connect(lambda index: self._collapsed.discard(str(index.data(TAG_NAME_ROLE))))
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column in (OWN_COLUMN, TOTAL_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, COUNT_COLUMN_WIDTH)
        return tree

    def _build_actions(self) -> None:
        def action(name: str, text: str, tip: str, slot: Callable[[], None], shortcut: str = "") -> QAction:
            created = QAction(text, self)
            created.setObjectName(name)
            created.setToolTip(tip)
            created.triggered.connect(slot)
            if shortcut:
                created.setShortcut(QKeySequence(shortcut))
                created.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.tree.addAction(created)
            return created

        self.rename_action = action("rename", "Rename…", "Rename the tag everywhere (F2)", self.rename_selected, "F2")
        self.merge_action = action("merge", "Merge…", "Fold this tag into another one", self.merge_selected)
        self.move_action = action("move", "Move…", "Move the tag under another tag (or drag it there)",
                                  self.move_selected)  # fmt: skip
        self.delete_action = action("delete", "Delete…", "Remove the tag from every highlight (Del)",
                                    self.delete_selected, "Del")  # fmt: skip
        self.details_action = action("details", "Details…", "Colour and description", self.edit_details_selected)
        self.search_action = action("search", "Search for Tag", "List the highlights with this tag (Enter)",
                                    self.search_selected)  # fmt: skip
        self.tree.selectionModel().selectionChanged.connect(self._update_actions)

    # -- refreshing --------------------------------------------------------------------------------
    def schedule_refresh(self) -> None:
        """Refresh soon (once for a burst of changes), or when next shown if hidden."""
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._loaded = False

    def refresh(self) -> None:
        """Rebuild the tree from the library, keeping the selection, collapsed branches and sorting."""
        self._refresh_timer.stop()
        selected = self._select_next or self.selected_tag()
        self._select_next = None
        tags = self.library.tags.counts()
        self.model.set_tree(build_tag_tree(tags, self._branch_total))
        self._loaded = True
        self.tree.expandAll()
        for name in sorted(self._collapsed):
            index = self._proxy_index(name)
            if index.isValid():
                self.tree.collapse(index)
        if selected:
            self.select_tag(selected)
        uses = sum(tag.count for tag in tags)
        self.summary_label.setText(
            f"{len(tags)} tag{'s' if len(tags) != 1 else ''} · {uses} use{'s' if uses != 1 else ''}"
            if tags else "No tags yet: press T on a highlight to tag it"
        )  # fmt: skip
        self._update_actions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def _branch_total(self, name: str) -> int:
        # Distinct highlights of a branch; the facade has no call for it, the store's query is read-only.
        return self.library.tags.highlights_tagged(name)

    # -- selection ---------------------------------------------------------------------------------
    def selected_tag(self) -> str | None:
        index = self.tree.currentIndex()
        return str(index.data(TAG_NAME_ROLE)) if index.isValid() else None

    def selected_node(self) -> TagNode | None:
        name = self.selected_tag()
        return find_node(self.model.root, name) if name else None

    def select_tag(self, name: str) -> bool:
        index = self._proxy_index(name)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        return index.isValid()

    def _proxy_index(self, name: str) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(name))

    def _update_actions(self) -> None:
        node = self.selected_node()
        for action in (self.rename_action, self.merge_action, self.move_action, self.delete_action,
                       self.details_action, self.search_action):  # fmt: skip
            action.setEnabled(node is not None)
        self.details_label.setText(details_html(node) if node is not None else "")
        self.details_label.setVisible(node is not None)

    def _on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    def _on_context_menu(self, position: QPoint) -> None:
        if not self.tree.indexAt(position).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.search_action)
        menu.addSeparator()
        for action in (self.rename_action, self.merge_action, self.move_action, self.details_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.popup(self.tree.viewport().mapToGlobal(position))

    # -- operations (each one undoable in the core) ------------------------------------------------
    def rename_tag(self, old: str, new: str, dialog: TagDialog | None = None) -> bool:
        """Rename ``old`` (with its children) to ``new`` on every highlight."""
        return self._apply(lambda: self.library.tags.rename(old, new).value, f"Renamed “{old}” to “{normalize_tag(new)}”",
                           normalize_tag(new), dialog)  # fmt: skip

    def merge_tags(self, source: str, target: str, dialog: TagDialog | None = None) -> bool:
        """Give every highlight tagged ``source`` the tag ``target`` instead."""
        return self._apply(lambda: self.library.tags.merge(source, target).value, f"Merged “{source}” into “{target}”",
                           normalize_tag(target), dialog)  # fmt: skip

    def move_tag(self, name: str, parent: str, dialog: TagDialog | None = None) -> bool:
        """Move ``name`` (with its children) under ``parent``, or to the top level for ``""``."""
        leaf = name.rsplit("/", 1)[-1]
        target = f"{normalize_tag(parent)}/{leaf}" if parent.strip() else leaf
        where = f"under “{normalize_tag(parent)}”" if parent.strip() else "to the top level"
        return self._apply(lambda: self.library.tags.move(name, parent).value, f"Moved “{name}” {where}", target, dialog)

    def delete_tag(self, name: str) -> bool:
        """Remove ``name`` (with its children) from every highlight."""
        return self._apply(lambda: self.library.tags.delete(name).value, f"Deleted the tag “{name}”", None, None)

    def set_tag_details(self, name: str, color: str, description: str, dialog: TagDialog | None = None) -> bool:
        def save() -> int:
            self.library.tags.set_details(name, color=color, description=description)
            return 0

        return self._apply(save, f"Saved the details of “{name}”", name, dialog, count=False)

    def _apply(
        self, operation: Callable[[], int], done: str, select: str | None, dialog: TagDialog | None, count: bool = True
    ) -> bool:
        try:
            changed = operation()
        except LecternError as error:
            if isinstance(dialog, TagDialog):
                dialog.show_error(str(error))
            else:
                self.events.status_message.emit(str(error))
            return False
        if dialog is not None:
            dialog.accept()
        self._select_next = select
        self.events.tags_changed.emit()
        self.refresh()  # now, not with the other views' burst: the user is looking at this tree
        suffix = f" on {changed} highlight{'s' if changed != 1 else ''}" if count else ""
        self.events.status_message.emit(f"{done}{suffix}. Undo with Ctrl+Z.")
        return True

    # -- asking the user -----------------------------------------------------------------------------
    def rename_selected(self) -> None:
        node = self.selected_node()
        if node is None:
            return
        children = f" Tags below it follow (“{node.children[0].name}” too)." if node.children else ""
        dialog = TagChoiceDialog("Rename tag", f"Rename “{node.name}” on every highlight.{children}", "New name",
                                 text=node.name, parent=self)  # fmt: skip
        dialog.chosen.connect(lambda new: self.rename_tag(node.name, new, dialog))
        self._open(dialog)

    def merge_selected(self) -> None:
        node = self.selected_node()
        if node is None:
            return
        family = {node.name, *(child.name for child in node.walk())}
        targets = [tag.name for tag in self.library.tags.counts() if tag.name not in family]
        dialog = TagChoiceDialog(
            "Merge tags",
            f"Give every highlight tagged “{node.name}” the tag below instead; “{node.name}” goes away.",
            "Merge into",
            choices=targets,
            parent=self,
        )
        dialog.chosen.connect(lambda target: self.merge_tags(node.name, target, dialog))
        self._open(dialog)

    def move_selected(self) -> None:
        node = self.selected_node()
        if node is None:
            return
        current = node.parent.name if node.parent is not None else ""
        banned = {node.name, current, *(child.name for child in node.walk())}
        parents = sorted(candidate.name for candidate in self.model.root.walk() if candidate.name not in banned)
        below = " and the tags below it" if node.children else ""
        dialog = TagChoiceDialog(
            "Move tag",
            f"Move “{node.name}”{below} under another tag (a new one is fine).",
            "New parent",
            choices=parents,
            special={TOP_LEVEL: ""} if current else {},
            parent=self,
        )
        dialog.text_edit.clear()
        dialog.chosen.connect(lambda parent: self.move_tag(node.name, parent, dialog))
        self._open(dialog)

    def edit_details_selected(self) -> None:
        node = self.selected_node()
        if node is None:
            return
        dialog = TagDetailsDialog(node.name, node.color, node.description, self)
        dialog.saved.connect(lambda name, color, text: self.set_tag_details(name, color, text, dialog))
        self._open(dialog)

    def delete_selected(self) -> None:
        """Ask first, naming the number of highlights that lose the tag."""
        node = self.selected_node()
        if node is None:
            return
        count = node.total if node.children else node.own
        below = f" and the {len(list(node.walk()))} tags below it" if node.children else ""
        box = QMessageBox(QMessageBox.Icon.Question, "Delete tag", "", parent=self)
        box.setObjectName("deleteTagConfirm")
        box.setText(
            f"Remove the tag “{node.name}”{below} from {count} highlight{'s' if count != 1 else ''}?"
            if count else f"Delete the tag “{node.name}”{below}? No highlight carries it."
        )  # fmt: skip
        box.setInformativeText("The highlights themselves stay. Edit → Undo (Ctrl+Z) brings the tag back.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda result: self.delete_tag(node.name) if result == QMessageBox.StandardButton.Yes else None
        )
        self._open(box)

    def search_selected(self) -> None:
        name = self.selected_tag()
        if name:
            self.search_requested.emit(f"tag:{name}")

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.open()
