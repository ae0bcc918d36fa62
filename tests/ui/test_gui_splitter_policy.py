"""The window's splitter policy: a pane asks for width (``SearchPanel.room_wanted``), the window decides.

Side panes give first, each down to its minimum + SIDE_KEEPS; then the reader, down to MIN_DONOR_WIDTH."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.main_window import MainWindow
from ui.search.panel import CONCORDANCE_WIDTH
from ui.splitter_policy import MIN_DONOR_WIDTH, SIDE_KEEPS


def laid_out(qtbot, window: MainWindow, sizes: list[int]) -> list[int]:  # type: ignore[no-untyped-def]
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: window.splitter.width() >= sum(sizes), timeout=3000)
    window.splitter.setSizes(sizes)
    return window.splitter.sizes()


def test_the_side_panes_give_first_then_the_reader_down_to_its_floor(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.side_tabs.setCurrentWidget(window.search_panel)
    before = laid_out(qtbot, window, [430, 650, 360])
    floor = window.library_panel.minimumSizeHint().width() + SIDE_KEEPS
    assert before[0] - floor > 20

    window.search_panel.room_wanted.emit(before[2] + 20)  # a little: the library list lends it all
    assert window.splitter.sizes() == [before[0] - 20, before[1], before[2] + 20]

    window.search_panel.room_wanted.emit(5000)  # more than there is: each gives down to its floor
    library, reader, side = window.splitter.sizes()
    assert (library, reader) == (floor, MIN_DONOR_WIDTH)
    assert side == sum(before) - floor - MIN_DONOR_WIDTH

    window.search_panel.room_wanted.emit(300)  # already wider: nothing moves
    assert window.splitter.sizes() == [library, reader, side]


def test_every_mention_asks_for_room_only_while_it_is_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    panel = window.search_panel
    window.side_tabs.setCurrentWidget(window.highlight_panel)  # the Search tab is hidden
    before = laid_out(qtbot, window, [430, 650, 360])
    with qtbot.assertNotEmitted(panel.room_wanted):
        panel.set_concordance_mode(True)
    assert window.splitter.sizes() == before
    panel.set_concordance_mode(False)

    window.side_tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(panel.room_wanted, timeout=1000) as asked:
        qtbot.mouseClick(panel.concordance_button, Qt.MouseButton.LeftButton)
    assert asked.args == [CONCORDANCE_WIDTH]
    assert window.splitter.sizes()[2] == CONCORDANCE_WIDTH  # the window applied its policy
