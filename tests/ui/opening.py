"""Bringing an article into a test window as the user would see it arrive: imported, announced, opened."""

from __future__ import annotations

from pathlib import Path

from annotations.models import Document
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
