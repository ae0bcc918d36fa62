"""Bulk import with progress and cancel, and editing an article's details, through the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QProgressDialog, QPushButton

from annotations.importers.parallel import MIN_FILES_FOR_PROCESSES
from ui.library.details_dialog import DocumentDetailsDialog


def write_folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for number in range(count):
        (folder / f"report-{number:03d}.md").write_text(
            f"# Report {number}\n\nAir defense support, part {number}.\n", encoding="utf-8"
        )
    (folder / "broken.md").write_bytes(b"\x00\x01\x02binary")
    return folder


def test_folder_import_shows_progress_then_one_summary(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_folder(tmp_path, MIN_FILES_FOR_PROCESSES + 3)
    labels: list[str] = []

    def watch_progress() -> None:
        dialog = window.findChild(QProgressDialog)
        if dialog is not None and dialog.labelText() not in labels:
            labels.append(dialog.labelText())

    timer = QTimer(window)
    timer.timeout.connect(watch_progress)
    timer.start(5)
    window.import_paths([folder])
    qtbot.waitUntil(lambda: not window.import_running, timeout=30000)
    timer.stop()

    total = MIN_FILES_FOR_PROCESSES + 4
    assert any(label.startswith(f"{done} of {total} files\n") for label in labels for done in range(total + 1))
    summary = window.findChild(QMessageBox, "importSummary")
    assert summary.text() == f"Imported {total - 1} articles, 1 failed."
    assert "broken.md: looks like a binary file" in summary.informativeText()
    assert window.library_panel.model.rowCount() == total - 1


def test_an_import_with_a_warning_says_what_was_read_leniently(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "memos"
    folder.mkdir()
    (folder / "fine.md").write_text("---\ntitle: Fine memo\n---\n\nAll good.\n", encoding="utf-8")
    (folder / "odd.md").write_text('---\ntitle: "Odd memo\n---\n\nStill imported.\n', encoding="utf-8")
    window.import_paths([folder])
    qtbot.waitUntil(lambda: not window.import_running, timeout=30000)

    summary = window.findChild(QMessageBox, "importSummary")
    assert summary.text() == "Imported 2 articles (1 with a warning)."
    assert "odd.md: the front matter is not valid YAML" in summary.informativeText()
    assert "its fields were read line by line" in summary.informativeText()
    titles = {window.library_panel.model.index(row, 0).data() for row in range(window.library_panel.model.rowCount())}
    assert {"Fine memo", "Odd memo"} <= titles


def test_cancelling_an_import_says_how_far_it_got(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_folder(tmp_path, 40)
    window.import_paths([folder], announce=False)
    window.findChild(QProgressDialog).findChild(QPushButton).click()  # Cancel at once: the worker stops at its next file
    qtbot.waitUntil(lambda: not window.import_running, timeout=30000)

    message = window.statusBar().currentMessage()
    assert message.startswith("Import cancelled after "), message
    stored = window.library_panel.model.rowCount()
    assert stored < 41
    assert f"of 41 files. Imported {stored} article" in message
    assert window.findChild(QProgressDialog) is None or not window.findChild(QProgressDialog).isVisible()


def open_details(qtbot, window) -> DocumentDetailsDialog:  # type: ignore[no-untyped-def]
    window.details_action.trigger()
    dialog = window.findChild(DocumentDetailsDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_edit_details_updates_library_reader_and_search(qtbot, window, article_file: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    dialog = open_details(qtbot, window)
    assert dialog.title_edit.text() == "Notes on Air Defense Cooperation"
    assert dialog.author_edit.text() == "Test Author"

    dialog.title_edit.clear()
    qtbot.keyClicks(dialog.title_edit, "Kestrel Memo on Air Defense")
    dialog.site_edit.clear()
    qtbot.keyClicks(dialog.site_edit, "Example Review")
    qtbot.keyClicks(dialog.note_edit, "Cross-check with the Riga cable.")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)  # saved off the GUI thread, then closed
    assert window.reader_pane.title_label.text() == "Kestrel Memo on Air Defense"
    assert "Example Review" in window.reader_pane.meta_label.text()
    assert window.reader_pane.note_label.text() == "Cross-check with the Riga cable."
    # the table re-reads just that row on the operations worker, so it follows a moment later
    qtbot.waitUntil(lambda: window.library_panel.model.index(0, 0).data() == "Kestrel Memo on Air Defense", timeout=5000)
    window.library.index.flush()
    assert [hit.title for hit in window.library.index.search("riga").hits] == ["Kestrel Memo on Air Defense"]


def test_details_with_an_empty_title_or_a_bad_date_are_not_saved(qtbot, window, article_file: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    dialog = open_details(qtbot, window)
    dialog.title_edit.clear()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "An article needs a title."

    qtbot.keyClicks(dialog.title_edit, "Fine title")
    dialog.date_edit.setText("last Tuesday")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "year-month-day" in dialog.error_label.text()
    assert window.library.documents.summaries()[0].title == "Notes on Air Defense Cooperation"


def test_library_context_menu_offers_details(qtbot, window, article_file: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    table = window.library_panel.table
    position: QPoint = table.visualRect(window.library_panel.proxy.index(0, 0)).center()

    def choose_details() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        assert [action.text() for action in menu.actions()] == ["Details…", "Delete…"]
        menu.actions()[0].trigger()
        menu.close()

    QTimer.singleShot(50, choose_details)
    table.customContextMenuRequested.emit(position)
    dialog = window.findChild(DocumentDetailsDialog)
    assert dialog is not None and dialog.title_edit.text() == "Notes on Air Defense Cooperation"
