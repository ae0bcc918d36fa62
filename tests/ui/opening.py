"""Bringing an article into a test window as the user would see it arrive: imported, announced, opened."""

from __future__ import annotations

from pathlib import Path

from annotations.models import Annotation, Document
from app import Library
from ui.main_window import MainWindow


def import_and_open(qtbot, window: MainWindow, library: Library, path: Path) -> Document:  # type: ignore[no-untyped-def]
    """Import ``path``, announce the change as an operation would, open it in the reader; the article."""
    imported = library.documents.import_file(path)
    document = imported.value.document
    assert document is not None, imported.value.error
    window.events.changed.emit(imported.changes)
    window.library_panel.select_document(document.id)
    qtbot.waitUntil(lambda: window.reader.document_id == document.id, timeout=3000)
    return document


def open_with_highlight(qtbot, window: MainWindow, library: Library, path: Path, phrase: str) -> Annotation:  # type: ignore[no-untyped-def]
    """The article at ``path`` open in the window with one yellow highlight on ``phrase``, shown in the panel."""
    document = import_and_open(qtbot, window, library, path)
    start = document.text.index(phrase)
    added = library.annotations.add(document.id, start, start + len(phrase), color="yellow")
    window.events.changed.emit(added.changes)
    qtbot.waitUntil(lambda: window.highlight_panel.model.rowCount() == 1, timeout=3000)
    return added.value
