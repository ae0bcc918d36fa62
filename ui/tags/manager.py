"""The tag manager: the tag tree with counts, colours and descriptions, and the tag actions.

The panel only shows and asks: its actions (rename, merge, move, delete, details, and a drag onto
another tag) emit intent signals with the chosen tag's name; ``ui.tags.controller`` asks the user and
runs the operation. The tree refreshes from the ``Changes`` an operation broadcasts.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from annotations.models import TagCount
from app import Changes, Library
from ui.empty_hint import EmptyHint
from ui.events import AppEvents
from ui.plain_text import plain_label
from ui.tags.model import (
    NAME_COLUMN,
    OWN_COLUMN,
    SORT_ROLE,
    TAG_NAME_ROLE,
    TOTAL_COLUMN,
    TagTreeModel,
)
from ui.tags.tree import TagNode, build_tag_tree, find_node
from ui.theme import current_theme
from ui.theme_watch import ThemeWatch
from ui.workers import run_in_background

COUNT_COLUMN_WIDTH = 48


def details_html(node: TagNode) -> str:
    """The selected tag under the tree: full name, counts and description."""
    counts = [f"{node.own} highlight{'s' if node.own != 1 else ''}" if node.stored else "a parent only"]
    if node.children:
        counts.append(f"{node.total} with the tags below")
    description = f"<br>{html.escape(node.description)}" if node.description else ""
    muted = current_theme().muted  # in the theme shown now: the label is filled again after a theme switch
    return f"<b>{html.escape(node.name)}</b> <span style='color:{muted}'>· {' · '.join(counts)}</span>{description}"


class TagManager(QWidget):
    """The Tags panel; its intent signals carry the chosen tag's full name ("region/iran")."""

    search_requested = Signal(str)  # a ``tag:`` query (Enter or double-click)
    rename_requested = Signal(str)
    merge_requested = Signal(str)
    move_requested = Signal(str)  # ask where to
    moved = Signal(str, str)  # tag, new parent ("" for the top level): dropped there
    delete_requested = Signal(str)
    details_requested = Signal(str)
    export_requested = Signal(str)  # export the highlights of the tag (and the tags below it)

    def __init__(self, library: Library, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagManager")
        self.library = library
        self._collapsed: set[str] = set()
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
        self.tree.setAccessibleName("Tags")
        self.filter_edit.setAccessibleName("Filter tags")
        self.empty_hint = EmptyHint(self.tree, self._empty_text)
        self.summary_label = plain_label(QLabel())
        self.summary_label.setObjectName("panelCaption")
        self.details_label = QLabel()
        self.details_label.setTextFormat(Qt.TextFormat.RichText)  # details_html escapes the tag's name
        self.details_label.setObjectName("tagDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self._theme_watch = ThemeWatch(self.details_label, self._update_actions)  # its HTML holds a colour
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
        self._refresh_timer.timeout.connect(self._refresh_in_background)
        self._reads = 0  # background reads asked for; only the newest one's result is shown
        events.changed.connect(self._on_changed)
        self.model.move_requested.connect(self.moved)
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

        def asking(signal: Signal) -> Callable[[], None]:
            return lambda: self._ask(signal)  # type: ignore[arg-type]

        self.rename_action = action("rename", "Rename…", "Rename the tag everywhere (F2)",
                                    asking(self.rename_requested), "F2")  # fmt: skip
        self.merge_action = action("merge", "Merge…", "Fold this tag into another one", asking(self.merge_requested))
        self.move_action = action("move", "Move…", "Move the tag under another tag (or drag it there)",
                                  asking(self.move_requested))  # fmt: skip
        self.delete_action = action("delete", "Delete…", "Remove the tag from every highlight (Del)",
                                    asking(self.delete_requested), "Del")  # fmt: skip
        self.details_action = action("details", "Details…", "Colour and description", asking(self.details_requested))
        self.search_action = action("search", "Search for Tag", "List the highlights with this tag (Enter)",
                                    self.search_selected)  # fmt: skip
        self.export_action = action("export", "Export Highlights…", "Export this tag's highlights (and those of the "
                                    "tags below it) to a file", asking(self.export_requested))  # fmt: skip
        self.tree.selectionModel().selectionChanged.connect(self._update_actions)

    # -- refreshing --------------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.tags:  # names, details or counts (a tagged highlight added, edited or deleted)
            self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Refresh soon (once for a burst of changes), or when next shown if hidden."""
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._loaded = False

    def _refresh_in_background(self) -> None:
        """A change's refresh: the counts (~150 ms of queries on a 100,000-highlight library) are read on a worker,
        the GUI thread only swaps the tree in. A read overtaken by a newer one (or a direct refresh) is dropped."""
        self._reads += 1
        read = self._reads
        library = self.library

        def work() -> tuple[list[TagCount], TagNode]:
            tags = library.tags.counts()
            return tags, build_tag_tree(tags, library.tags.highlights_tagged)

        def done(result: tuple[list[TagCount], TagNode] | None, error: BaseException | None) -> None:
            if read == self._reads and isValid(self) and result is not None:
                self._show(*result)
            # an error leaves the tree as it was; the next change or refresh reads again

        run_in_background(work, done)

    def refresh(self, select: str | None = None) -> None:
        """Rebuild the tree from the library, keeping (or moving to ``select``) the selection, the collapsed
        branches and the sorting."""
        self._reads += 1  # a background read still under way is older than this one
        tags = self.library.tags.counts()
        self._show(tags, build_tag_tree(tags, self._branch_total), select)

    def _show(self, tags: list[TagCount], tree: TagNode, select: str | None = None) -> None:
        self._refresh_timer.stop()
        selected = select or self.selected_tag()
        self.model.set_tree(tree)
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
        return self.node(name) if name else None

    def node(self, name: str) -> TagNode | None:
        """The tree's node for a tag (its counts, colour, children), or None."""
        return find_node(self.model.root, name)

    def _ask(self, signal: Signal) -> None:
        name = self.selected_tag()
        if name:
            signal.emit(name)  # type: ignore[attr-defined]

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
                       self.details_action, self.search_action, self.export_action):  # fmt: skip
            action.setEnabled(node is not None)
        self.details_label.setText(details_html(node) if node is not None else "")
        self.details_label.setVisible(node is not None)

    def _on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()
        self.empty_hint.refresh()

    def _empty_text(self) -> str:
        if self.model.rowCount() and self.filter_edit.text().strip():
            return f"No tag matches “{self.filter_edit.text().strip()}”."
        return "No tags yet.\nClick a highlight in the article, then press T to give it tags and a note."

    def _on_context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        if not index.isValid():
            return
        self.tree.setCurrentIndex(index)  # the menu acts on the tag clicked
        menu = QMenu(self)
        menu.addAction(self.search_action)
        menu.addAction(self.export_action)
        menu.addSeparator()
        for action in (self.rename_action, self.merge_action, self.move_action, self.details_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.popup(self.tree.viewport().mapToGlobal(position))

    def search_selected(self) -> None:
        name = self.selected_tag()
        if name:
            self.search_requested.emit(f"tag:{name}")
