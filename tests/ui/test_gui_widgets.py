"""Widgets and models on their own: the reader's text is the canonical text, models behave, drops import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from annotations.blocks import html_to_text
from annotations.importers import parse_file
from annotations.importers.markdown_format import render_markdown
from annotations.sanitize import sanitize_html
from app import Library
from ui.highlights.editor import TagLineEdit
from ui.highlights.model import AnnotationListModel
from ui.library.model import AUTHOR_COLUMN, DATE_COLUMN, LibraryTableModel
from ui.main_window import MainWindow, first_size
from ui.reader.render import build_document
from ui.search.model import SearchResultModel

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "resources" / "samples").glob("*.md"))

TRICKY_HTML = [
    "<h1>Title</h1><p>One <b>bold</b> and <i>italic</i> <a href='https://example.org'>link</a>.</p>",
    "<ul><li>first<ul><li>nested <em>item</em></li><li>second nested</li></ul></li><li>last</li></ul><p>after</p>",
    "<ol start='3'><li><p>loose</p><p>second paragraph</p></li><li>tight</li></ol>",
    "<blockquote><p>quoted</p><blockquote><p>deeper</p></blockquote></blockquote><p>out</p>",
    "<pre>code line 1\n    indented\n\nafter blank</pre><p>prose</p>",
    "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>two words</td></tr></tbody></table>",
    "<p>x<br>y<br><br>z</p><hr><p>after rule&nbsp;with nbsp</p>",
    "<p>Emoji 🚀 and “quotes” — dashes, e\u0301 combining, 中文 text.</p>",
    "<div>bare div text<span> and span</span></div>text outside<p>para</p>",
    "<p>sup<sup>1</sup> sub<sub>2</sub> <code>code()</code> <s>gone</s></p>",
]


@pytest.mark.parametrize("path", SAMPLES, ids=[path.name for path in SAMPLES])
def test_reader_shows_exactly_the_stored_text_of_each_sample(qapp: QApplication, path: Path) -> None:
    parsed = parse_file(path)
    assert build_document(parsed.html).toPlainText() == parsed.text


@pytest.mark.parametrize("html", TRICKY_HTML)
def test_reader_text_equals_canonical_text_for_tricky_markup(qapp: QApplication, html: str) -> None:
    clean = sanitize_html(html)
    assert build_document(clean).toPlainText() == html_to_text(clean)


def test_reader_text_equals_canonical_text_for_markdown_features(qapp: QApplication) -> None:
    source = 'A "quote" -- dash.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n[^1]: The note.\n'
    clean = sanitize_html(render_markdown(source))
    assert build_document(clean).toPlainText() == html_to_text(clean)


def test_models_pass_the_item_model_tester(qtmodeltester, library: Library, write_file) -> None:  # type: ignore[no-untyped-def]
    outcome = library.documents.import_file(write_file("a.md", "---\ntitle: A\n---\nAlpha beta gamma alpha.\n")).value
    assert outcome.document is not None
    library.annotations.add_quote(outcome.document.id, "alpha", tags=["t1", "t2"], note="n")
    library.index.flush()

    library_model = LibraryTableModel()
    library_model.set_documents(library.documents.summaries())
    qtmodeltester.check(library_model)
    assert library_model.index(0, 0).data() == "A"
    assert library_model.index(0, 3).data() == 1

    highlights = AnnotationListModel()
    highlights.set_annotations(library.annotations.for_document(outcome.document.id))
    qtmodeltester.check(highlights)

    results = SearchResultModel()
    results.set_hits(library.index.search("alpha").hits)
    qtmodeltester.check(results)
    assert results.rowCount() == 3  # two mentions in the article, one highlight


def test_tag_field_completes_from_existing_tags_after_the_last_comma(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = TagLineEdit(["air-defense", "region/iran", "russia-iran"])
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClicks(edit, "air-defense, ira")
    completer = edit.tag_completer
    offered = [completer.completionModel().index(row, 0).data() for row in range(completer.completionCount())]
    assert offered == ["region/iran", "russia-iran"]
    completer.activated[str].emit("russia-iran")
    assert edit.text() == "air-defense, russia-iran, "


def test_dropping_files_on_the_window_imports_them(qtbot, window, gui_library: Library, article_file: Path) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article_file))])
    drop = QDropEvent(
        QPointF(QPoint(200, 200)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: not window.import_running, timeout=15000)
    assert [summary.title for summary in gui_library.documents.summaries()] == ["Notes on Air Defense Cooperation"]
    assert window.library_panel.table.model().rowCount() == 1


def test_the_core_never_loads_qt() -> None:
    code = (
        "import sys, annotations.store, annotations.importers, app, index.search, main\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


def test_qt_calls_do_not_leak_references_to_none(qapp: QApplication) -> None:
    """PySide6 6.12.0 on Python 3.11 decremented None's refcount on every void call, so a long reading
    session (each page build makes thousands of calls) ended in "Fatal Python error: none_dealloc"."""
    from PySide6.QtGui import QTextCursor, QTextDocument

    document = QTextDocument()
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for _ in range(2000):
        cursor.insertText("x")
        cursor.setPosition(0)
    assert sys.getrefcount(None) - before > -100


def test_background_work_reports_back_on_the_gui_thread(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    import threading

    from ui.workers import run_in_background

    seen: dict[str, object] = {}

    def work() -> str:
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return "done"

    def finished(result: object, error: BaseException | None) -> None:
        seen.update(result=result, error=error, gui=threading.current_thread() is threading.main_thread())

    run_in_background(work, finished)
    qtbot.waitUntil(lambda: "gui" in seen, timeout=5000)
    assert seen == {"worker": True, "result": "done", "error": None, "gui": True}


def test_the_library_lists_numbered_titles_in_counting_order_and_hides_empty_columns(
    qtbot, window: MainWindow, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "numbered"
    folder.mkdir()
    for number in (10, 2, 1, 100):
        (folder / f"r{number}.md").write_text(f"# Report {number}\n\nFindings of report {number}.\n", encoding="utf-8")
    import_through(window, [folder])
    panel = window.library_panel
    titles = [panel.proxy.index(row, 0).data() for row in range(panel.proxy.rowCount())]
    assert titles == ["Report 1", "Report 2", "Report 10", "Report 100"]
    assert panel.table.isColumnHidden(AUTHOR_COLUMN) and panel.table.isColumnHidden(DATE_COLUMN)

    dated = folder / "dated.md"
    dated.write_text(
        "---\ntitle: Report 3\nauthor: A. Writer\ndate: 2024-05-01\n---\nDated findings.\n", encoding="utf-8"
    )
    import_through(window, [dated])
    window.splitter.setSizes([430, 650, 360])
    qtbot.waitUntil(lambda: panel.width() == 430, timeout=3000)
    assert not panel.table.isColumnHidden(AUTHOR_COLUMN) and not panel.table.isColumnHidden(DATE_COLUMN)
    window.splitter.setSizes([300, 780, 360])  # a narrow library: the titles keep the room
    qtbot.waitUntil(lambda: panel.table.isColumnHidden(AUTHOR_COLUMN), timeout=3000)
    assert not panel.table.isColumnHidden(DATE_COLUMN)
    assert panel.table.columnWidth(0) > 120
    window.splitter.setSizes([430, 650, 360])
    qtbot.waitUntil(lambda: not panel.table.isColumnHidden(AUTHOR_COLUMN), timeout=3000)
    assert [panel.proxy.index(row, 0).data() for row in range(panel.proxy.rowCount())][:3] == [
        "Report 1",
        "Report 2",
        "Report 3",
    ]


def test_a_first_window_fits_a_screen_smaller_than_its_preferred_size(qtbot, gui_library: Library) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(gui_library, remember_layout=False)  # no remembered geometry: a first start
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()  # the offscreen screen: 800 × 800
    assert window.height() <= available.height() < 900
    assert window.width() <= max(available.width(), window.minimumSizeHint().width())
    assert first_size(QSize(2560, 1440)) == QSize(1440, 900)  # a large screen gets the preferred size
    assert first_size(QSize(1366, 728)) == QSize(1297, 691)  # a laptop's: most of it, not beyond it
