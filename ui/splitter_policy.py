"""How the window's splitter lends width to a pane that asks for it (the "Every mention" lines read best wide).

The side panes give first, each down to a little over its minimum; then the pane that stretches (the
reader) gives, down to MIN_DONOR_WIDTH. A pane only asks (``SearchPanel.room_wanted``); the window
applies this policy, so no widget reaches up into its parents' layout.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QWidget

MIN_DONOR_WIDTH = 480  # px the stretching pane (the reader) keeps
SIDE_KEEPS = 40  # px a side pane (the library list) keeps above its minimum when it lends width


def make_room(splitter: QSplitter, pane: QWidget, width: int) -> None:
    """Widen ``pane`` (a child of ``splitter``, shown) to ``width`` px, taking width as described above."""
    index = splitter.indexOf(pane)
    sizes = splitter.sizes()
    if index < 0 or not pane.isVisible() or sizes[index] >= width:
        return

    def stretches(number: int) -> bool:
        return splitter.widget(number).sizePolicy().horizontalStretch() > 0

    donors = sorted((n for n in range(len(sizes)) if n != index), key=lambda n: (stretches(n), -sizes[n]))
    for donor in donors:
        floor = MIN_DONOR_WIDTH if stretches(donor) else splitter.widget(donor).minimumSizeHint().width() + SIDE_KEEPS
        given = min(width - sizes[index], max(0, sizes[donor] - floor))
        sizes[index] += given
        sizes[donor] -= given
    splitter.setSizes(sizes)
