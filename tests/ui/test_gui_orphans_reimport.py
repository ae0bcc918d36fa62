"""A changed file imported again: the replace offer, the re-anchoring summary, and orphans re-attached by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotations.models import Annotation
from app import ImportOutcome, Library
from ui.highlights.model import ANNOTATION_ID_ROLE, DOCUMENT_ID_ROLE, AnnotationListModel
from ui.import_summary import summarize_imports
from ui.main_window import MainWindow
from ui.orphans.presentation import orphan_presentation
from ui.reader.marks import ANNOTATION_ID_PROPERTY
from ui.reimport.report import ArticleReport, HighlightFate
from ui.reimport.summary_dialog import ReanchorSummaryDialog, word_diff_html
from ui.rich_delegate import HTML_ROLE

VERSION_1 = """\
# Gulf supply lines

Tehran ordered radars from Moscow last winter.

Interceptor stocks are finite, and air defense support is scarce across the region.

Damascus asks for training and spare parts before the summer.
"""

# A paragraph inserted above the second highlight; the third one's paragraph deleted.
VERSION_2 = """\
# Gulf supply lines

Tehran ordered radars from Moscow last winter.

A new paragraph about the Kestrel programme shifts everything below it.

Interceptor stocks are finite, and air defense support is scarce across the region.
"""

QUOTES = {"kept": "Tehran ordered radars", "moved": "air defense support is scarce", "orphaned": "Damascus asks"}
NEW_PASSAGE = "the Kestrel programme"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "gulf.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(VERSION_1, encoding="utf-8")
    return path


def highlight_by_keyboard(qtbot, window: MainWindow, quote: str, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    reader = window.reader
    start = reader.toPlainText().index(quote)
    reader.select_range(start, start + len(quote))
    reader.setFocus()
    qtbot.keyClick(reader, key)
    qtbot.waitUntil(lambda: window.editor is not None and window.editor.isVisible(), timeout=3000)
    window.editor.reject()


def drawn_ids(window: MainWindow) -> list[int]:
    return sorted(selection.format.property(ANNOTATION_ID_PROPERTY) for selection in window.reader.extraSelections())


def tab_title(window: MainWindow) -> str:
    return window.side_tabs.tabText(window.side_tabs.indexOf(window.orphans_panel))


@pytest.fixture
def highlighted(
    qtbot, window: MainWindow, gui_library: Library, article: Path, import_through
) -> dict[str, Annotation]:  # type: ignore[no-untyped-def]
    """The article imported through the window and its three passages highlighted with keys 1, 2, 3."""
    import_through(window, [article])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    for status, key in zip(QUOTES, (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3), strict=True):
        highlight_by_keyboard(qtbot, window, QUOTES[status], key)
    made = {a.exact: a for a in gui_library.annotations.for_document(window.reader.document_id)}
    assert not window.side_tabs.isTabVisible(window.side_tabs.indexOf(window.orphans_panel))  # none yet: no tab
    return {status: made[quote] for status, quote in QUOTES.items()}


def reimport(qtbot, window: MainWindow, article: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the file and import it again through the window; wait for the offer."""
    article.write_text(VERSION_2, encoding="utf-8")
    import_through(window, [article])
    qtbot.waitUntil(lambda: window.reimport.offer_dialog is not None and window.reimport.offer_dialog.isVisible())


def test_reimport_offer_summary_and_reattaching_an_orphan(
    qtbot, window: MainWindow, gui_library: Library, article: Path, import_through, highlighted, settled
) -> None:  # type: ignore[no-untyped-def]
    document_id = window.reader.document_id
    reimport(qtbot, window, article, import_through)
    offer = window.reimport.offer_dialog
    assert offer.headline_label.text() == "1 file is a newer version of an article in your library."
    assert offer.file_list.count() == 1 and "gulf.md" in offer.file_list.item(0).text()
    assert "Gulf supply lines" in offer.file_list.item(0).text()
    assert gui_library.documents.get(document_id).text.count("Kestrel") == 0  # nothing replaced before the answer

    qtbot.mouseClick(offer.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.reimport.summary_dialog is not None and window.reimport.summary_dialog.isVisible())
    summary = window.reimport.summary_dialog
    [report] = summary.reports
    assert report.document_id == document_id and report.title == "Gulf supply lines"
    assert {status: [fate.old_quote for fate in report.with_status(status)] for status in QUOTES} == {
        status: [quote] for status, quote in QUOTES.items()
    }
    assert report.count("fuzzy") == 0
    assert "1 stayed · 1 moved · 0 changed · 1 orphaned" in summary.browser.toPlainText()
    shown = summary.browser.toPlainText()
    assert shown.index("Orphaned (1)") < shown.index(QUOTES["orphaned"]) < shown.index("Moved (1)")
    assert shown.index("Moved (1)") < shown.index(QUOTES["moved"]) < shown.index("Stayed (1)")
    assert "lost its passage" in summary.headline.text()

    # The reader shows the new text with the two highlights that found their passage; the orphan is listed.
    new_text = gui_library.documents.get(document_id).text
    assert window.reader.toPlainText() == new_text and "Kestrel" in new_text
    assert drawn_ids(window) == sorted([highlighted["kept"].id, highlighted["moved"].id])
    assert window.highlight_panel.model.rowCount() == 2
    qtbot.waitUntil(lambda: window.orphans_panel.count == 1, timeout=5000)
    assert tab_title(window) == "Orphans (1)"
    assert window.orphans.notice.isVisible() and "1 orphaned highlight in this article" in window.orphans.notice.text()

    qtbot.mouseClick(summary.orphans_button, Qt.MouseButton.LeftButton)
    assert window.side_tabs.currentWidget() is window.orphans_panel
    panel = window.orphans_panel
    item_html = panel.model.index(0).data(HTML_ROLE)
    assert QUOTES["orphaned"] in item_html
    assert panel.selected_orphan_id() == highlighted["orphaned"].id

    # Re-attach without a selection: a hint, nothing changes.
    window.reader.select_range(0, 0)
    qtbot.mouseClick(panel.reattach_button, Qt.MouseButton.LeftButton)
    assert panel.message_label.isVisible() and "select the new passage" in panel.message_label.text()
    assert gui_library.annotations.get(highlighted["orphaned"].id).orphaned

    start = new_text.index(NEW_PASSAGE)
    window.reader.select_range(start, start + len(NEW_PASSAGE))
    qtbot.mouseClick(panel.reattach_button, Qt.MouseButton.LeftButton)
    settled(window)
    reattached = gui_library.annotations.get(highlighted["orphaned"].id)
    assert (reattached.orphaned, reattached.start, reattached.exact) == (False, start, NEW_PASSAGE)
    assert panel.count == 0 and tab_title(window) == "Orphans"
    assert not window.orphans.notice.isVisible()
    assert drawn_ids(window) == sorted(annotation.id for annotation in highlighted.values())
    assert window.highlight_panel.model.rowCount() == 3

    # Undo (Edit menu) makes it an orphan again, listed and no longer drawn.
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: panel.count == 1, timeout=3000)
    assert highlighted["orphaned"].id not in drawn_ids(window)


def test_skipping_the_offer_leaves_the_article_as_it_was(
    qtbot, window: MainWindow, gui_library: Library, article: Path, import_through, highlighted
) -> None:  # type: ignore[no-untyped-def]
    document_id = window.reader.document_id
    before = gui_library.documents.get(document_id).text
    reimport(qtbot, window, article, import_through)
    qtbot.mouseClick(window.reimport.offer_dialog.skip_button, Qt.MouseButton.LeftButton)
    assert not window.reimport.offer_dialog.isVisible()
    qtbot.wait(100)
    assert window.reimport.summary_dialog is None
    assert gui_library.documents.get(document_id).text == before and gui_library.annotations.orphans() == []
    assert [summary.id for summary in gui_library.documents.summaries()] == [document_id]


def test_an_orphan_can_be_deleted_from_the_orphans_tab(
    qtbot, window: MainWindow, gui_library: Library, article: Path, import_through, highlighted, settled
) -> None:  # type: ignore[no-untyped-def]
    reimport(qtbot, window, article, import_through)
    qtbot.mouseClick(window.reimport.offer_dialog.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.reimport.summary_dialog is not None and window.reimport.summary_dialog.isVisible())
    window.reimport.summary_dialog.accept()
    panel = window.orphans_panel
    qtbot.waitUntil(lambda: panel.count == 1, timeout=5000)
    window.orphans.show_panel()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    settled(window)
    assert gui_library.annotations.orphans() == []
    assert panel.count == 0 and tab_title(window) == "Orphans"


def test_orphans_of_other_articles_are_listed_with_their_title(
    qtbot, window: MainWindow, gui_library: Library, article: Path, article_file: Path, import_through, highlighted
) -> None:  # type: ignore[no-untyped-def]
    reimport(qtbot, window, article, import_through)
    qtbot.mouseClick(window.reimport.offer_dialog.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.reimport.summary_dialog is not None and window.reimport.summary_dialog.isVisible())
    window.reimport.summary_dialog.accept()
    import_through(window, [article_file])
    other = next(summary.id for summary in gui_library.documents.summaries() if summary.id != window.reader.document_id)
    window.open_document(other)
    panel = window.orphans_panel
    qtbot.waitUntil(lambda: panel.count == 1, timeout=5000)
    assert "Gulf supply lines" in panel.model.index(0).data(HTML_ROLE)
    assert tab_title(window) == "Orphans (1)" and not window.orphans.notice.isVisible()
    window.orphans.show_panel()
    panel.list_view.setCurrentIndex(panel.model.index(0))
    assert not panel.reattach_button.isEnabled()  # its article is not open
    with qtbot.waitSignal(panel.open_article_requested, timeout=2000):
        panel.list_view.doubleClicked.emit(panel.model.index(0))
    assert window.reader.document_id == highlighted["orphaned"].document_id
    assert panel.reattach_button.isEnabled()


def test_the_orphans_list_passes_the_item_model_tester(qtmodeltester, library: Library, write_file) -> None:  # type: ignore[no-untyped-def]
    document = library.documents.import_file(write_file("gulf.md", VERSION_1)).value.document
    assert document is not None
    orphan = library.annotations.add_quote(document.id, "Damascus asks", tags=["syria"], note="a <b>note</b>").value[0]
    model = AnnotationListModel()  # the one model of both highlight lists, as the Orphans tab presents it
    model.set_annotations([orphan], orphan_presentation({document.id: "Gulf & supply"}, current=None))
    qtmodeltester.check(model)
    shown = model.index(0).data(HTML_ROLE)
    assert "Gulf &amp; supply" in shown and "a &lt;b&gt;note&lt;/b&gt;" in shown and "#syria" in shown
    assert (model.index(0).data(ANNOTATION_ID_ROLE), model.index(0).data(DOCUMENT_ID_ROLE)) == (orphan.id, document.id)
    model.set_annotations([orphan], orphan_presentation({document.id: "Gulf & supply"}, current=document.id))
    assert "Gulf" not in model.index(0).data(HTML_ROLE)  # the open article's orphans go without its title


def test_import_summary_counts_newer_versions(tmp_path: Path) -> None:
    outcomes = [
        ImportOutcome(tmp_path / "a.md", newer_version_of=3, duplicate_title="A"),
        ImportOutcome(tmp_path / "b.md", newer_version_of=4, duplicate_title="B"),
    ]
    summary = summarize_imports(outcomes)
    assert summary.newer == 2
    assert summary.headline == "Imported 0 articles, 2 newer versions of articles in the library."


def test_deleting_an_article_drops_its_orphans(
    qtbot, monkeypatch, window: MainWindow, gui_library: Library, article: Path, import_through, highlighted
) -> None:  # type: ignore[no-untyped-def]
    reimport(qtbot, window, article, import_through)
    qtbot.mouseClick(window.reimport.offer_dialog.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.reimport.summary_dialog is not None and window.reimport.summary_dialog.isVisible())
    window.reimport.summary_dialog.accept()
    qtbot.waitUntil(lambda: window.orphans_panel.count == 1, timeout=5000)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    window.delete_document(window.reader.document_id)
    qtbot.waitUntil(lambda: window.orphans_panel.count == 0, timeout=5000)
    assert tab_title(window) == "Orphans" and not window.orphans.notice.isVisible()


def test_a_second_offer_folds_in_one_still_open(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = ImportOutcome(tmp_path / "a.md", newer_version_of=1, duplicate_title="A")
    second = ImportOutcome(tmp_path / "b.md", newer_version_of=2, duplicate_title="B")
    earlier = window.reimport.offer([first])
    later = window.reimport.offer([second, first])
    assert not earlier.isVisible() and later.isVisible()
    assert [outcome.path.name for outcome in later.outcomes] == ["b.md", "a.md"]
    assert later.headline_label.text() == "2 files are newer versions of articles in your library."
    later.file_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert later.chosen() == [second]
    later.file_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not later.replace_button.isEnabled()
    later.reject()


def test_the_summary_shows_what_changed_in_a_fuzzy_match(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fate = HighlightFate(7, "fuzzy", "demand is high", "demand is very high", "yellow", "underline", ("supply",))
    report = ArticleReport(tmp_path / "a.md", 1, "Stocks & flows", (fate,))
    dialog = ReanchorSummaryDialog([report])
    shown = dialog.browser.toPlainText()
    assert "Stocks & flows" in shown and "0 stayed · 0 moved · 1 changed · 0 orphaned" in shown
    assert "“demand is high” → “demand is very high”" in shown and "#supply" in shown
    old, new = word_diff_html(fate.old_quote, fate.new_quote)
    assert old == "demand is high" and new == "demand is <span class='ins'>very </span>high"
    assert not dialog.orphans_button.isVisibleTo(dialog)
    assert "Replaced 1 article with the newer version." == dialog.headline.text()
