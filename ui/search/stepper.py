"""F3 / Shift+F3: step through the current search's mentions inside the open article, wrapping around.

While the reader's Find bar is open with something to find, F3 steps through its matches instead: the
stepper asks ``find_step`` first (``FindController.step_if_open``), so one key never does two things."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ui.reader.view import ReaderView
from ui.search.panel import SearchPanel


def occurrences_in(panel: SearchPanel, document_id: int) -> list[tuple[int, int]]:
    """The mentions in one article, in text order: every occurrence in its text once the article is among
    the results (later pages included), else the loaded highlights' passages."""
    result = panel.last_result
    mine = [hit for hit in (result.hits if result is not None else []) if hit.document_id == document_id]
    spans = {(hit.start, hit.end) for hit in mine if hit.end > hit.start and not hit.orphaned}
    if any(hit.kind == "article" for hit in mine):
        try:
            spans.update(panel.library.index.mentions_in(panel.query, document_id))
        except Exception:  # noqa: BLE001 - deleted meanwhile, or the query changed: keep what is loaded
            pass
    return sorted(spans)


def next_span(
    spans: list[tuple[int, int]], selection: tuple[int, int], forward: bool
) -> tuple[tuple[int, int] | None, bool]:
    """The mention after (or before) ``selection`` and whether the step wrapped around the article."""
    if not spans:
        return None, False
    start, end = selection
    if forward:
        after = [span for span in spans if span[0] > start or (end == start and span[0] == start)]
        return (after[0], False) if after else (spans[0], True)
    before = [span for span in spans if span[0] < start]
    return (before[-1], False) if before else (spans[-1], True)


class OccurrenceStepper(QObject):
    """The Next / Previous Mention actions (window-wide F3 / Shift+F3).

    ``find_step(forward)`` is asked first and returns True when it stepped (the Find bar's matches)."""

    def __init__(
        self,
        panel: SearchPanel,
        reader: ReaderView,
        open_passage: Callable[[int, int, int], None],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.panel = panel
        self.reader = reader
        self.open_passage = open_passage
        self.find_step: Callable[[bool], bool] = lambda _forward: False
        self.next_action = QAction("&Next Mention", window, shortcut=QKeySequence("F3"))
        self.next_action.setObjectName("nextMentionAction")
        self.next_action.setToolTip("Select the next mention of the search in this article")
        self.next_action.triggered.connect(lambda: self.step(True))
        self.previous_action = QAction("&Previous Mention", window, shortcut=QKeySequence("Shift+F3"))
        self.previous_action.setObjectName("previousMentionAction")
        self.previous_action.triggered.connect(lambda: self.step(False))
        for action in (self.next_action, self.previous_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)

    @property
    def actions(self) -> list[QAction]:
        return [self.next_action, self.previous_action]

    def step(self, forward: bool) -> tuple[int, int] | None:
        if self.find_step(forward):
            return self.reader.selected_range()
        document_id = self.reader.document_id
        if document_id is None:
            return None
        if self.panel.last_result is None:
            self.panel.status_message.emit("Search first (Ctrl+K); F3 then steps through the mentions.")
            return None
        spans = occurrences_in(self.panel, document_id)
        if not spans:
            self.panel.status_message.emit("No mentions of this search in this article.")
            return None
        cursor = self.reader.textCursor()
        span, wrapped = next_span(spans, (cursor.selectionStart(), cursor.selectionEnd()), forward)
        if span is None:
            return None
        self.open_passage(document_id, span[0], span[1])
        number = spans.index(span) + 1
        if wrapped:
            where = "the first" if forward else "the last"
            self.panel.status_message.emit(f"Wrapped around to {where} mention ({number} of {len(spans)}).")
        else:
            self.panel.status_message.emit(f"Mention {number} of {len(spans)} in this article.")
        return span
