"""The right-hand list of the open article's highlights: click to jump, edit, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from annotations.models import Annotation
from ui.highlights.model import ANNOTATION_ID_ROLE, AnnotationListModel
from ui.rich_delegate import setup_rich_list


class HighlightPanel(QWidget):
    """Lists the open article's highlights; intent signals carry the chosen highlight's id."""

    annotation_activated = Signal(int)
    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationListModel()
        self.list_view = QListView()
        self.list_view.setObjectName("highlightList")
        self.list_view.setModel(self.model)
        setup_rich_list(self.list_view)
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
        self.set_annotations([])

    def set_annotations(self, annotations: list[Annotation]) -> None:
        """List these highlights, keeping the chosen one chosen when it is still there."""
        chosen = self.selected_annotation_id()
        self.model.set_annotations(annotations)
        if chosen is not None and self.model.row_of(chosen) >= 0:
            self.list_view.setCurrentIndex(self.model.index(self.model.row_of(chosen)))
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

    def _update_buttons(self) -> None:
        has_selection = self.list_view.currentIndex().isValid()
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    def _on_edit_clicked(self) -> None:
        selected = self.selected_annotation_id()
        if selected is not None:
            self.edit_requested.emit(selected)

    def _on_delete_clicked(self) -> None:
        selected = self.selected_annotation_id()
        if selected is not None:
            self.delete_requested.emit(selected)
