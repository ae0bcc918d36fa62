"""An item delegate that paints an item's HTML (a title, a snippet with <mark>ed words, tags).

Models escape what they put in; the delegate keeps only Lectern's own markup as well, so a title or
note that slipped through unescaped can never load an image or a file into the list (issue #13).
A line of Arabic, Persian or Hebrew (a snippet, a title) is laid out right to left, by its letters.
"""

from __future__ import annotations

import html
from functools import lru_cache

import nh3
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.bidi import has_right_to_left, is_right_to_left
from ui.theme import current_theme

HTML_ROLE = Qt.ItemDataRole.UserRole + 100
ACCENT_ROLE = Qt.ItemDataRole.UserRole + 101  # a QColor drawn as a bar on the item's left edge
_PADDING = 8
# Lectern's item markup: titles in bold, <mark>ed words, .meta and .tag spans, and rendered Markdown notes.
_ITEM_TAGS = frozenset(
    {
        "b", "i", "em", "strong", "mark", "br", "span", "p", "div", "ul", "ol", "li", "pre", "code", "blockquote",
        "table", "thead", "tbody", "tr", "td", "th", "del", "s", "sub", "sup", "u", "hr",
    }
)  # fmt: skip
_ITEM_ATTRIBUTES = {"*": {"style"}, "span": {"class", "style"}}
_ACCENT_WIDTH = 4
_LINE_SEPARATOR = "\u2028"  # what Qt makes of a <br>


def item_css() -> str:
    """The marks, meta lines and tags of an item in the current theme's colours."""
    theme = current_theme()
    return (
        f"mark {{ background-color: {theme.mark}; color: {theme.search_match_ink}; }}"
        f" .meta {{ color: {theme.muted}; }} .tag {{ color: {theme.tag_ink}; }}"
    )


def tags_and_note_html(tags: tuple[str, ...], note: str) -> list[str]:
    """The trailing lines of a highlight item: its #tags and its note, HTML-escaped."""
    lines = []
    if tags:
        lines.append("<span class='tag'>" + " ".join(f"#{html.escape(tag)}" for tag in tags) + "</span>")
    if note:
        lines.append(f"<span class='meta'>{html.escape(note)}</span>")
    return lines


@lru_cache(maxsize=4096)
def item_markup(markup: str) -> str:
    """``markup`` reduced to Lectern's item markup: no images, links, styles sheets or unknown tags."""
    return nh3.clean(markup, tags=set(_ITEM_TAGS), attributes=_ITEM_ATTRIBUTES, link_rel=None, url_schemes=set())


def set_block_directions(document: QTextDocument) -> None:
    """Each line right to left or left to right by most of its letters: an English title above an Arabic
    snippet keeps its side, and a snippet opening on "NATO" inside Arabic text still reads right to left
    (Qt decides per block, by its first letter, and an item's ``<br>`` lines share one block)."""
    cursor = document.find(_LINE_SEPARATOR)
    while not cursor.isNull():  # each line its own block, its look unchanged (no margins between blocks)
        cursor.insertBlock()
        cursor = document.find(_LINE_SEPARATOR, cursor)
    block = document.begin()
    while block.isValid():
        right_to_left = is_right_to_left(block.text())
        if right_to_left is not None:
            block_format = QTextBlockFormat()
            block_format.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
            )
            QTextCursor(block).mergeBlockFormat(block_format)
        block = block.next()


def setup_rich_list(view: QListView) -> None:
    """Variable-height, word-wrapped items painted from their HTML_ROLE."""
    view.setItemDelegate(RichTextDelegate(view))
    view.setWordWrap(True)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
    view.setSpacing(2)


class RichTextDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultStyleSheet(item_css())
        document.setDefaultFont(option.font)
        document.setDocumentMargin(0)
        markup = str(index.data(HTML_ROLE) or "")
        document.setHtml(item_markup(markup))
        if has_right_to_left(markup):
            set_block_directions(document)
        width = option.rect.width()
        if width <= 0 and option.widget is not None and hasattr(option.widget, "viewport"):
            width = option.widget.viewport().width()
        width = width if width > 0 else 320
        document.setTextWidth(max(80, width - 2 * _PADDING - _ACCENT_WIDTH))
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        painter.save()
        accent = index.data(ACCENT_ROLE)
        if isinstance(accent, QColor):
            painter.fillRect(option.rect.x(), option.rect.y() + 4, _ACCENT_WIDTH, option.rect.height() - 8, accent)
        document = self._document(option, index)
        painter.translate(option.rect.x() + _PADDING + _ACCENT_WIDTH, option.rect.y() + _PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        context.clip = QRectF(0, 0, option.rect.width(), option.rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        document = self._document(option, index)
        return QSize(int(document.idealWidth()) + 2 * _PADDING, int(document.size().height()) + 2 * _PADDING)
