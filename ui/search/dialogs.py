"""Small dialogs of the search panel: "Highlight all and tag…" and the query-language help."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotations.models import HIGHLIGHT_COLORS
from ui.highlights.editor import TagLineEdit, split_tags
from ui.reader.marks import color_swatch
from ui.theme import current_theme

QUERY_HELP_HTML = """
<p style="margin-top:0"><b>One box for everything.</b> Results are mentions: each occurrence is its own line.</p>
<table cellspacing="0" cellpadding="3">
<tr><td><code>sanction</code></td><td>every form: <i>sanctions</i>, <i>sanctioned</i></td></tr>
<tr><td><code>"air defense"</code></td><td>an exact phrase (a quoted word too)</td></tr>
<tr><td><code>-word &nbsp;+word</code></td><td>exclude / require a word</td></tr>
<tr><td><code>AND OR NOT ( )</code></td><td>combine</td></tr>
<tr><td><code>defen* &nbsp;defense~</code></td><td>wildcard / fuzzy</td></tr>
<tr><td><code>tag:air-defense</code></td><td>a tag and its children (<code>air-defense/…</code>)</td></tr>
<tr><td><code>color:green</code></td><td>highlights of a colour</td></tr>
<tr><td><code>claim:12</code></td><td>highlights linked to claim 12</td></tr>
<tr><td><code>claim:tehran</code></td><td>linked to a claim that says <i>tehran</i></td></tr>
<tr><td><code>stance:supports</code></td><td>or <code>contradicts</code>, <code>context</code> (on <code>claim:12</code> if named)</td></tr>
<tr><td><code>title: note: quote:</code></td><td>the title, notes, highlighted text</td></tr>
<tr><td><code>author: source:</code></td><td>article details</td></tr>
<tr><td><code>kind:article</code></td><td>or <code>kind:annotation</code></td></tr>
<tr><td><code>published:2024</code></td><td><code>date:2025-05</code>, <code>published:[2023 TO 2024]</code></td></tr>
<tr><td><code>created:&gt;=2026-01-01</code></td><td>when a highlight was made</td></tr>
</table>
"""
_STEPPING_HTML = '<p style="margin-bottom:0; color:{muted}">F3 / Shift+F3 step through the mentions in the open article.</p>'


def query_help_html() -> str:
    """The card's text, its last line in the muted colour of the theme shown now."""
    return QUERY_HELP_HTML + _STEPPING_HTML.format(muted=current_theme().muted)


HELP_WIDTH = 470


class QueryHelpPopup(QFrame):
    """The query language on one card; closes on a click outside or Escape."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("queryHelp")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        label = QLabel(query_help_html())
        label.setObjectName("queryHelpText")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addWidget(label)
        self.label = label
        label.setFixedWidth(HELP_WIDTH)
        label.setFixedHeight(label.heightForWidth(HELP_WIDTH))

    def show_below(self, anchor: QWidget) -> None:
        self.label.setText(query_help_html())  # the theme may have changed since the card was made
        self.adjustSize()
        corner = anchor.mapToGlobal(QPoint(anchor.width(), anchor.height() + 4))
        self.move(corner.x() - self.width(), corner.y())
        self.show()


class AutocodeDialog(QDialog):
    """Tags (with completion) and a colour for every mention in the result set."""

    def __init__(self, query: str, articles: int, known_tags: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("autocodeDialog")
        self.setWindowTitle("Highlight all and tag")
        self.setMinimumWidth(420)
        headline = QLabel(
            f"Highlight every mention of <b>{_escape(query)}</b> in the text of {articles} "
            f"article{'s' if articles != 1 else ''}. Mentions already tagged so are skipped; "
            "Edit → Undo takes them all back in one step."
        )
        headline.setObjectName("dialogHint")
        headline.setWordWrap(True)
        self.tags_edit = TagLineEdit(known_tags)
        self.color_box = QComboBox()
        for color in HIGHLIGHT_COLORS:
            self.color_box.addItem(color_swatch(color), color.capitalize(), color)
        self.underline_box = QComboBox()
        self.underline_box.addItem("Highlight", "highlight")
        self.underline_box.addItem("Underline", "underline")
        form = QFormLayout()
        form.addRow("Tags", self.tags_edit)
        form.addRow("Colour", self.color_box)
        form.addRow("Style", self.underline_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Highlight All")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.tags_edit.setFocus()

    def tags(self) -> list[str]:
        return split_tags(self.tags_edit.text())

    def color(self) -> str:
        return str(self.color_box.currentData())

    def style_name(self) -> str:
        return str(self.underline_box.currentData())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def autocode_headline(created: int, articles: int, skipped: int) -> str:
    """For example "Created 12 highlights in 3 articles (2 already tagged)."."""
    text = f"Created {created} highlight{'s' if created != 1 else ''}"
    text += f" in {articles} article{'s' if articles != 1 else ''}"
    if skipped:
        text += f" ({skipped} already tagged)"
    return text + "."
