"""Copy as citation: the quote with its reference on the clipboard, as rich text (HTML) and as plain text
(the Markdown form), in the citation style last chosen in the export dialog (Chicago notes by default).

Asked for by Ctrl+Shift+C in the reader (the selection, or the highlight under the caret), by the
Highlights panel's context menu (the chosen highlights), and by Edit → Copy as Citation. The citation
is a read, formatted by citeproc on a worker thread: the first citation in a style takes 30–50 ms (the
CSL style is loaded), more than a frame (16 ms); later ones 2–6 ms. The clipboard is set back on the GUI
thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QStringListModel, QThreadPool, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from annotations.errors import LecternError
from app import Library
from ui.controller import Controller
from ui.exporting.dialog import STYLE_LABELS
from ui.exporting.settings import citation_style
from ui.highlights.panel import HighlightPanel
from ui.operations import Operations, failure_message
from ui.reader.view import ReaderView
from ui.workers import run_in_background

NOTHING_TO_CITE = "Select a passage, or put the caret in a highlight, to copy it as a citation."


def style_name(style: str) -> str:
    return dict(STYLE_LABELS).get(style, style)


def clipboard_data(citations: Sequence[Any]) -> QMimeData:
    """One or more citations as rich text (``text/html``) and as plain text (their Markdown form)."""
    mime = _native_mime_data()
    mime.setHtml("\n".join(f"<div>{citation.html}</div>" for citation in citations))
    mime.setText("\n\n".join(citation.markdown for citation in citations))
    return mime


def _native_mime_data() -> QMimeData:
    """An empty QMimeData made by Qt itself, not by Python.

    The clipboard keeps its data past the end of Python: at exit a desktop's clipboard may hand it to the
    clipboard manager, and offscreen Qt frees it from a static destructor. A QMimeData made in Python would
    call back into the finished interpreter then (a crash at quit); one made in C++ never does. Qt's item
    models make plain ones, so one is borrowed from a one-row QStringListModel and emptied."""
    model = QStringListModel([""])
    mime = model.mimeData([model.index(0)])
    for name in mime.formats():
        mime.removeFormat(name)
    return mime


class CitationController(Controller):
    """``copied(text)`` once the clipboard holds a citation (its plain text), ``""`` when it could not."""

    copied = Signal(str)

    def __init__(
        self,
        library: Library,
        operations: Operations,
        window: QWidget,
        *,
        reader: ReaderView,
        highlights: HighlightPanel,
    ) -> None:
        super().__init__(library, operations, window)
        self.reader = reader
        self.highlights = highlights
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one citation after another; a newer request wins
        self._sequence = 0
        self.pending = 0  # citations not yet on the clipboard (tests wait for 0)
        self.copy_action = QAction("Copy as &Citation", window)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setToolTip("Copy the selection or the chosen highlights with their reference")
        self.copy_action.triggered.connect(self.copy_current)
        reader.citation_requested.connect(self._on_reader_request)
        highlights.citation_requested.connect(self.copy_annotations)

    # -- what to cite ----------------------------------------------------------------------------
    def copy_current(self) -> None:
        """Edit → Copy as Citation: the Highlights panel's choice when it has the keyboard, else the reader's."""
        if self.highlights.list_view.hasFocus() and self.highlights.selected_annotation_ids():
            self.copy_annotations(self.highlights.selected_annotation_ids())
        elif not self.reader.request_citation():
            chosen = self.highlights.selected_annotation_ids()
            if chosen:
                self.copy_annotations(chosen)
            else:
                self.say(NOTHING_TO_CITE)

    def _on_reader_request(self, start: int, end: int, annotation_id: int) -> None:
        document_id = self.reader.document_id
        if annotation_id >= 0:
            self.copy_annotations([annotation_id])
        elif document_id is not None and end > start:
            self.copy_passage(document_id, start, end)
        else:
            self.say(NOTHING_TO_CITE)

    def copy_annotations(self, annotation_ids: Sequence[int]) -> None:
        ids, style, exports = list(annotation_ids), citation_style(), self.library.exports
        if ids:
            self._copy(lambda: [exports.cite(annotation_id, style) for annotation_id in ids], style, len(ids))

    def copy_passage(self, document_id: int, start: int, end: int) -> None:
        style, exports = citation_style(), self.library.exports
        self._copy(lambda: [exports.cite_passage(document_id, start, end, style)], style, 1)

    # -- copying ---------------------------------------------------------------------------------
    def _copy(self, work: Callable[[], list[Any]], style: str, count: int) -> None:
        self._sequence += 1
        sequence = self._sequence
        self.pending += 1

        def finished(citations: list[Any] | None, error: BaseException | None) -> None:
            self.pending -= 1
            if not isValid(self) or sequence != self._sequence:  # closed, or a newer citation was asked for
                return
            if error is not None or not citations:
                self._failed(error or RuntimeError("no citation"))
                return
            QGuiApplication.clipboard().setMimeData(clipboard_data(citations))
            what = "the citation" if count == 1 else f"{count} citations"
            self.say(f"Copied {what} ({style_name(style)}).")
            self.copied.emit("\n\n".join(citation.markdown for citation in citations))

        run_in_background(work, finished, pool=self._pool)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, LecternError):
            self.say(f"Could not copy the citation: {error}.")
        else:
            self.say(failure_message(error, "Copying the citation"))
        self.copied.emit("")
