"""The remaining places that show a title, query or message from a file show it as written, never as HTML
(issue 13, row 10): the operation error box, the re-import offer, the saved-search tooltips and notice,
the orphans' tooltips and labels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from annotations.models import Annotation
from annotations.store_saved import SavedSearch
from app import Changes, ImportOutcome
from ui.events import AppEvents
from ui.operations import Operations
from ui.orphans.panel import OrphansPanel
from ui.reimport.offer_dialog import ReimportOfferDialog
from ui.saved.model import SavedSearchModel
from ui.saved.panel import WatchNotice

HOSTILE = "<img src=x><b>bold</b>"
ESCAPED = "&lt;img src=x&gt;&lt;b&gt;bold&lt;/b&gt;"


def test_an_unexpected_error_box_shows_markup_literally(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    operations = Operations(AppEvents(), parent)

    def broken() -> Changes:
        raise OSError(HOSTILE)

    operations.run(broken, what="Importing")
    qtbot.waitUntil(lambda: operations.idle, timeout=5000)
    box = parent.findChild(QMessageBox, "operationError")
    assert box is not None and box.text() == f"Importing failed: {HOSTILE}"
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert box.textFormat() == Qt.TextFormat.PlainText and label.textFormat() == Qt.TextFormat.PlainText
    box.close()


def test_the_reimport_offer_shows_its_headline_and_paths_literally(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    outcome = ImportOutcome(path=tmp_path / f"{HOSTILE}.md", duplicate_title=HOSTILE, newer_version_of=1)
    dialog = ReimportOfferDialog([outcome], import_headline=f"Imported {HOSTILE}")
    qtbot.addWidget(dialog)
    context = next(label for label in dialog.findChildren(QLabel) if label.text() == f"Imported {HOSTILE}")
    assert context.textFormat() == Qt.TextFormat.PlainText
    item = dialog.file_list.item(0)
    assert HOSTILE in item.text()  # a list item never renders HTML
    assert ESCAPED in item.toolTip() and "<img" not in item.toolTip()


def test_saved_search_tooltips_and_notice_show_the_query_literally(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = SavedSearchModel()
    model.set_searches([SavedSearch(1, HOSTILE, HOSTILE, False, "2026-01-01", "")])
    tooltip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert ESCAPED in tooltip and "<img" not in tooltip
    notice = WatchNotice(f"“{HOSTILE}” found 2 new mentions", HOSTILE, can_highlight=False)
    qtbot.addWidget(notice)
    assert notice.label.textFormat() == Qt.TextFormat.PlainText


def test_orphan_tooltips_and_labels_show_titles_literally(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = OrphansPanel()
    qtbot.addWidget(panel)
    orphan = Annotation(1, "u", 7, 0, 4, "gone", "", "", "yellow", "", "2026", "2026", orphaned=True)
    panel.set_orphans([orphan], {7: HOSTILE}, current=None)
    tooltip = panel.model.data(panel.model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert ESCAPED in tooltip and "<img" not in tooltip
    panel.show_message(HOSTILE)
    assert panel.message_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.count_label.textFormat() == Qt.TextFormat.PlainText
