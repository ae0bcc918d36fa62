"""Wires the welcome page and the panels' empty states to the window: what a new user sees first.

The welcome page (``ui.reader.welcome``) only asks; here its buttons become the window's verbs
(import, the sample articles, open an article, search), and it learns whether the library has
articles. The Highlights panel learns whether an article is open, so its empty list says the
right next step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from ui.library.model import DOCUMENT_ID_ROLE

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class FirstSteps(QObject):
    """Connects the welcome page's signals and keeps it and the Highlights hint in step with the library."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        page = window.reader_pane.welcome
        self.page = page
        page.import_requested.connect(window.importer.ask_files)
        page.samples_requested.connect(self.add_samples)
        page.open_article_requested.connect(self.open_first_article)
        page.search_requested.connect(window.focus_search)
        model = window.library_panel.model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update_page)
        window.reader.document_shown.connect(lambda shown: window.highlight_panel.set_article_open(shown >= 0))
        self._update_page()

    def add_samples(self) -> None:
        """Import the bundled sample articles; the first one opens when they are in."""
        from ui.app import SAMPLES_DIR  # ui.app builds windows: imported here, not at the top

        self.window.import_paths([SAMPLES_DIR], announce=False)  # the status bar says how it went

    def open_first_article(self) -> None:
        """Open the first article listed, and put the keyboard in the article so 1–5 and T act there."""
        first = self.window.library_panel.proxy.index(0, 0)
        if first.isValid():
            self.window.open_document(int(first.data(DOCUMENT_ID_ROLE)))  # the list marks it as current
            self.window.reader.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_page(self) -> None:
        self.page.set_has_articles(self.window.library_panel.model.rowCount() > 0)
