"""Every mention of a Chinese word in the window: a click selects exactly the matched characters."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app import Library
from ui.main_window import MainWindow

CHINESE = "一隻貓頭鷹在樹上。\n\n貓頭鷹晚上出來找老鼠。有人說「貓，頭鷹」，那不是貓頭鷹。\n"


def test_a_chinese_every_mention_click_selects_exactly_the_matched_characters(
    qtbot, window: MainWindow, gui_library: Library, tmp_path: Path, import_through
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "owl.md"
    path.write_text("---\ntitle: 貓頭鷹的故事\n---\n" + CHINESE, encoding="utf-8")
    import_through(window, [path])
    window.side_tabs.setCurrentWidget(window.search_panel)
    panel = window.search_panel
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        panel.set_query("貓頭鷹")
    with qtbot.waitSignal(panel.search_finished, timeout=8000):
        qtbot.mouseClick(panel.concordance_button, Qt.MouseButton.LeftButton)

    text = gui_library.documents.get(gui_library.documents.summaries()[0].id).text
    expected = [at for at in range(len(text)) if text.startswith("貓頭鷹", at)]
    rows = [(number, row) for number, row in enumerate(panel.concordance_model.rows) if not row.is_header]
    assert [row.hit.start for _, row in rows] == expected and len(expected) == 3  # 「貓，頭鷹」 is not one
    assert "3 mentions in 1 article" in panel.message_label.text()

    view = panel.concordance_view
    for number, row in rows:
        view.scrollTo(view.model().index(number, 0))
        rect = view.visualRect(view.model().index(number, 0))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        cursor = window.reader.textCursor()
        assert (cursor.selectionStart(), cursor.selectionEnd()) == (row.hit.start, row.hit.end)
        assert cursor.selectedText() == "貓頭鷹"
