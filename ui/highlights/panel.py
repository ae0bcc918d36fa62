"""The right-hand list of the open article's highlights: click to jump, edit, delete; its context menu exports
or copies as citations the highlights chosen (Ctrl/Shift+click chooses several)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotations.models import Annotation
from ui.empty_hint import EmptyHint
from ui.highlights.model import ANNOTATION_ID_ROLE, AnnotationListModel
from ui.rich_delegate import setup_rich_list


class HighlightPanel(QWidget):
    """Lists the open article's highlights; intent signals carry the chosen highlight's id."""

    annotation_activated = Signal(int)
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    export_requested = Signal(list)  # the chosen highlights' ids, in list order
    citation_requested = Signal(list)  # the same, to copy as citations

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationListModel()
        self.list_view = QListView()
        self.list_view.setObjectName("highlightList")
        self.list_view.setModel(self.model)
        setup_rich_list(self.list_view)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.customContextMenuRequested.connect(self._on_context_menu)
        self.list_view.setDragEnabled(True)  # a highlight dragged onto a claim (the Claims tab) links it
        self.list_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list_view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.menu_extensions: list[Callable[[QMenu, list[int]], None]] = []  # more entries (Link to Claim ▸)
        self.list_view.clicked.connect(lambda index: self.annotation_activated.emit(index.data(ANNOTATION_ID_ROLE)))
        self.list_view.activated.connect(lambda index: self.annotation_activated.emit(index.data(ANNOTATION_ID_ROLE)))
        self.list_view.doubleClicked.connect(lambda index: self.edit_requested.emit(index.data(ANNOTATION_ID_ROLE)))
        self.count_label = QLabel()
        self.count_label.setObjectName("panelCaption")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.list_view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._on_delete_clicked)
        self.list_view.selectionModel().selectionChanged.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.list_view, 1)
        self.list_view.setAccessibleName("Highlights of this article")
        self.article_open = False  # an article is open: its list may be empty for want of highlights
        self.empty_hint = EmptyHint(self.list_view, self._empty_text)
        self.set_annotations([])

    def set_article_open(self, is_open: bool) -> None:
        """Whether an article is open, so the empty list says the right next step."""
        self.article_open = is_open
        self.empty_hint.refresh()

    def _empty_text(self) -> str:
        if not self.article_open:
            return "Open an article to see its highlights here."
        return "Select text and press 1–5 to highlight it (Shift+1–5 to underline); T adds tags and a note."

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """List these highlights, keeping the chosen ones chosen when they are still there."""
        chosen = self.selected_annotation_id()
        others = [other for other in self.selected_annotation_ids() if other != chosen]
        self.model.set_annotations(annotations)
        if chosen is not None and self.model.row_of(chosen) >= 0:
            self.list_view.setCurrentIndex(self.model.index(self.model.row_of(chosen)))
        selection = self.list_view.selectionModel()
        for other in others:
            if self.model.row_of(other) >= 0:
                selection.select(self.model.index(self.model.row_of(other)), selection.SelectionFlag.Select)
        count = len(annotations)
        self.count_label.setText(f"{count} highlight{'s' if count != 1 else ''}" if count else "No highlights yet")
        self._update_buttons()

    def select_annotation(self, annotation_id: int) -> None:
        row = self.model.row_of(annotation_id)
        if row >= 0:
            index = self.model.index(row)
            self.list_view.setCurrentIndex(index)
            self.list_view.scrollTo(index)

    def selected_annotation_id(self) -> int | None:
        index = self.list_view.currentIndex()
        return int(index.data(ANNOTATION_ID_ROLE)) if index.isValid() else None

    def selected_annotation_ids(self) -> list[int]:
        """The chosen highlights' ids in list order (the current one alone when nothing else is chosen)."""
        rows = sorted(index.row() for index in self.list_view.selectionModel().selectedIndexes())
        ids = [int(self.model.index(row).data(ANNOTATION_ID_ROLE)) for row in rows]
        current = self.selected_annotation_id()
        return ids or ([current] if current is not None else [])

    def _on_context_menu(self, position: QPoint) -> None:
        index = self.list_view.indexAt(position)
        if not index.isValid():
            return
        if not self.list_view.selectionModel().isSelected(index):  # a right-click outside the choice chooses anew
            self.list_view.setCurrentIndex(index)
        self.context_menu().popup(self.list_view.viewport().mapToGlobal(position))

    def context_menu(self) -> QMenu:
        """The menu for the chosen highlights (built anew each time: the claims it offers change)."""
        chosen = self.selected_annotation_ids()
        several = len(chosen) > 1
        menu = QMenu(self)
        menu.setObjectName("highlightMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        copy = menu.addAction(f"Copy {len(chosen)} as Citations" if several else "Copy as Citation")
        copy.setShortcut(QKeySequence("Ctrl+Shift+C"))  # shown as a reminder: the window's action has the key
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(lambda: self.citation_requested.emit(chosen))
        export = menu.addAction(f"Export {len(chosen)} Highlights…" if several else "Export…")
        export.triggered.connect(lambda: self.export_requested.emit(chosen))
        menu.addSeparator()
        menu.addAction("Edit…", self._on_edit_clicked).setEnabled(not several)
        menu.addAction("Delete", self._on_delete_clicked).setEnabled(not several)
        for extend in self.menu_extensions:
            extend(menu, chosen)
        return menu

    def _one_chosen(self) -> int | None:
        """The highlight Edit and Delete act on: the current one, unless several are chosen."""
        return self.selected_annotation_id() if len(self.selected_annotation_ids()) <= 1 else None

    def _update_buttons(self) -> None:
        one = self._one_chosen() is not None
        self.edit_button.setEnabled(one)
        self.delete_button.setEnabled(one)

    def _on_edit_clicked(self) -> None:
        selected = self._one_chosen()
        if selected is not None:
            self.edit_requested.emit(selected)

    def _on_delete_clicked(self) -> None:
        selected = self._one_chosen()
        if selected is not None:
            self.delete_requested.emit(selected)
