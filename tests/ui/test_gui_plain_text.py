"""Titles and metadata are shown as plain text: markup in them never loads a file (issue #13, row 10).

The proof that nothing was loaded is the widget's size: a 400-pixel image referenced by a title would
make the title label (or the list item) at least that tall if Qt read the title as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from app import Library
from ui.library.model import LibraryTableModel
from ui.main_window import MainWindow
from ui.plain_text import plain_tooltip
from ui.rich_delegate import HTML_ROLE, RichTextDelegate, item_markup

IMAGE_SIDE = 400


def big_image(tmp_path: Path) -> Path:
    image = QImage(IMAGE_SIDE, IMAGE_SIDE, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = tmp_path / "secret.png"
    assert image.save(str(path))
    return path


def test_a_title_with_an_image_tag_is_shown_as_text_and_loads_nothing(  # type: ignore[no-untyped-def]
    qtbot, gui_library: Library, make_window: Callable[[Library], MainWindow], tmp_path: Path
) -> None:
    image = big_image(tmp_path)
    title = f'<img src="file://{image}"> Quarterly report'
    article = tmp_path / "incoming" / "report.md"
    article.parent.mkdir(parents=True)
    article.write_text(
        f"---\ntitle: '{title}'\nauthor: '<img src=\"file://{image}\">'\n---\nThe report's words.\n", encoding="utf-8"
    )
    document = gui_library.documents.import_file(article).value.document
    assert document is not None and document.title == title
    window = make_window(gui_library)
    window.reader_controller.open_document(document.id)
    pane = window.reader_pane
    qtbot.waitUntil(lambda: pane.title_label.text() == title)
    assert pane.title_label.textFormat() == Qt.TextFormat.PlainText
    assert pane.title_label.sizeHint().height() < IMAGE_SIDE / 2
    assert pane.meta_label.sizeHint().height() < IMAGE_SIDE / 2
    assert "&lt;img" in pane.meta_label.text()

    model = LibraryTableModel()
    model.set_documents(gui_library.documents.summaries())
    tooltip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img" in tooltip and "<img" not in tooltip


def test_list_items_keep_only_lectern_markup(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    image = big_image(tmp_path)
    unescaped = f'<b>Title</b> <span class="meta">· Article</span><br><img src="file://{image}"><mark>word</mark>'
    assert item_markup(unescaped) == '<b>Title</b> <span class="meta">· Article</span><br><mark>word</mark>'
    view = QListView()
    qtbot.addWidget(view)
    model = QStandardItemModel()
    item = QStandardItem()
    item.setData(unescaped, HTML_ROLE)
    model.appendRow(item)
    view.setModel(model)
    delegate = RichTextDelegate(view)
    option = QStyleOptionViewItem()
    option.rect.setWidth(600)
    assert delegate.sizeHint(option, model.index(0, 0)).height() < IMAGE_SIDE / 2


def test_tooltips_show_markup_as_written() -> None:
    assert plain_tooltip("Plain title") == "Plain title"
    shown = plain_tooltip('<img src="file:///etc/passwd">\nsecond line & more')
    assert "<img" not in shown and "&lt;img" in shown and "&amp; more" in shown
