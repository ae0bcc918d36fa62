"""The welcome page: shown while no article is open, its three steps with keys and buttons, the samples offer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import Library
from ui.main_window import MainWindow


def test_an_empty_library_shows_the_three_steps_and_offers_the_samples(window: MainWindow) -> None:
    page = window.reader_pane.welcome
    assert page.isVisible() and not window.reader.isVisible()
    assert page.title_label.text() == "Welcome to Lectern"
    assert [step.title_label.text() for step in page.steps] == [
        "Import articles",
        "Highlight a passage",
        "Search every mention",
    ]
    assert [[cap.text() for cap in step.keys] for step in page.steps] == [["Ctrl+O"], ["1–5", "T"], ["Ctrl+K"]]
    assert page.import_button.isVisible() and page.search_button.isVisible()
    assert page.samples_button.isVisible() and page.samples_button.text() == "Add the Sample Articles"
    assert not page.choose_label.isVisible()
    assert not page.open_button.isVisible()  # nothing to open yet


def test_add_the_samples_imports_them_and_opens_the_first(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.reader_pane.welcome
    qtbot.mouseClick(page.samples_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.library_panel.model.rowCount() == 3, timeout=15000)
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    titles = {document.title for document in window.library_panel.model.documents()}
    assert any("Air Defense" in title for title in titles)
    assert not page.isVisible() and window.reader.isVisible()
    assert window.reader.toPlainText().strip()


def test_the_search_button_goes_to_the_search_box(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.reader_pane.welcome.search_button, Qt.MouseButton.LeftButton)
    assert window.side_tabs.currentWidget() is window.search_panel
    qtbot.waitUntil(window.search_panel.query_edit.hasFocus, timeout=2000)


def test_opening_an_article_hides_the_page_and_deleting_it_brings_it_back(
    qtbot, monkeypatch, window: MainWindow, article_file: Path, import_through: Callable[..., None], settled
) -> None:  # type: ignore[no-untyped-def]
    page = window.reader_pane.welcome
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    assert not page.isVisible() and window.reader.isVisible()

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    window.delete_document(window.reader.document_id)
    qtbot.waitUntil(lambda: page.isVisible(), timeout=5000)
    assert window.reader.document_id is None and not window.reader.isVisible()
    qtbot.waitUntil(page.samples_button.isVisible, timeout=5000)  # the library list empties a moment later


def test_with_articles_and_none_open_it_says_choose_one(
    qtbot, gui_library: Library, make_window: Callable[[Library], MainWindow], article_file: Path
) -> None:  # type: ignore[no-untyped-def]
    gui_library.documents.import_paths([article_file])
    window = make_window(gui_library)
    window.library_panel.table.clearSelection()
    window.reader_pane.show_placeholder()  # nothing selected: as after the open article was deleted
    page = window.reader_pane.welcome
    assert page.isVisible()
    assert page.choose_label.isVisible() and "Choose an article on the left" in page.choose_label.text()
    assert not page.samples_button.isVisible()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert window.reader.document_id is not None and not page.isVisible()
    qtbot.waitUntil(window.reader.hasFocus, timeout=2000)  # 1–5 and T act at once
