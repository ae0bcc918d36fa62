"""The small menu offered by a click inside overlapping highlights: one entry per highlight."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMenu, QWidget

from annotations.models import Annotation
from ui.plain_text import plain_tooltip
from ui.reader.marks import color_swatch

QUOTE_CHARS = 48
MAX_TAGS = 3


def overlap_entry_text(annotation: Annotation) -> str:
    """“The start of the quote…”  #tag #tag — short enough for a menu line."""
    quote = " ".join(annotation.exact.split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1].rstrip() + "…"
    text = f"“{quote}”"
    tags = [f"#{tag}" for tag in annotation.tags[:MAX_TAGS]]
    if len(annotation.tags) > MAX_TAGS:
        tags.append("…")
    if tags:
        text += "   " + " ".join(tags)
    if annotation.note:
        text += "   ✎"
    return text.replace("&", "&&")  # a menu would read "&" as a mnemonic


def build_overlap_menu(annotations: Sequence[Annotation], parent: QWidget) -> QMenu:
    """Entries from the outermost highlight to the innermost; each action's data is the highlight id."""
    menu = QMenu(parent)
    menu.setObjectName("overlapMenu")
    menu.setToolTipsVisible(True)
    ordered = sorted(annotations, key=lambda a: (a.start, -a.end))
    header = menu.addAction(f"{len(ordered)} highlights here — choose one:")
    header.setEnabled(False)
    for annotation in ordered:
        action = menu.addAction(
            color_swatch(annotation.color, 16, style=annotation.style), overlap_entry_text(annotation)
        )
        action.setData(annotation.id)
        if annotation.note:
            action.setToolTip(plain_tooltip(annotation.note[:300]))
    return menu
