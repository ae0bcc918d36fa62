"""Shows one article in the reader, with its highlights there and in the Highlights panel, in step with Changes.

Every opening happens here, so here the place left is recorded for Back / Forward (``ui.reader.go``)
and each article's reading place is stored and restored (``ui.reader.places``): an article opened
plainly (from the library, at a restart) returns to where it was left; a passage (a search hit, a
highlight) opens at the passage. Opening reads on the GUI thread (one article and its highlights); the
only write, the reading place, goes through ``Operations``. After an operation, only what its
``Changes`` touch is redrawn: the open article's highlights when they changed, its details (or its
whole text, keeping the reading place) when the article itself did.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

from annotations.errors import LecternError
from annotations.models import Annotation, Document
from app import Changes, Library
from ui.highlights.model import anchored
from ui.highlights.panel import HighlightPanel
from ui.operations import Operations
from ui.reader.go import GoActions
from ui.reader.navigation import Place
from ui.reader.outline import OutlinePanel, OutlineTracker
from ui.reader.pane import ReaderPane
from ui.reader.places import PlaceKeeper
from ui.tags.colors import colored_by_tag

APP_TITLE = "Lectern"


class ReaderController(QObject):
    """Owns what the reader, the Highlights panel and the Outline show; ``title_changed`` names the open article.

    ``go`` holds Back / Forward, ``places`` the reading places, ``outline_panel`` the Outline tab."""

    title_changed = Signal(str)
    opened = Signal(int)  # the id of an article just opened

    def __init__(
        self, library: Library, operations: Operations, pane: ReaderPane, panel: HighlightPanel, window: QWidget
    ) -> None:
        super().__init__(window)
        self.library = library
        self.events = operations.events
        self.pane = pane
        self.reader = pane.view
        self.panel = panel
        self.color_by_tag = False  # View → Colour Highlights by Tag
        self._shown: Document | None = None
        self.places = PlaceKeeper(library, operations, self.reader, self)
        self.go = GoActions(window, self.current_place, self.go_to)
        self.outline_panel = OutlinePanel()
        self.outline = OutlineTracker(self.reader, self.outline_panel, self)
        self.outline_panel.heading_activated.connect(self.jump_to_heading)
        self.events.changed.connect(self._on_changed)

    @property
    def document_id(self) -> int | None:
        return self.reader.document_id

    def current_place(self) -> Place | None:
        """Where the reader is now: the article, the character at the top, the selection."""
        if self.reader.document_id is None:
            return None
        return Place(self.reader.document_id, self.reader.top_position(), self.reader.selected_range())

    # -- opening ---------------------------------------------------------------------------------
    def open_document(self, document_id: int) -> None:
        """Show an article where it was left, and its highlights in the panel (Back returns here)."""
        left = self.current_place()
        if not self._switch_to(document_id):
            return
        if left is not None and left.document_id == document_id:
            self._show_place(left.top)  # shown again: stay where the reader was
        else:
            remembered = self.places.remembered(document_id)
            if remembered is not None:
                self._show_place(remembered)
            self.go.push(left)
        self.opened.emit(document_id)

    def open_passage(self, document_id: int, start: int, end: int, annotation_id: int = -1) -> None:
        """Open an article (if it is not open) and select exactly ``[start, end)``."""
        left = self.current_place()
        if self.reader.document_id != document_id:
            if not self._switch_to(document_id):
                return
            self.opened.emit(document_id)
        if end > start:
            self.reader.select_range(start, end)
        if annotation_id >= 0:
            self.panel.select_annotation(annotation_id)
        self.reader.setFocus()
        self._pushed(left)

    def open_annotation(self, annotation_id: int) -> None:
        """Open a highlight's article at its passage."""
        try:
            annotation = self.library.annotations.get(annotation_id)
        except LecternError as error:
            self.events.status_message.emit(str(error))
            return
        self.open_passage(annotation.document_id, annotation.start, annotation.end)

    def jump_to_heading(self, position: int) -> None:
        """Outline: put the heading at the top of the reader, with the caret in it."""
        if self.reader.document_id is None:
            return
        left = self.current_place()
        self._show_place(position)
        self.outline.jumped_to(position)
        self.reader.setFocus()
        self._pushed(left)

    def go_to(self, place: Place) -> bool:
        """Back / Forward: show the place's article, its top line and selection; False if the article is gone."""
        if place.document_id != self.reader.document_id:
            if not self._switch_to(place.document_id, quiet=True):
                return False
            self.opened.emit(place.document_id)
        cursor = QTextCursor(self.reader.document())
        length = self.reader.document().characterCount() - 1
        if place.selection is not None:
            cursor.setPosition(min(place.selection[0], length))
            cursor.setPosition(min(place.selection[1], length), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.setPosition(min(place.top, length))
        self.reader.setTextCursor(cursor)
        self.reader.scroll_to_position(place.top)
        return True

    def leave(self) -> None:
        """The window closes: store the open article's reading place."""
        self.places.store()

    def _switch_to(self, document_id: int, *, quiet: bool = False) -> bool:
        """Store the place in the article being left, then show ``document_id``; False if it cannot be read."""
        try:
            document = self.library.documents.get(document_id)
        except LecternError as error:
            if not quiet:
                self.events.status_message.emit(str(error))
            return False
        self.places.store()
        self._show(document)
        return True

    def _show_place(self, position: int) -> None:
        """The line holding ``position`` at the top, with the caret there (so the keys read on from it, and
        the reader's first showing, which scrolls to the caret, keeps the place)."""
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(max(0, min(position, self.reader.document().characterCount() - 1)))
        self.reader.setTextCursor(cursor)
        self.reader.scroll_to_position(position)

    def _pushed(self, left: Place | None) -> None:
        """Record the place left by a jump, unless the jump went nowhere."""
        if left is not None and left != self.current_place():
            self.go.push(left)

    def set_color_by_tag(self, on: bool) -> None:
        self.color_by_tag = on
        self.redraw()

    # -- keeping in step -------------------------------------------------------------------------
    def redraw(self) -> None:
        """Read the open article's highlights again and draw them (the panel keeps its selection)."""
        document_id = self.reader.document_id
        if document_id is None:
            return
        annotations = self.library.annotations.for_document(document_id)
        self.reader.set_annotations(self._drawn(annotations))
        self.panel.set_annotations(anchored(annotations))

    def _on_changed(self, changes: Changes) -> None:
        document_id = self.reader.document_id
        if document_id is None:
            return
        if document_id in changes.documents:
            self._reload(document_id)
        elif document_id in changes.annotated_documents or (changes.tags and self.color_by_tag):
            self.redraw()

    def _reload(self, document_id: int) -> None:
        """The open article changed: its details only (keep everything), a new text (keep the place), or gone."""
        try:
            document = self.library.documents.get(document_id)
        except LecternError:  # deleted
            self._shown = None
            self.go.forget(document_id)
            self.pane.show_placeholder()
            self.panel.set_annotations([])
            self.title_changed.emit(APP_TITLE)
            return
        if self._shown is not None and self._shown.id == document.id and self._shown.sha256 == document.sha256:
            self._shown = document
            self.pane.show_details(document)
            self.title_changed.emit(f"{document.title} — {APP_TITLE}")
            self.redraw()
            return
        scroll = self.reader.verticalScrollBar().value()  # keep the reading place, roughly
        self._show(document)
        self.reader.verticalScrollBar().setValue(scroll)

    def _show(self, document: Document) -> None:
        annotations = self.library.annotations.for_document(document.id)
        self._shown = document
        self.pane.show_document(document, self._drawn(annotations))
        self.panel.set_annotations(anchored(annotations))
        self.title_changed.emit(f"{document.title} — {APP_TITLE}")

    def _drawn(self, annotations: list[Annotation]) -> list[Annotation]:
        """The highlights as the reader draws them: in their tag's colour when Colour by Tag is on."""
        if not self.color_by_tag:
            return annotations
        return colored_by_tag(annotations, self.library.tags.counts())
