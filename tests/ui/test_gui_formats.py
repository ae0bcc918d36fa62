"""PDF, Word and saved web pages import through the window; the reader shows exactly the stored text."""

from __future__ import annotations

from pathlib import Path

from format_samples import DOCX_TITLE, HTML_TITLE, PDF_TITLE, write_all


def test_each_format_imports_through_the_window_and_reads_as_stored(qtbot, window, tmp_path: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    files = write_all(tmp_path / "incoming")
    import_through(window, list(files.values()))

    model = window.library_panel.model
    titles = {model.index(row, 0).data() for row in range(model.rowCount())}
    assert titles == {PDF_TITLE, DOCX_TITLE, HTML_TITLE}
    for summary in window.library.documents.summaries():
        window.library_panel.select_document(summary.id)
        stored = window.library.documents.get(summary.id)
        assert window.reader_pane.title_label.text() == stored.title
        assert window.reader.toPlainText() == stored.text
        assert "air defense support" in stored.text
