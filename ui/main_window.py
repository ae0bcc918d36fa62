"""The main window: composes the panels and their controllers and wires their signals; nothing more.

The work lives in the controllers (``ui/*/controller.py``, ``ui/library/importing.py``, ...), every
write goes through ``Operations`` (off the GUI thread), and each view refreshes itself from the
``Changes`` broadcast on ``AppEvents.changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QThreadPool, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QWidget

from annotations.models import Document
from app import Library
from ui.accessibility import make_accessible
from ui.backup.controller import BackupController
from ui.claims.controller import ClaimsController
from ui.distraction_free import DistractionFree
from ui.events import AppEvents
from ui.exporting.citation import CitationController
from ui.exporting.controller import ExportController
from ui.external_changes import ExternalChangesBridge
from ui.first_steps import FirstSteps
from ui.focus_keys import FocusKeys
from ui.highlights.controller import HighlightController
from ui.highlights.editor import AnnotationEditor
from ui.highlights.panel import HighlightPanel
from ui.highlights.undo import UndoActions
from ui.index_status import IndexStatus
from ui.library.annotation_import import AnnotationImportController
from ui.library.controller import LibraryController
from ui.library.importing import ImportController
from ui.library.panel import LibraryPanel
from ui.operations import Operations
from ui.orphans.controller import OrphansController
from ui.preferences.dialog import PreferencesController
from ui.reader.controller import APP_TITLE, ReaderController
from ui.reader.find_controller import FindController
from ui.reader.measure import ReaderMeasure
from ui.reader.pane import ReaderPane
from ui.reader.zoom import ZoomActions
from ui.reading_settings import ReadingSettings
from ui.reports.controller import ReportsController
from ui.saved.controller import SavedSearchController
from ui.search.autocode import AutocodeController
from ui.search.panel import SearchPanel
from ui.search.stepper import OccurrenceStepper
from ui.splitter_policy import make_room
from ui.status_bar import StatusFacts
from ui.tags.controller import TagController
from ui.tags.manager import TagManager
from ui.team.controller import TeamController
from ui.team.offline import ConnectionWatch
from ui.themes import ThemeController

PREFERRED_SIZE = QSize(1440, 900)


def first_size(available: QSize) -> QSize:
    """The window's size on a first start: the preferred size, or 95 % of a smaller screen's free area."""
    return PREFERRED_SIZE.boundedTo(QSize(available.width() * 95 // 100, available.height() * 95 // 100))


class MainWindow(QMainWindow):
    """Library | reader | side tabs (Highlights, Search, Tags, Orphans), the menus and the status bar."""

    def __init__(
        self,
        library: Library,
        events: AppEvents | None = None,
        parent: QWidget | None = None,
        *,
        remember_layout: bool = True,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.events = events or AppEvents(self)
        self.operations = Operations(self.events, self, pool=pool)
        self.remember_layout = remember_layout
        self.reading_settings = ReadingSettings(self, persist=remember_layout)  # theme, font, size, measure
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.resize(first_size(self.screen().availableGeometry().size()))
        self._build_panes()
        self._build_controllers()
        self._build_menus()
        self._connect_signals()
        self.library_controller.refresh()
        if remember_layout:
            self._restore_geometry()
        self.library_controller.select_initial(LibraryController.remembered() if remember_layout else None)
        make_accessible(self)  # every key in its tooltip, a name on every unlabelled control; last, over all parts

    # -- composing -------------------------------------------------------------------------------
    def _build_panes(self) -> None:
        self.library_panel = LibraryPanel()
        self.reader_pane = ReaderPane()
        self.reader = self.reader_pane.view
        self.highlight_panel = HighlightPanel()
        self.search_panel = SearchPanel(self.library, self.events)
        self.tag_manager = TagManager(self.library, self.events)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.highlight_panel, "Highlights")
        self.side_tabs.addTab(self.search_panel, "Search")
        self.side_tabs.addTab(self.tag_manager, "Tags")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (self.library_panel, self.reader_pane, self.side_tabs):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 650, 360])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

    def _build_controllers(self) -> None:
        library, operations = self.library, self.operations
        self.library_controller = LibraryController(library, operations, self.library_panel, self)
        self.reader_controller = ReaderController(library, operations, self.reader_pane, self.highlight_panel, self)
        self.outline_panel = self.reader_controller.outline_panel  # the Outline tab, after Highlights
        self.side_tabs.insertTab(self.side_tabs.indexOf(self.highlight_panel) + 1, self.outline_panel, "Outline")
        self.highlight_controller = HighlightController(library, operations, self.reader, self.highlight_panel, self)
        self.importer = ImportController(library, operations, self)
        self.reimport = self.importer.reimport
        self.orphans = OrphansController(library, operations, self.reader, self.side_tabs)
        self.orphans_panel = self.orphans.panel
        self.statusBar().addPermanentWidget(self.orphans.notice)
        self.saved = SavedSearchController(library, operations, self)
        self.library_panel.add_section(self.saved.panel)
        self.autocode = AutocodeController(library, operations, self.search_panel, self)
        self.tag_controller = TagController(library, operations, self.tag_manager)
        self.claims = ClaimsController(library, operations, self.highlight_panel, self.reader_controller.open_passage,
                                       self)  # the Claims tab, after Outline; "Link to Claim ▸" on highlights  # fmt: skip
        self.claims_panel = self.claims.panel
        self.highlight_controller.editor_opened.connect(self.claims.attach_editor)  # the editor's Claims row
        self.side_tabs.insertTab(self.side_tabs.indexOf(self.outline_panel) + 1, self.claims_panel, "Claims")
        self.undo = UndoActions(library, operations, self)  # every highlight and tag change
        self.undo_action, self.redo_action = self.undo.undo_action, self.undo.redo_action
        self.mentions = OccurrenceStepper(self.search_panel, self.reader, self.reader_controller.open_passage, self)
        self.finder = FindController(self.reader_pane.find_bar, self.reader, self.events.status_message.emit, self)
        self.mentions.find_step = self.finder.step_if_open  # F3 steps the Find bar's matches while it is open
        self.exporter = ExportController(library, operations, self, reader=self.reader, highlights=self.highlight_panel,
                                         search=self.search_panel, tags=self.tag_manager)  # fmt: skip
        self.statusBar().addPermanentWidget(self.exporter.notice)
        self.citation = CitationController(
            library, operations, self, reader=self.reader, highlights=self.highlight_panel
        )
        self.annotation_importer = AnnotationImportController(library, operations, self)
        self.backup = BackupController(library, operations, self)  # File → Back Up / Restore; daily backups
        self.themes = ThemeController(self)  # View → Theme: Follow System, Light, Sepia, Dark
        self.measure = ReaderMeasure(self.reader, self.reading_settings, self)  # font, size, spacing, line width
        self.zoom = ZoomActions(self.reading_settings, self, self.reader)  # Ctrl++ / Ctrl+- / Ctrl+0, Ctrl+wheel
        self.preferences = PreferencesController(self, self.reading_settings, library, operations)  # Ctrl+,
        # The window's own verbs, as ui.app, the screenshot and the tests call them.
        self.open_document = self.reader_controller.open_document
        self.open_passage = self.reader_controller.open_passage
        self.import_paths = self.importer.import_paths
        self.delete_document = self.library_controller.delete_document
        self.edit_document_details = self.library_controller.edit_details
        self.delete_annotation = self.highlight_controller.delete
        self.edit_annotation = self.highlight_controller.edit
        self.first_steps = FirstSteps(self)  # the welcome page's buttons; what empty panels advise
        self.focus_keys = FocusKeys(self)  # Ctrl+L library, F6 / Shift+F6 from pane to pane
        self.team = TeamController(library, operations, self, persist=self.remember_layout)  # Open Team Library…
        self.set_connection = self.team.set_connection  # the status bar's "Team library · connected / offline"
        # offline: a banner, and the team library reopened from its server once it answers again
        self.connection_watch = (
            ConnectionWatch(library, self, self.set_connection, self.team.reopen_online) if library.team else None
        )
        self.highlight_controller.editor_opened.connect(self.team.attach_editor)  # the Private box (team only)
        self.setWindowTitle(self.team.title(APP_TITLE))  # "Lectern — team: research@db.example.org"

    def _action(self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addActions([self.team.open_action, self.team.own_action])
        file_menu.addSeparator()
        self.import_action = self._action("&Import Files…", self.importer.ask_files, QKeySequence.StandardKey.Open)
        self.import_folder_action = self._action("Import &Folder…", self.importer.ask_folder, "Ctrl+Shift+O")
        self.details_action = self._action(
            "Article &Details…", lambda: self.library_controller.edit_details(self.reader.document_id), "Ctrl+I"
        )
        self.delete_document_action = self._action(
            "&Delete Article…", lambda: self.library_controller.delete_document(self.reader.document_id)
        )
        file_menu.addActions([self.import_action, self.import_folder_action, self.annotation_importer.action])
        file_menu.addAction(self.exporter.export_action)
        file_menu.addSeparator()
        file_menu.addActions([self.backup.backup_action, self.backup.restore_action])
        file_menu.addSeparator()
        file_menu.addActions([self.details_action, self.delete_document_action])
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.aboutToShow.connect(self.undo.update_actions)
        self.edit_highlight_action = self._action("&Tag / Note Highlight…", self.highlight_controller.edit_current, "T")
        self.edit_highlight_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reader.addAction(self.edit_highlight_action)
        self.search_action = self._action("&Search Everything", self.focus_search, "Ctrl+K")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.edit_highlight_action, self.citation.copy_action, self.search_action,
                              self.saved.save_action])  # fmt: skip
        edit_menu.addAction(self.finder.find_action)  # Ctrl+F
        edit_menu.addActions(self.mentions.actions)  # F3 / Shift+F3
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences.action)

        view_menu = self.menuBar().addMenu("&View")
        view_menu.addMenu(self.themes.menu)
        view_menu.addActions(self.zoom.actions)
        view_menu.addSeparator()
        self.outline_action = self._action("&Outline", self.show_outline, "Ctrl+Shift+L")
        self.outline_action.setToolTip("Show the article's headings (Ctrl+Shift+L)")
        view_menu.addAction(self.outline_action)
        self.claims_action = self._action("&Claims", self.show_claims, "Ctrl+Shift+M")
        self.claims_action.setToolTip("Show the claims and their evidence (Ctrl+Shift+M)")
        view_menu.addAction(self.claims_action)
        self.distraction_free = DistractionFree(self, self.splitter, [self.library_panel, self.side_tabs], self.reader)
        view_menu.addAction(self.distraction_free.action)  # F11; Escape in the reader leaves it too
        self.tag_manager_action = self._action("&Tag Manager", self.show_tag_manager, "Ctrl+Shift+T")
        self.color_by_tag_action = QAction("&Colour Highlights by Tag", self, checkable=True)
        self.color_by_tag_action.setToolTip("Draw each highlight in the colour of its first tag that has one")
        self.color_by_tag_action.toggled.connect(self.reader_controller.set_color_by_tag)
        view_menu.addActions([self.tag_manager_action, self.color_by_tag_action])
        self.reports = ReportsController(self.library, self.events, self.run_query, self)  # View → Reports…
        view_menu.addAction(self.reports.action)  # Ctrl+Shift+R
        self.hide_copies_action = self.library_controller.copies.hide_action  # remembered between sessions
        view_menu.addAction(self.hide_copies_action)
        view_menu.addSeparator()
        view_menu.addActions(self.focus_keys.actions)

        self.menuBar().addMenu(self.reader_controller.go.menu())  # Go: Back (Alt+Left), Forward (Alt+Right)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("Search &Syntax", self._show_search_syntax))

    def _connect_signals(self) -> None:
        self.library_panel.document_selected.connect(self.reader_controller.open_document)
        self.reader_controller.opened.connect(self.library_panel.show_current)
        self.reader_controller.title_changed.connect(lambda title: self.setWindowTitle(self.team.title(title)))
        self.reader.annotation_clicked.connect(self._on_annotation_clicked)
        self.highlight_panel.annotation_activated.connect(self.reader_controller.open_annotation)
        self.search_panel.open_hit_requested.connect(self.reader_controller.open_passage)
        self.search_panel.room_wanted.connect(lambda width: make_room(self.splitter, self.side_tabs, width))
        self.tag_manager.search_requested.connect(self.run_query)
        self.saved.save_action.triggered.connect(lambda: self.saved.ask_save(self.search_panel.query_edit.text()))
        self.saved.panel.save_requested.connect(self.saved.save_action.trigger)
        self.saved.run_requested.connect(self.run_query)
        self.saved.highlight_requested.connect(self._on_saved_highlight_all)
        self.importer.imported.connect(self._on_imported)
        self.reimport.review_orphans_requested.connect(self.orphans.show_panel)
        self.annotation_importer.review_orphans_requested.connect(self.orphans.show_panel)
        self.orphans.delete_requested.connect(self.highlight_controller.delete)
        self.orphans.open_article_requested.connect(self.reader_controller.open_document)
        self.events.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.library.index.on_commit(self.events.index_committed.emit)
        self._watch_other_processes()

    # -- small verbs -----------------------------------------------------------------------------
    @property
    def editor(self) -> AnnotationEditor | None:
        return self.highlight_controller.editor

    @property
    def import_running(self) -> bool:
        return self.importer.running

    def focus_search(self) -> None:
        self.side_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.focus_query()

    def run_query(self, query: str) -> None:
        """Run a query (a tag's, a saved search's) in the Search tab."""
        self.side_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.set_query(query)

    def show_outline(self) -> None:
        self.side_tabs.setCurrentWidget(self.outline_panel)
        self.outline_panel.setFocus()  # its tree of headings

    def show_claims(self) -> None:
        self.side_tabs.setCurrentWidget(self.claims_panel)
        self.claims_panel.list_view.setFocus()

    def show_tag_manager(self) -> None:
        self.side_tabs.setCurrentWidget(self.tag_manager)
        self.tag_manager.tree.setFocus()

    def _show_search_syntax(self) -> None:
        self.focus_search()
        self.search_panel.show_query_help()

    def _on_annotation_clicked(self, annotation_id: int) -> None:
        self.side_tabs.setCurrentWidget(self.highlight_panel)
        self.highlight_panel.select_annotation(annotation_id)

    def _on_saved_highlight_all(self, query: str) -> None:
        self.side_tabs.setCurrentWidget(self.search_panel)
        self.autocode.highlight_all_of(query)

    def _on_imported(self, documents: list[Document]) -> None:
        self.saved.check_after_import()  # watched searches: a notice for new mentions
        if self.reader.document_id is None:
            self.library_panel.select_document(documents[0].id)

    def _watch_other_processes(self) -> None:
        """A CLI's writes show here within a second; an index that cannot be written is said once."""
        self.index_status = IndexStatus(self.events, self)
        self.statusBar().addPermanentWidget(self.index_status.label)
        self.status_facts = StatusFacts(self.library, self.events, self.reader, self)  # size, index, progress
        for label in self.status_facts.labels:
            self.statusBar().addPermanentWidget(label)
        self.index_label = self.status_facts.index_label
        if self.team.status is not None:  # which library, and whether its server answers: first of the facts
            self.statusBar().insertPermanentWidget(0, self.team.status)
        self.library.index.on_error(self.index_status.report)
        self.external_changes = ExternalChangesBridge(self.library, self.events, lambda: self.reader.document_id, self)
        self.external_changes.start()

    # -- window events ---------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        sizes = settings.value("main_window/splitter")
        if sizes is not None:
            self.splitter.restoreState(sizes)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.distraction_free.leave()  # the layout saved below is the one with every pane
        self.external_changes.stop()
        self.reader_controller.leave()  # the reading place, stored before the last writes are waited for
        self.operations.finish()
        if self.remember_layout:
            LibraryController.remember(self.reader.document_id)
            settings = QSettings()
            settings.setValue("main_window/geometry", self.saveGeometry())
            settings.setValue("main_window/splitter", self.splitter.saveState())
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if QUrl(url).isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.importer.import_paths(paths)
