"""The status bar: the library's size after an import, the search index's state, and how far the open
article has been read as the reader scrolls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app import Library
from ui.main_window import MainWindow
from ui.status_bar import LibraryFacts, index_text, size_text

LONG = "---\ntitle: A long read\n---\n" + "\n\n".join(
    f"Paragraph {number}: air defense support arrives in small steps, one partner at a time." for number in range(120)
)


def label(window: MainWindow, name: str) -> QLabel:
    found = window.statusBar().findChild(QLabel, name)
    assert found is not None, name
    return found


def test_the_library_size_follows_imports_and_highlights(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through, settled
) -> None:
    size = label(window, "librarySize")
    qtbot.waitUntil(lambda: size.text() == "0 articles · 0 highlights", timeout=3000)
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: size.text() == "1 article · 0 highlights", timeout=3000)
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=3000)
    text = window.reader.toPlainText()
    at = text.index("Training is not")
    window.reader.select_range(at, at + len("Training"))
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    settled(window)
    qtbot.waitUntil(lambda: size.text() == "1 article · 1 highlight", timeout=3000)
    assert size.isVisible()


def test_the_index_says_up_to_date_once_it_has_taken_in_the_import(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, article_file: Path, import_through
) -> None:
    state = label(window, "indexState")
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.library.index.pending_changes() == 0, timeout=5000)
    qtbot.waitUntil(lambda: state.text() == "Search index up to date", timeout=5000)
    assert state.isVisible()


def test_the_index_state_in_words() -> None:
    assert index_text(LibraryFacts(5000, 100000, 0, None)) == "Search index up to date"
    assert index_text(LibraryFacts(5000, 100000, 12, None)) == "Updating search index (12 changes)"
    assert index_text(LibraryFacts(5000, 100000, 1, None)) == "Updating search index (1 change)"
    assert index_text(LibraryFacts(5000, 100000, 12, 0.42)) == "Rebuilding search index 42 %"
    assert size_text(LibraryFacts(5000, 100000, 0, None)) == "5,000 articles · 100,000 highlights"


def test_reading_progress_follows_the_scroll(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path, import_through
) -> None:
    progress = label(window, "readingProgress")
    assert not progress.isVisible()  # no article open
    path = tmp_path / "long.md"
    path.write_text(LONG, encoding="utf-8")
    import_through(window, [path])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=3000)
    qtbot.waitUntil(lambda: progress.text() == "0 % read", timeout=3000)
    assert progress.isVisible()
    bar = window.reader.verticalScrollBar()
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: progress.text() == "100 % read", timeout=3000)
    bar.setValue(bar.maximum() * 38 // 100)
    assert progress.text() == "38 % read"


def test_changes_the_index_has_not_taken_in_are_counted_then_cleared(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, article_file: Path, make_window
) -> None:
    library = Library(tmp_path / "data", background=False)  # no writer thread: the changes wait, as behind a lock
    try:
        library.documents.import_paths([article_file])
        pending = library.index.pending_changes()
        assert pending > 0
        window = make_window(library)
        state = label(window, "indexState")
        words = f"Updating search index ({pending} change{'s' if pending > 1 else ''})"
        qtbot.waitUntil(lambda: state.text() == words, timeout=5000)  # said once it lasts, a second on
        library.index.flush()
        qtbot.waitUntil(lambda: state.text() == "Search index up to date", timeout=5000)
        window.close()
    finally:
        library.close()
