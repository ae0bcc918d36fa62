"""Showing text that came from a file or a user (titles, sources, tags, notes, queries) as plain text.

Qt guesses whether a label's, tooltip's or message box's string is rich text; a title such as
``<img src="file:///…">`` would then load a local file. These helpers make the guess impossible.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

_MARKUP = ("<", "&")


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows exactly those characters (Qt renders a tooltip that looks like HTML)."""
    if not any(mark in text for mark in _MARKUP):
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def plain_label(label: QLabel) -> QLabel:
    """``label`` set to show its text as written, never as HTML; returned for chaining."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_message_box(box: QMessageBox) -> QMessageBox:
    """``box`` set to show its text and informative text as written, never as HTML."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):
        if label.objectName() in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
            label.setTextFormat(Qt.TextFormat.PlainText)
    return box


def shown_as_text(text: str) -> str:
    """``text`` for a widget that guesses its format and cannot be told (a static QMessageBox): marked up
    as rich text whose content is ``text`` escaped, so it shows exactly as written."""
    return f"<p>{html.escape(text)}</p>" if any(mark in text for mark in _MARKUP) else text
