"""History… for one highlight of a team library: who changed what, and when, newest first.

The server records every field a save replaced (``annotations/pg_history.py``), so when two members edit
one highlight the earlier value is never lost silently: it is listed here. A personal library keeps no
such record (its undo stack is its history), so the menu entry is offered on team libraries only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotations.store_history import HistoryEntry
from ui.plain_text import plain_label, plain_tooltip

EMPTY_TEXT = "No changes since it was made."
_FIELD_NAMES = {"color": "colour", "exact": "quote"}
_VALUE_CHARS = 60


def entry_line(entry: HistoryEntry) -> str:
    """ "bob · 5 Dec 10:42 · note: “old” → “new”" (a deletion: "… · deleted it")."""
    local = entry.at.astimezone()
    head = f"{entry.by} · {local.day} {local:%b %H:%M}"
    if entry.field == "deleted":
        return f"{head} · deleted it"
    if entry.field == "restored":
        return f"{head} · restored it"
    name = _FIELD_NAMES.get(entry.field, entry.field)
    return f"{head} · {name}: {_value(entry.old)} → {_value(entry.new)}"


def _value(value: str | None) -> str:
    """A value on one short line, quoted; an empty one as a dash."""
    text = " ".join((value or "").split())
    if not text:
        return "—"
    return f"“{text if len(text) <= _VALUE_CHARS else text[: _VALUE_CHARS - 1].rstrip() + '…'}”"


class HistoryDialog(QDialog):
    """The list of one highlight's changes; each line's tooltip holds the full old and new values."""

    def __init__(self, quote: str, entries: Sequence[HistoryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightHistory")
        self.setWindowTitle("Highlight History")
        self.setMinimumWidth(520)
        shown = " ".join(quote.split())
        heading = plain_label(QLabel(f"“{shown if len(shown) <= 160 else shown[:159] + '…'}”"))
        heading.setObjectName("editorQuote")
        heading.setWordWrap(True)
        self.entries = QListWidget()
        self.entries.setObjectName("historyEntries")
        self.entries.setAccessibleName("Changes to this highlight, newest first")
        self.entries.setWordWrap(True)
        self.entries.setSpacing(4)  # a change per line, apart from the next even when it wraps
        for entry in entries:
            item = QListWidgetItem(entry_line(entry))
            if entry.field not in ("deleted", "restored"):
                item.setToolTip(plain_tooltip(f"Before:\n{entry.old or '—'}\n\nAfter:\n{entry.new or '—'}"))
            self.entries.addItem(item)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("panelCaption")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setVisible(not entries)
        self.entries.setVisible(bool(entries))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.entries, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(buttons)

    def lines(self) -> list[str]:
        """The lines as shown (the empty state's sentence when there are none)."""
        if not self.entries.count():
            return [self.empty_label.text()]
        return [self.entries.item(row).text() for row in range(self.entries.count())]
