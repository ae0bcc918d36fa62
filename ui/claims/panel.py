"""The Claims tab: the list of claims, and a claim's page (text, note, tags, evidence by stance) with Back.

Widgets only ask (intent signals); ``ClaimsController`` reads and writes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QActionGroup, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotations.models import STANCES
from app.claims import ClaimEvidence, Evidence
from ui.claims.evidence import EVIDENCE_ROLE, EvidenceModel
from ui.claims.model import CLAIM_ID_ROLE, ClaimListModel, Loader
from ui.empty_hint import EmptyHint
from ui.plain_text import plain_label
from ui.rich_delegate import setup_rich_list

EMPTY_TEXT = "No claims yet. Add one, then link highlights to it from their menu."


class ClaimsPanel(QWidget):
    """Two pages in a stack: ``list_page`` (every claim) and ``claim_page`` (one claim's evidence)."""

    new_requested = Signal()
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    claim_opened = Signal(int)  # the page of this claim should be shown
    evidence_activated = Signal(object)  # an Evidence whose passage should open
    unlink_requested = Signal(int, int)  # claim id, highlight id
    stance_requested = Signal(int, int, str)  # claim id, highlight id, the new stance
    memo_requested = Signal(int)

    def __init__(self, loader: Loader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimsPanel")
        self.claim_id: int | None = None  # the claim whose page is shown
        self._drop_at: QPoint | None = None  # where the last drop landed, in the list's viewport
        self.model = ClaimListModel(loader, self)
        self.evidence_model = EvidenceModel(self)
        self.stack = QStackedWidget()
        self.list_page = self._build_list_page()
        self.claim_page = self._build_claim_page()
        self.stack.addWidget(self.list_page)
        self.stack.addWidget(self.claim_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- the list ------------------------------------------------------------------------------------
    def _build_list_page(self) -> QWidget:
        page = QWidget()
        self.count_label = QLabel()
        self.count_label.setObjectName("panelCaption")
        self.new_button = QPushButton("New Claim…")
        self.new_button.setObjectName("newClaimButton")
        self.new_button.clicked.connect(self.new_requested)
        self.list_view = QListView()
        self.list_view.setObjectName("claimList")
        self.list_view.setAccessibleName("Claims")
        self.list_view.setModel(self.model)
        setup_rich_list(self.list_view)
        self.list_view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)  # highlights dropped on a claim
        self.list_view.setAcceptDrops(True)
        self.list_view.setDropIndicatorShown(True)
        self.list_view.setDragDropOverwriteMode(True)  # a drop lands on a claim, never between two
        self.list_view.viewport().installEventFilter(self)  # the drop point, for the stance menu
        self.list_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list_view.customContextMenuRequested.connect(self._on_list_menu)
        self.list_view.clicked.connect(self._open_index)
        self.list_view.activated.connect(self._open_index)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.list_view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._delete_current)
        self.empty_hint = EmptyHint(self.list_view, EMPTY_TEXT)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.list_view, 1)
        return page

    def _update_count(self) -> None:
        count = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count_label.setText(f"{count}{more} claim{'s' if count != 1 else ''}" if count else "Claims")

    def current_claim_id(self) -> int | None:
        index = self.list_view.currentIndex()
        return int(index.data(CLAIM_ID_ROLE)) if index.isValid() else None

    def select_claim(self, claim_id: int) -> None:
        row = self.model.row_of(claim_id)
        if row >= 0:
            self.list_view.setCurrentIndex(self.model.index(row))

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.claim_opened.emit(int(index.data(CLAIM_ID_ROLE)))

    def _delete_current(self) -> None:
        claim_id = self.current_claim_id()
        if claim_id is not None:
            self.delete_requested.emit(claim_id)

    def list_menu(self, claim_id: int) -> QMenu:
        """Open, Edit…, Delete for one claim (the list's context menu)."""
        menu = QMenu(self)
        menu.setObjectName("claimMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("Open", lambda: self.claim_opened.emit(claim_id))
        menu.addAction("Edit…", lambda: self.edit_requested.emit(claim_id))
        menu.addAction("Delete", lambda: self.delete_requested.emit(claim_id))
        return menu

    def _on_list_menu(self, position: QPoint) -> None:
        index = self.list_view.indexAt(position)
        if index.isValid():
            self.list_view.setCurrentIndex(index)
            self.list_menu(int(index.data(CLAIM_ID_ROLE))).popup(self.list_view.viewport().mapToGlobal(position))

    # -- a drop: which stance -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.list_view.viewport() and event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            self._drop_at = event.position().toPoint()
        return super().eventFilter(watched, event)

    def drop_point(self, claim_id: int) -> QPoint:
        """Where to ask the stance: the drop point, else the middle of the claim's row (on the screen)."""
        viewport = self.list_view.viewport()
        point, self._drop_at = self._drop_at, None
        if point is None:
            row = self.model.row_of(claim_id)
            point = self.list_view.visualRect(self.model.index(row)).center() if row >= 0 else viewport.rect().center()
        return viewport.mapToGlobal(point)

    def stance_menu(self, current: str | None) -> QMenu:
        """Supports / Contradicts / Context, the current stance checked and first under the keyboard."""
        menu = QMenu(self)
        menu.setObjectName("dropStanceMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.setToolTipsVisible(True)
        menu.addAction("Link as:").setEnabled(False)  # says what the choice is for; the keys skip it
        one_of = QActionGroup(menu)  # one stance per link: shown as a choice of one
        for stance in STANCES:
            action = one_of.addAction(stance.capitalize())
            menu.addAction(action)
            action.setData(stance)
            action.setCheckable(True)
            action.setChecked(stance == current)
            action.setToolTip(f"Link as {stance}")
        choices = [action for action in menu.actions() if action.data()]
        active = next((a for a in choices if a.isChecked()), choices[0])
        menu.aboutToShow.connect(lambda: menu.setActiveAction(active))
        return menu

    # -- a claim's page --------------------------------------------------------------------------------
    def _build_claim_page(self) -> QWidget:
        page = QWidget()
        self.back_button = QPushButton("‹ All Claims")
        self.back_button.setObjectName("claimBack")
        self.back_button.clicked.connect(self.show_list)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(lambda: self.claim_id is not None and self.edit_requested.emit(self.claim_id))
        self.memo_button = QPushButton("Export Memo…")
        self.memo_button.setObjectName("exportMemoButton")
        self.memo_button.clicked.connect(lambda: self.claim_id is not None and self.memo_requested.emit(self.claim_id))
        self.claim_text = plain_label(QLabel())
        self.claim_text.setObjectName("claimText")
        self.claim_text.setWordWrap(True)
        self.claim_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.claim_tags = plain_label(QLabel())
        self.claim_tags.setObjectName("claimTags")
        self.claim_note = plain_label(QLabel())
        self.claim_note.setObjectName("claimNote")
        self.claim_note.setWordWrap(True)
        self.evidence_view = QListView()
        self.evidence_view.setObjectName("evidenceList")
        self.evidence_view.setAccessibleName("Evidence")
        self.evidence_view.setModel(self.evidence_model)
        setup_rich_list(self.evidence_view)
        self.evidence_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.evidence_view.customContextMenuRequested.connect(self._on_evidence_menu)
        self.evidence_view.clicked.connect(self._activate_evidence)
        self.evidence_view.activated.connect(self._activate_evidence)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.memo_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.claim_text)
        layout.addWidget(self.claim_tags)
        layout.addWidget(self.claim_note)
        layout.addWidget(self.evidence_view, 1)
        return page

    def show_claim(self, found: ClaimEvidence) -> None:
        """Show one claim's page (or refresh it in place)."""
        claim = found.claim
        self.claim_id = claim.id
        self.claim_text.setText(claim.text)
        self.claim_tags.setText("  ".join(f"#{tag}" for tag in claim.tags))
        self.claim_tags.setVisible(bool(claim.tags))
        self.claim_note.setText(claim.note)
        self.claim_note.setVisible(bool(claim.note))
        self.evidence_model.set_evidence(found)
        self.stack.setCurrentWidget(self.claim_page)

    def focus_evidence(self) -> None:
        """Keys go to the evidence, the first item current (Enter opens it; headings are never current)."""
        first = next((r for r in range(self.evidence_model.rowCount()) if self.evidence_model.evidence_at(r)), -1)
        if first >= 0:
            self.evidence_view.setCurrentIndex(self.evidence_model.index(first))
        self.evidence_view.setFocus()

    def show_list(self) -> None:
        """Back to every claim, with the one just seen chosen."""
        shown = self.claim_id
        self.claim_id = None
        self.evidence_model.set_evidence(None)
        self.stack.setCurrentWidget(self.list_page)
        if shown is not None:
            self.select_claim(shown)
        self.list_view.setFocus()

    def _activate_evidence(self, index: QModelIndex) -> None:
        item = index.data(EVIDENCE_ROLE) if index.isValid() else None
        if isinstance(item, Evidence):
            self.evidence_activated.emit(item)

    def evidence_menu(self, item: Evidence) -> QMenu:
        """Open Passage, the stance (checked, changeable) and Unlink for one piece of evidence."""
        claim_id = self.claim_id if self.claim_id is not None else -1
        menu = QMenu(self)
        menu.setObjectName("evidenceMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        opening = menu.addAction("Open Passage", lambda: self.evidence_activated.emit(item))
        opening.setEnabled(not item.orphaned)
        menu.addSeparator()
        for stance in STANCES:
            action = menu.addAction(stance.capitalize())
            action.setCheckable(True)
            action.setChecked(stance == item.stance)
            action.triggered.connect(
                lambda _checked=False, s=stance: self.stance_requested.emit(claim_id, item.annotation_id, s)
            )
        menu.addSeparator()
        menu.addAction("Unlink from Claim", lambda: self.unlink_requested.emit(claim_id, item.annotation_id))
        return menu

    def _on_evidence_menu(self, position: QPoint) -> None:
        item = self.evidence_view.indexAt(position).data(EVIDENCE_ROLE)
        if isinstance(item, Evidence):
            self.evidence_menu(item).popup(self.evidence_view.viewport().mapToGlobal(position))
