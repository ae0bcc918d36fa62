"""Shows one article in the reader, with its highlights there and in the Highlights panel, in step with Changes.

Opening reads on the GUI thread (one article and its highlights); nothing here writes. After an
operation, only what its ``Changes`` touch is redrawn: the open article's highlights when they
changed, its details (or its whole text, keeping the reading place) when the article itself did.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotations.errors import LecternError
from annotations.models import Annotation, Document
from app import Changes, Library
from ui.events import AppEvents
from ui.highlights.model import anchored
from ui.highlights.panel import HighlightPanel
from ui.reader.pane import ReaderPane
from ui.tags.colors import colored_by_tag

APP_TITLE = "Lectern"


class ReaderController(QObject):
    """Owns what the reader and the Highlights panel show; ``title_changed`` names the open article."""

    title_changed = Signal(str)
    opened = Signal(int)  # the id of an article just opened

    def __init__(
        self, library: Library, events: AppEvents, pane: ReaderPane, panel: HighlightPanel, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.events = events
        self.pane = pane
        self.reader = pane.view
        self.panel = panel
        self.color_by_tag = False  # View → Colour Highlights by Tag
        self._shown: Document | None = None
        events.changed.connect(self._on_changed)

    @property
    def document_id(self) -> int | None:
        return self.reader.document_id

    # -- opening ---------------------------------------------------------------------------------
    def open_document(self, document_id: int) -> None:
        """Show an article in the reader and its highlights in the panel."""
        try:
            document = self.library.documents.get(document_id)
        except LecternError as error:
            self.events.status_message.emit(str(error))
            return
        self._show(document)
        self.opened.emit(document_id)

    def open_passage(self, document_id: int, start: int, end: int, annotation_id: int = -1) -> None:
        """Open an article (if it is not open) and select exactly ``[start, end)``."""
        if self.reader.document_id != document_id:
            self.open_document(document_id)
        if end > start:
            self.reader.select_range(start, end)
        if annotation_id >= 0:
            self.panel.select_annotation(annotation_id)
        self.reader.setFocus()

    def open_annotation(self, annotation_id: int) -> None:
        """Open a highlight's article at its passage."""
        try:
            annotation = self.library.annotations.get(annotation_id)
        except LecternError as error:
            self.events.status_message.emit(str(error))
            return
        self.open_passage(annotation.document_id, annotation.start, annotation.end)

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
