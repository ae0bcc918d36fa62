"""The Orphans tab: highlights whose passage was lost when their article changed, never silently hidden."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from annotations.models import Annotation
from ui.empty_hint import EmptyHint
from ui.highlights.model import ANNOTATION_ID_ROLE, DOCUMENT_ID_ROLE, AnnotationListModel
from ui.orphans.presentation import orphan_presentation
from ui.plain_text import plain_label
from ui.rich_delegate import setup_rich_list

HELP_TEXT = (
    "These highlights lost their passage when their article's text changed. "
    "Select the new passage in the reader, then Re-attach; or delete them."
)

EMPTY_TEXT = (
    "Nothing to re-attach. When an article's text changes and a highlight loses its passage, "
    "it waits here instead of being dropped."
)


def orphan_count_text(total: int, here: int) -> str:
    if total == 0:
        return "No orphaned highlights"
    text = f"{total} orphaned highlight{'s' if total != 1 else ''}"
    return text + (f" · {here} in this article" if here and here != total else "")


class OrphansPanel(QWidget):
    """Lists orphans (the open article's first); intent signals carry the chosen orphan's id."""

    reattach_requested = Signal(int)  # orphan id: anchor it to the reader's selection
    delete_requested = Signal(int)
    open_article_requested = Signal(int)  # document id of an orphan from another article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orphansPanel")
        self.model = AnnotationListModel(orphan_presentation({}, None))
        self.current: int | None = None  # the open article: its orphans can be re-attached
        self.list_view = QListView()
        self.list_view.setObjectName("orphanList")
        self.list_view.setModel(self.model)
        setup_rich_list(self.list_view)
        self.list_view.activated.connect(self._on_activated)
        self.list_view.doubleClicked.connect(self._on_activated)
        self.count_label = plain_label(QLabel())
        self.count_label.setObjectName("panelCaption")
        self.help_label = QLabel(HELP_TEXT)
        self.help_label.setObjectName("panelHint")
        self.help_label.setWordWrap(True)
        self.message_label = plain_label(QLabel())
        self.message_label.setObjectName("panelMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.reattach_button = QPushButton("Re-attach to Selection")
        self.reattach_button.setObjectName("reattachButton")
        self.reattach_button.setToolTip("Anchor the chosen highlight to the passage selected in the reader")
        self.delete_button = QPushButton("Delete")
        self.reattach_button.clicked.connect(self._on_reattach_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.list_view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._on_delete_clicked)
        self.list_view.selectionModel().currentChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        buttons = QHBoxLayout()
        buttons.addWidget(self.reattach_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.count_label)
        layout.addWidget(self.help_label)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.list_view.setAccessibleName("Orphaned highlights")
        self.empty_hint = EmptyHint(self.list_view, EMPTY_TEXT)
        self.set_orphans([], {}, None)

    # -- contents --------------------------------------------------------------------------------
    def set_orphans(self, orphans: list[Annotation], titles: dict[int, str], current: int | None) -> None:
        """Show these orphans, keeping the chosen one chosen when it is still there."""
        chosen = self.selected_orphan_id()
        self.current = current
        self.model.set_annotations(orphans, orphan_presentation(titles, current))
        self.count_label.setText(orphan_count_text(self.count, self.count_in(current)))
        self.help_label.setVisible(self.count > 0)
        self.show_message("")
        row = self.model.row_of(chosen) if chosen is not None else -1
        if row < 0 and self.count_in(current):
            row = 0  # the open article's first orphan, ready to re-attach
        if row >= 0:
            self.list_view.setCurrentIndex(self.model.index(row))
        self._update_buttons()

    @property
    def count(self) -> int:
        return self.model.rowCount()

    def count_in(self, document_id: int | None) -> int:
        return sum(1 for orphan in self.model.annotations() if orphan.document_id == document_id)

    def select_orphan(self, annotation_id: int) -> None:
        row = self.model.row_of(annotation_id)
        if row >= 0:
            self.list_view.setCurrentIndex(self.model.index(row))

    def selected_orphan_id(self) -> int | None:
        index = self.list_view.currentIndex()
        return int(index.data(ANNOTATION_ID_ROLE)) if index.isValid() else None

    def show_message(self, text: str) -> None:
        """A one-line hint under the list (e.g. "select the passage first"); empty hides it."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # -- actions ---------------------------------------------------------------------------------
    def _current_orphan(self) -> Annotation | None:
        index = self.list_view.currentIndex()
        return self.model.annotation_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        orphan = self._current_orphan()
        self.delete_button.setEnabled(orphan is not None)
        here = orphan is not None and orphan.document_id == self.current
        self.reattach_button.setEnabled(here)
        if orphan is not None and not here:
            self.reattach_button.setToolTip("Open its article (double-click) to re-attach it there")
        else:
            self.reattach_button.setToolTip("Anchor the chosen highlight to the passage selected in the reader")

    def _on_activated(self, index: QModelIndex) -> None:
        document_id = index.data(DOCUMENT_ID_ROLE)
        if document_id is not None and document_id != self.current:
            self.open_article_requested.emit(int(document_id))

    def _on_reattach_clicked(self) -> None:
        orphan = self._current_orphan()
        if orphan is not None:
            self.reattach_requested.emit(orphan.id)

    def _on_delete_clicked(self) -> None:
        orphan = self._current_orphan()
        if orphan is not None:
            self.delete_requested.emit(orphan.id)
