"""Search modes as a user drives them: every mention in context, F3, sorting, facets, paging, Highlight all."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication

from app import Library
from index.search import IndexUnavailable
from ui.main_window import MainWindow
from ui.search.concordance import CONTEXT_CHARS, KwicRow
from ui.search.facets import article_filter, narrowed, tag_filter
from ui.search.panel import CONCORDANCE_WIDTH, FIRST_PAGE_SIZE, PAGE_SIZE
from ui.search.stepper import next_span
from ui.splitter_policy import MIN_DONOR_WIDTH, SIDE_KEEPS

ARTICLES = {
    "alpha.md": (
        "Alpha brief on radar exports",
        "2023-03-01",
        "The radar arrived in spring.\n\nA second radar followed; officials said the radar was old.\n",
    ),
    "beta.md": (
        "Beta report on training",
        "2024-06-10",
        "Training came first. Then a radar.\n\nNothing else is known.\n",
    ),
    "gamma.md": (
        "Gamma notes on logistics",
        "2025-01-20",
        "Spare parts, fuel and one radar that never worked. The radar sits in a depot; the radar is a symbol.\n",
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    for name, (title, date, body) in ARTICLES.items():
        (folder / name).write_text(f"---\ntitle: {title}\nauthor: A. Writer\ndate: {date}\n---\n{body}")
    return folder


def search(qtbot, window: MainWindow, query: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=8000):
        window.search_panel.set_query(query)


def import_many_mentions(window: MainWindow, folder: Path, import_through, line: str, count: int) -> None:  # type: ignore[no-untyped-def]
    """Import one article, "Many mentions", of ``count`` paragraphs made from ``line`` (with ``{n}``)."""
    path = folder / "incoming" / "many.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text("---\ntitle: Many mentions\n---\n" + "\n\n".join(line.format(n=n) for n in range(count)))
    import_through(window, [path])


def occurrences(library: Library, word: str) -> dict[int, list[int]]:
    """Brute force: every position of ``word`` in every article's canonical text."""
    found = {}
    for summary in library.documents.summaries():
        text = library.documents.get(summary.id).text
        found[summary.id] = [i for i in range(len(text)) if text.startswith(word, i)]
    return found


def lines(window: MainWindow) -> list[KwicRow]:
    return [row for row in window.search_panel.concordance_model.rows if not row.is_header]


def click_row(qtbot, view, row: int) -> None:  # type: ignore[no-untyped-def]
    view.scrollTo(view.model().index(row, 0))
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_every_mention_lists_each_occurrence_grouped_aligned_and_opens_it(
    qtbot, window: MainWindow, gui_library: Library, corpus: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [corpus])
    window.side_tabs.setCurrentWidget(window.search_panel)
    search(qtbot, window, '"radar"')
    panel = window.search_panel
    with qtbot.waitSignal(panel.search_finished, timeout=8000):  # "Every mention": the articles' text only
        qtbot.mouseClick(panel.concordance_button, Qt.MouseButton.LeftButton)
    assert panel.concordance_mode and panel.views.currentWidget() is panel.concordance_view

    expected = occurrences(gui_library, "radar")
    rows = panel.concordance_model.rows
    headers = [row for row in rows if row.is_header]
    assert {row.document_id for row in headers} == set(expected)
    for header in headers:  # each article once, its count = its lines = its occurrences
        group = [row for row in lines(window) if row.document_id == header.document_id]
        assert header.count == len(group) == len(expected[header.document_id])
        assert [row.hit.start for row in group] == expected[header.document_id]
    assert len(lines(window)) == sum(map(len, expected.values())) == 7
    assert "7 mentions in 3 articles" in panel.message_label.text()

    # The match sits in one column: the same character offset in every line, the same x when painted.
    model, view, delegate = panel.concordance_model, panel.concordance_view, panel.concordance_delegate
    line_rows = [number for number, row in enumerate(rows) if not row.is_header]
    for number in line_rows:
        text = str(model.index(number).data())
        assert text[CONTEXT_CHARS : CONTEXT_CHARS + len("radar")] == "radar"
        assert "\n" not in text
    xs = {delegate.match_x(view.visualRect(model.index(number))) for number in line_rows}
    assert len(xs) == 1

    # Clicking a line opens its article with exactly that occurrence selected.
    target = line_rows[-1]
    hit = rows[target].hit
    click_row(qtbot, view, target)
    assert window.reader.document_id == hit.document_id
    cursor = window.reader.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (hit.start, hit.end)
    assert cursor.selectedText() == "radar"
    caret = window.reader.cursorRect(cursor)
    assert window.reader.viewport().rect().contains(caret.center())

    # Enter on another line does the same.
    other = line_rows[0]
    view.setFocus()
    view.setCurrentIndex(model.index(other))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    cursor = window.reader.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (rows[other].hit.start, rows[other].hit.end)


def test_f3_and_shift_f3_step_through_the_mentions_in_the_open_article(
    qtbot, window: MainWindow, gui_library: Library, corpus: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [corpus])
    alpha = next(s.id for s in gui_library.documents.summaries() if s.title.startswith("Alpha"))
    window.open_document(alpha)
    search(qtbot, window, '"radar"')
    spans = [(start, start + 5) for start in occurrences(gui_library, "radar")[alpha]]
    assert len(spans) == 3
    window.reader.setFocus()

    def selection() -> tuple[int, int]:
        cursor = window.reader.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    for span in spans:
        qtbot.keyClick(window.reader, Qt.Key.Key_F3)
        assert selection() == span
        assert window.reader.textCursor().selectedText() == "radar"
    qtbot.keyClick(window.reader, Qt.Key.Key_F3)  # past the last: back to the first, and the status bar says so
    assert selection() == spans[0]
    assert "Wrapped" in window.statusBar().currentMessage()
    qtbot.keyClick(window.reader, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # before the first: the last
    assert selection() == spans[-1]
    assert "Wrapped" in window.statusBar().currentMessage()
    qtbot.keyClick(window.reader, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert selection() == spans[1]
    assert window.mentions.next_action in window.menuBar().actions()[1].menu().actions()


def test_sort_combo_orders_the_results(
    qtbot, window: MainWindow, gui_library: Library, corpus: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [corpus])
    search(qtbot, window, '"radar"')
    panel = window.search_panel

    def article_order() -> list[str]:
        return list(dict.fromkeys(hit.title.split()[0] for hit in panel.last_result.hits))

    box = panel.sort_box
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        box.setCurrentIndex(box.findData("title"))
    assert article_order() == ["Alpha", "Beta", "Gamma"]
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        box.setCurrentIndex(box.findData("date"))
    assert article_order() == ["Gamma", "Beta", "Alpha"]  # newest first
    with qtbot.waitSignal(panel.search_finished, timeout=8000):  # "Every mention": the articles' text only
        qtbot.mouseClick(panel.concordance_button, Qt.MouseButton.LeftButton)
    headers = [row.title.split()[0] for row in panel.concordance_model.rows if row.is_header]
    assert headers == ["Gamma", "Beta", "Alpha"]


def test_a_facet_click_narrows_the_query_and_the_results(
    qtbot, window: MainWindow, gui_library: Library, corpus: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [corpus])
    gamma = next(s.id for s in gui_library.documents.summaries() if s.title.startswith("Gamma"))
    gui_library.annotations.add_quote(gamma, "Spare parts")
    note = gui_library.annotations.add_quote(gamma, "the radar is a symbol").value[0]
    gui_library.annotations.update(note.id, color="green", tags=["symbols"], note="")
    window.side_tabs.setCurrentWidget(window.search_panel)
    search(qtbot, window, "radar")
    panel = window.search_panel
    facets = panel.facets_view
    assert panel.facets_view.isVisible()
    clauses = facets.clauses()
    assert {"published:2023", "published:2024", "published:2025", "tag:symbols", "color:green"} <= set(clauses)
    assert sum(1 for clause in clauses if clause.startswith("(title:")) == 3

    item = facets.index_for("published:2024")
    assert item.isValid() and item.siblingAtColumn(1).data() == "1"
    facets.scrollTo(item)
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        qtbot.mouseClick(facets.viewport(), Qt.MouseButton.LeftButton, pos=facets.visualRect(item).center())
    assert panel.query_edit.text() == "radar published:2024"
    assert {hit.title for hit in panel.last_result.hits} == {"Beta report on training"}
    assert panel.last_result.total == 1

    search(qtbot, window, "radar")
    item = facets.index_for("tag:symbols")
    facets.scrollTo(item)
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        qtbot.mouseClick(facets.viewport(), Qt.MouseButton.LeftButton, pos=facets.visualRect(item).center())
    assert panel.query_edit.text() == "radar tag:symbols"
    assert [(hit.kind, hit.annotation_id) for hit in panel.last_result.hits] == [("annotation", note.id)]

    search(qtbot, window, "radar")
    item = facets.index_for('(title:"Alpha brief on radar exports" OR article:"Alpha brief on radar exports")')
    assert item.isValid()
    facets.scrollTo(item)
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        qtbot.mouseClick(facets.viewport(), Qt.MouseButton.LeftButton, pos=facets.visualRect(item).center())
    assert {hit.title for hit in panel.last_result.hits} == {"Alpha brief on radar exports"}


def test_highlight_all_and_tag_then_one_undo_removes_them(
    qtbot, window: MainWindow, gui_library: Library, corpus: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [corpus])
    gamma = next(s.id for s in gui_library.documents.summaries() if s.title.startswith("Gamma"))
    window.open_document(gamma)
    search(qtbot, window, '"radar"')
    panel = window.search_panel
    assert panel.autocode_button.isEnabled()
    qtbot.mouseClick(panel.autocode_button, Qt.MouseButton.LeftButton)
    dialog = window.autocode.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.tags_edit, "sensors, radar")
    dialog.color_box.setCurrentIndex(dialog.color_box.findData("blue"))
    with qtbot.waitSignal(window.autocode.finished, timeout=10000) as finished:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert window.autocode.dialog is None
    report = finished.args[0]
    assert (report.created, report.documents, report.skipped) == (7, 3, 0)
    assert window.statusBar().currentMessage() == "Created 7 highlights in 3 articles."

    expected = occurrences(gui_library, "radar")
    for document_id, starts in expected.items():
        made = gui_library.annotations.for_document(document_id)
        assert sorted((a.start, a.end, a.color, a.tags) for a in made) == [
            (start, start + 5, "blue", ("radar", "sensors")) for start in starts
        ]
    assert window.highlight_panel.model.rowCount() == 3  # the open article's three
    assert len(window.reader.extraSelections()) == 3

    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)  # the dialog gave focus back
    assert window.undo_action.isEnabled() and "Highlight All" in window.undo_action.text()
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.operations.idle, timeout=5000)  # undone off the GUI thread
    assert all(gui_library.annotations.for_document(document_id) == [] for document_id in expected)
    assert window.highlight_panel.model.rowCount() == 0
    assert window.reader.extraSelections() == []

    # Running it twice skips what is already tagged.
    window.undo.redo()
    window.autocode.run(["sensors"], "blue")  # runs after the redo: writes keep their order
    qtbot.waitUntil(lambda: "already tagged" in window.statusBar().currentMessage(), timeout=8000)
    assert window.statusBar().currentMessage() == "Created 0 highlights in 0 articles (7 already tagged)."


def test_long_result_lists_page_in_and_say_how_many_are_shown(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_many_mentions(window, tmp_path, import_through, "Paragraph {n}: the drone flew.", 450)
    window.side_tabs.setCurrentWidget(window.search_panel)
    search(qtbot, window, "drone")
    panel = window.search_panel
    assert panel.last_result.total == 450
    assert panel.model.rowCount() == FIRST_PAGE_SIZE
    assert f"showing {FIRST_PAGE_SIZE} of 450" in panel.message_label.text()
    with qtbot.waitSignal(panel.search_finished, timeout=8000):  # "Every mention": the articles' text only
        qtbot.mouseClick(panel.concordance_button, Qt.MouseButton.LeftButton)
    assert panel.concordance_model.rows[0].count == FIRST_PAGE_SIZE
    assert f"{FIRST_PAGE_SIZE}+ mentions" in str(panel.concordance_model.index(0).data())

    view = panel.concordance_view
    while panel.concordance_model.line_count() < 450:
        loaded = panel.concordance_model.line_count()
        with qtbot.waitSignal(panel.page_loaded, timeout=8000):
            view.scrollToBottom()
            QApplication.processEvents()
            if panel.concordance_model.canFetchMore(view.rootIndex()):
                panel.concordance_model.fetchMore(view.rootIndex())
        assert panel.concordance_model.line_count() > loaded
    headers = [row for row in panel.concordance_model.rows if row.is_header]
    assert [(row.title, row.count) for row in headers] == [("Many mentions", 450)]
    assert str(panel.concordance_model.index(0).data()).endswith("450 mentions")
    assert panel.model.rowCount() == 450
    assert "showing" not in panel.message_label.text()
    starts = [row.hit.start for row in lines(window)]
    assert starts == sorted(starts) and len(set(starts)) == 450


def test_rebuilding_index_is_announced_with_its_progress(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    class Rebuilding:
        rebuild_progress = 0.42

        def search(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise IndexUnavailable("rebuilding (42 %)")

    panel = window.search_panel
    monkeypatch.setattr(panel, "library", SimpleNamespace(index=Rebuilding()))
    search(qtbot, window, "radar")
    assert panel.message_label.text().startswith("Rebuilding the search index (42 %)…")
    assert panel.message_label.property("error") is False


def test_help_button_shows_the_query_language(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_panel
    window.side_tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.help_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    popup = panel.help_popup
    assert popup is not None and popup.isVisible()
    for example in ("tag:air-defense", "color:green", "published:2024", '"air defense"', "F3"):
        assert example in popup.label.text()
    popup.close()


def test_models_pass_the_model_tester_while_paging(
    qtbot, qtmodeltester, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "incoming" / "paged.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text("---\ntitle: Paged\n---\n" + "\n\n".join(f"Line {n}: a drone." for n in range(260)))
    import_through(window, [path])
    panel = window.search_panel
    search(qtbot, window, "drone")
    qtmodeltester.check(panel.model)
    for loaded in (FIRST_PAGE_SIZE + PAGE_SIZE, 260):  # a short first page, then longer ones
        with qtbot.waitSignal(panel.page_loaded, timeout=8000):
            panel.model.fetchMore(QModelIndex())
        assert panel.model.rowCount() == loaded
        qtmodeltester.check(panel.model)
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        panel.set_concordance_mode(True)
    qtmodeltester.check(panel.concordance_model)
    while panel.concordance_model.line_count() < 260:
        with qtbot.waitSignal(panel.page_loaded, timeout=8000):
            panel.concordance_model.fetchMore(QModelIndex())
    assert panel.concordance_model.line_count() == 260
    qtmodeltester.check(panel.concordance_model)


def test_stepping_and_narrowing_rules() -> None:
    spans = [(10, 15), (40, 45), (90, 95)]
    assert next_span(spans, (0, 0), True) == ((10, 15), False)
    assert next_span(spans, (10, 15), True) == ((40, 45), False)
    assert next_span(spans, (12, 12), True) == ((40, 45), False)  # a caret inside a mention: the next one
    assert next_span(spans, (90, 95), True) == ((10, 15), True)
    assert next_span(spans, (40, 45), False) == ((10, 15), False)
    assert next_span(spans, (10, 15), False) == ((90, 95), True)
    assert next_span([], (0, 0), True) == (None, False)
    assert narrowed("radar", "tag:x") == "radar tag:x"
    assert narrowed("radar tag:x", "tag:x") == "radar tag:x"
    assert narrowed("radar OR sonar", "published:2024") == "(radar OR sonar) published:2024"
    assert tag_filter("region/iran") == "tag:region/iran"
    assert article_filter('A "quoted" title') == '(title:"A  quoted  title" OR article:"A  quoted  title")'


def test_f3_without_a_search_says_what_to_do(qtbot, window: MainWindow, article_file: Path, import_through) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    qtbot.waitUntil(lambda: window.reader.document_id is not None, timeout=5000)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F3)
    assert "Search first" in window.statusBar().currentMessage()
    search(qtbot, window, '"nowhere-to-be-found"')
    qtbot.keyClick(window.reader, Qt.Key.Key_F3)
    assert "No mentions" in window.statusBar().currentMessage()


def test_a_long_result_shows_its_first_page_before_every_mention_is_counted(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_many_mentions(window, tmp_path, import_through, "Note {n}: the drone flew.", 300)
    window.side_tabs.setCurrentWidget(window.search_panel)
    panel = window.search_panel
    with qtbot.waitSignal(panel.page_loaded, timeout=8000) as first_page:
        panel.set_query("drone")
    assert first_page.args == [FIRST_PAGE_SIZE]
    assert panel.model.rowCount() == FIRST_PAGE_SIZE  # readable now, while the count runs on the worker
    assert panel.message_label.text() == f"Showing the first {FIRST_PAGE_SIZE} mentions; counting all…"
    assert not panel.facets_view.isVisible()
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        pass
    assert panel.last_result.total == 300
    assert f"300 mentions in 1 article · showing {FIRST_PAGE_SIZE} of 300" in panel.message_label.text()
    with qtbot.waitSignal(panel.page_loaded, timeout=8000) as second_page:  # scrolling on: a longer page
        panel.model.fetchMore(panel.results_view.rootIndex())
    assert second_page.args == [FIRST_PAGE_SIZE + PAGE_SIZE]
    assert panel.facets.articles[0][2] == 300


def test_f3_steps_past_the_loaded_page_to_every_mention_in_the_article(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_many_mentions(window, tmp_path, import_through, "Step {n}: the drone flew.", 250)
    document_id = gui_library.documents.summaries()[0].id
    window.open_document(document_id)
    search(qtbot, window, "drone")
    assert len(window.search_panel.last_result.hits) == FIRST_PAGE_SIZE < window.search_panel.last_result.total == 250
    last_loaded = window.search_panel.last_result.hits[-1]
    window.open_passage(document_id, last_loaded.start, last_loaded.end)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F3)
    cursor = window.reader.textCursor()
    text = gui_library.documents.get(document_id).text
    assert text[cursor.selectionStart() : cursor.selectionEnd()] == "drone"
    assert text[: cursor.selectionStart()].count("drone") == FIRST_PAGE_SIZE  # the 51st, not yet in the list
    assert window.statusBar().currentMessage() == f"Mention {FIRST_PAGE_SIZE + 1} of 250 in this article."


def test_every_mention_takes_its_room_from_the_library_list_before_the_reader(
    qtbot, window: MainWindow, gui_library: Library, corpus: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [corpus])
    window.resize(1440, 900)
    window.splitter.setSizes([430, 650, 360])
    window.side_tabs.setCurrentWidget(window.search_panel)
    search(qtbot, window, '"radar"')
    panel = window.search_panel
    before = window.splitter.sizes()
    assert before[0] > 400 and before[2] < CONCORDANCE_WIDTH
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        qtbot.mouseClick(panel.concordance_button, Qt.MouseButton.LeftButton)

    library, reader, side = window.splitter.sizes()
    assert side == CONCORDANCE_WIDTH  # the lines in context got the width they ask for
    assert library == window.library_panel.minimumSizeHint().width() + SIDE_KEEPS  # the list gave what it could
    assert reader == before[1] - (CONCORDANCE_WIDTH - before[2] - (before[0] - library))  # the reader, the rest
    assert reader >= MIN_DONOR_WIDTH


def test_every_mention_counts_only_occurrences_in_the_text_and_reads_an_exclusion(
    qtbot, window: MainWindow, gui_library: Library, corpus: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    """An article whose title alone says "radar" is a hit but not a mention; ``-word`` narrows as typed."""
    titled = corpus / "delta.md"
    titled.write_text("---\ntitle: Delta on radar budgets\n---\nMoney only, nothing about sensors.\n")
    import_through(window, [corpus])
    window.side_tabs.setCurrentWidget(window.search_panel)
    panel = window.search_panel
    qtbot.mouseClick(panel.concordance_button, Qt.MouseButton.LeftButton)  # no query yet: nothing to run
    assert panel.concordance_mode
    search(qtbot, window, "radar")
    expected = {doc: spans for doc, spans in occurrences(gui_library, "radar").items() if spans}
    assert len(lines(window)) == sum(map(len, expected.values())) == 7
    assert "7 mentions in 3 articles" in panel.message_label.text()  # not 8 in 4: Delta's title is no mention

    search(qtbot, window, "radar -logistics")  # Whoosh reads -word only at the top of a query
    assert not panel.message_label.property("error"), panel.message_label.text()
    gamma = next(s.id for s in gui_library.documents.summaries() if s.title.startswith("Gamma"))
    assert {row.document_id for row in lines(window)} == set(expected) - {gamma}
    assert "4 mentions in 2 articles" in panel.message_label.text()
