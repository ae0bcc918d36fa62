"""File → Import Annotations… as a user meets it: the summary says what was placed, orphaned, skipped or not
matched and why; the highlights appear in the reader and the Highlights panel; a bad file is refused in words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import Library
from ui.library.annotation_import import AnnotationImportSummaryDialog
from ui.main_window import MainWindow

SOURCE = "https://example.org/test-article"  # the test article's source (tests/ui/conftest.py)


def web_annotation(number: int, exact: str, source: str = SOURCE, tags: tuple[str, ...] = (), note: str = "") -> dict:
    bodies: list[dict[str, str]] = [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags]
    if note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": note})
    return {
        "type": "Annotation",
        "id": f"https://elsewhere.example/annotations/{number}",
        "body": bodies,
        "target": {"source": source, "selector": {"type": "TextQuoteSelector", "exact": exact}},
    }


@pytest.fixture
def opened(qtbot, window: MainWindow, article_file: Path, import_through) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window with the test article open and no highlights yet."""
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=3000)
    return window


def import_annotations(qtbot, window: MainWindow, path: Path) -> object:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.annotation_importer.finished, timeout=15000) as finished:
        window.annotation_importer.import_file(path)
    return finished.args[0]


def test_imported_annotations_appear_and_the_summary_says_what_happened(
    qtbot, opened: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "from-another-tool.jsonld"
    annotations = [
        web_annotation(1, "Radars are visible.", tags=("sensors",), note="Seen from orbit."),
        web_annotation(2, "Training is not.", tags=("training",)),
        web_annotation(3, "A sentence this article never had.", tags=("lost",)),
        web_annotation(4, "Nowhere in the library at all.", source="https://example.org/elsewhere"),
        {
            "type": "Annotation",
            "id": "https://elsewhere.example/annotations/5",
            "body": {"type": "TextualBody", "value": "A note on the whole page"},
            "target": SOURCE,
        },  # fmt: skip
    ]
    path.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage",
                                "items": annotations}), encoding="utf-8")  # fmt: skip

    report = import_annotations(qtbot, opened, path)

    assert report is not None
    dialog = opened.findChild(AnnotationImportSummaryDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.headline.text() == "Annotations from from-another-tool.jsonld"
    summary = dialog.summary_label.text()
    assert summary == report.summary()  # type: ignore[attr-defined]
    assert (report.placed, report.orphaned, report.unmatched, report.failed) == (2, 1, 1, 1)  # type: ignore[attr-defined]
    assert "2 in place" in summary and "1 orphaned" in summary and "not imported" in summary
    details = dialog.details.toPlainText()
    assert "Orphaned (1)" in details and "“A sentence this article never had.”" in details
    assert "Not matched (1)" in details and "Nowhere in the library at all." in details
    assert "Not read (1)" in details
    assert opened.statusBar().currentMessage() == "Imported 3 annotations from from-another-tool.jsonld."
    # The views refreshed from the import's Changes: two highlights drawn and listed, the orphan in its tab.
    panel = opened.highlight_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=3000)
    assert sorted(annotation.exact for annotation in opened.reader.annotations) == ["Radars are visible.",
                                                                                    "Training is not."]  # fmt: skip
    assert opened.orphans.total == 1
    assert dialog.orphans_button.isVisible()
    qtbot.mouseClick(dialog.orphans_button, Qt.MouseButton.LeftButton)
    assert opened.side_tabs.currentWidget() is opened.orphans_panel
    assert not dialog.isVisible()

    # The same file again: nothing new, and the summary says so.
    again = import_annotations(qtbot, opened, path)
    assert again is not None and again.created == 0  # type: ignore[attr-defined]
    second = [found for found in opened.findChildren(AnnotationImportSummaryDialog) if found.isVisible()]
    assert second and "already in the library" in second[-1].summary_label.text()
    assert not second[-1].orphans_button.isVisible()
    assert panel.model.rowCount() == 2


def test_import_is_one_undoable_step(qtbot, opened: MainWindow, tmp_path: Path, settled) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "two.json"
    path.write_text(json.dumps([web_annotation(1, "Radars are visible."), web_annotation(2, "Training is not.")]),
                    encoding="utf-8")  # fmt: skip
    import_annotations(qtbot, opened, path)
    qtbot.waitUntil(lambda: opened.highlight_panel.model.rowCount() == 2, timeout=3000)
    opened.undo.update_actions()
    assert (
        opened.undo_action.text().startswith("&Undo Import Annotations")
        or "Import Annotations" in opened.undo_action.text()
    )
    opened.undo_action.trigger()
    settled(opened)
    qtbot.waitUntil(lambda: opened.highlight_panel.model.rowCount() == 0, timeout=3000)


def test_a_file_that_cannot_be_read_is_refused_in_words(qtbot, opened: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.json"
    path.write_text("this is not JSON", encoding="utf-8")

    assert import_annotations(qtbot, opened, path) is None

    box = opened.findChild(QMessageBox, "annotationImportError")
    assert box is not None
    assert box.text().startswith("broken.json was not imported: not JSON (")
    assert "Traceback" not in box.text()
    assert opened.statusBar().currentMessage() == box.text()
    assert opened.highlight_panel.model.rowCount() == 0


def test_an_exported_file_comes_back_into_another_library(
    qtbot, opened: MainWindow, gui_library: Library, tmp_path: Path, make_window, article_file: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    document_id = opened.reader.document_id
    gui_library.annotations.add_quote(document_id, "Radars are visible.", tags=["sensors"], note="Seen.")
    gui_library.annotations.add_quote(document_id, "spare parts", tags=["logistics"], color="green")
    exported = tmp_path / "shared.jsonld"
    from app.exports.options import ExportOptions
    from app.exports.scope import ExportScope

    gui_library.exports.export(ExportScope(document_id=document_id), ExportOptions(format="jsonld"), exported)

    other_library = Library(tmp_path / "colleague", background=True)
    try:
        colleague = make_window(other_library)
        import_through(colleague, [article_file])
        qtbot.waitUntil(lambda: colleague.reader.document_id is not None, timeout=3000)
        report = import_annotations(qtbot, colleague, exported)
        assert report is not None and report.created == 2  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: colleague.highlight_panel.model.rowCount() == 2, timeout=3000)
        tags = sorted(tag for annotation in colleague.reader.annotations for tag in annotation.tags)
        assert tags == ["logistics", "sensors"]
        colleague.tag_manager_action.trigger()
        qtbot.waitUntil(lambda: colleague.tag_manager.node("sensors") is not None, timeout=3000)
        colleague.close()
    finally:
        other_library.close()
