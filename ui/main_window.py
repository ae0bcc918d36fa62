"""The main window: composes the library, reader, highlight and search panels and wires their signals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTabWidget,
    QWidget,
)

from annotations.errors import LecternError
from annotations.importers import SUPPORTED_SUFFIXES
from annotations.models import Annotation, DocumentMetadata
from app import ImportOutcome, Library
from ui.events import AppEvents
from ui.highlights.editor import AnnotationEditor
from ui.highlights.panel import HighlightPanel
from ui.highlights.undo import UndoActions
from ui.import_summary import context_for_offer, import_progress_text, summarize_imports
from ui.library.details_dialog import DocumentDetailsDialog
from ui.library.model import DOCUMENT_ID_ROLE
from ui.library.panel import LibraryPanel
from ui.orphans.controller import OrphansController, anchored
from ui.reader.pane import ReaderPane
from ui.reimport.flow import ReimportFlow
from ui.reimport.report import ArticleReport
from ui.reimport.summary_dialog import summary_headline
from ui.saved.controller import SavedSearchController
from ui.search.panel import SearchPanel
from ui.search.stepper import OccurrenceStepper
from ui.tags.colors import colored_by_tag
from ui.tags.manager import TagManager
from ui.workers import run_in_background

IMPORT_FILTER = "Articles (" + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES) + ");;All files (*)"


PREFERRED_SIZE = QSize(1440, 900)


def first_size(available: QSize) -> QSize:
    """The window's size on a first start: the preferred size, or 95 % of a smaller screen's free area."""
    return PREFERRED_SIZE.boundedTo(QSize(available.width() * 95 // 100, available.height() * 95 // 100))


class MainWindow(QMainWindow):
    def __init__(
        self,
        library: Library,
        events: AppEvents | None = None,
        parent: QWidget | None = None,
        *,
        remember_layout: bool = True,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.events = events or AppEvents(self)
        self.setWindowTitle("Lectern")
        self.setAcceptDrops(True)
        self.resize(first_size(self.screen().availableGeometry().size()))
        self.editor: AnnotationEditor | None = None
        self.details_dialog: DocumentDetailsDialog | None = None
        self.import_running = False

        self.library_panel = LibraryPanel()
        self.reader_pane = ReaderPane()
        self.reader = self.reader_pane.view
        self.highlight_panel = HighlightPanel()
        self.search_panel = SearchPanel(library, self.events)
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.addTab(self.highlight_panel, "Highlights")
        self.side_tabs.addTab(self.search_panel, "Search")
        self.tag_manager = TagManager(library, self.events)
        self.side_tabs.addTab(self.tag_manager, "Tags")

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library_panel)
        self.splitter.addWidget(self.reader_pane)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 650, 360])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.index_label = QLabel()
        self.statusBar().addPermanentWidget(self.index_label)
        self._add_orphans_and_reimport()
        self._add_saved_searches()

        self._build_menus()
        self._connect_signals()
        self.refresh_library()
        self.remember_layout = remember_layout
        if remember_layout:
            self._restore_geometry()
        self._open_initial_document()

    # -- set-up ----------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import Files…", self, shortcut=QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self._on_import_files)
        self.import_folder_action = QAction("Import &Folder…", self, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.import_folder_action.triggered.connect(self._on_import_folder)
        self.details_action = QAction("Article &Details…", self, shortcut=QKeySequence("Ctrl+I"))
        self.details_action.triggered.connect(lambda: self.edit_document_details(self.reader.document_id))
        self.delete_document_action = QAction("&Delete Article…", self)
        self.delete_document_action.triggered.connect(lambda: self.delete_document(self.reader.document_id))
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.import_action, self.import_folder_action, self.details_action, self.delete_document_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo = UndoActions(self.library, self.events, self)  # every highlight and tag change (issue #4)
        self.undo_action, self.redo_action = self.undo.undo_action, self.undo.redo_action
        edit_menu.aboutToShow.connect(self.undo.update_actions)
        self.edit_highlight_action = QAction("&Tag / Note Highlight…", self, shortcut=QKeySequence("T"))
        self.edit_highlight_action.triggered.connect(self._on_edit_current_highlight)
        self.search_action = QAction("&Search Everything", self, shortcut=QKeySequence("Ctrl+K"))
        self.search_action.triggered.connect(self.focus_search)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for action in (self.edit_highlight_action, self.search_action, self.saved.save_action):
            edit_menu.addAction(action)
        self.mentions = OccurrenceStepper(self.search_panel, self.reader, self.open_passage, self)  # F3 / Shift+F3
        edit_menu.addActions(self.mentions.actions)
        self.edit_highlight_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reader.addAction(self.edit_highlight_action)

        view_menu = self.menuBar().addMenu("&View")
        self.tag_manager_action = QAction("&Tag Manager", self, shortcut=QKeySequence("Ctrl+Shift+T"))
        self.tag_manager_action.triggered.connect(self.show_tag_manager)
        self.color_by_tag_action = QAction("&Colour Highlights by Tag", self, checkable=True)
        self.color_by_tag_action.setToolTip("Draw each highlight in the colour of its first tag that has one")
        self.color_by_tag_action.toggled.connect(self._on_tags_changed)
        view_menu.addAction(self.tag_manager_action)
        view_menu.addAction(self.color_by_tag_action)

        help_menu = self.menuBar().addMenu("&Help")
        syntax_action = QAction("Search &Syntax", self)
        syntax_action.triggered.connect(self._show_search_syntax)
        help_menu.addAction(syntax_action)

    def _connect_signals(self) -> None:
        self.library_panel.document_selected.connect(self.open_document)
        self.library_panel.details_requested.connect(self.edit_document_details)
        self.library_panel.delete_requested.connect(self.delete_document)
        self.reader.highlight_requested.connect(self._on_highlight_requested)
        self.reader.annotation_clicked.connect(self._on_annotation_clicked)
        self.highlight_panel.annotation_activated.connect(self._on_annotation_activated)
        self.highlight_panel.edit_requested.connect(self.edit_annotation)
        self.highlight_panel.delete_requested.connect(self.delete_annotation)
        self.search_panel.open_hit_requested.connect(self.open_passage)
        self.events.annotations_changed.connect(self._on_annotations_changed)
        self.events.tags_changed.connect(self._on_tags_changed)
        self.tag_manager.search_requested.connect(self._on_tag_search_requested)
        self.events.documents_changed.connect(self.refresh_library)
        self.events.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.library.index.on_commit(self.events.index_committed.emit)
        self.events.index_committed.connect(self._update_index_label)

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        sizes = settings.value("main_window/splitter")
        if sizes is not None:
            self.splitter.restoreState(sizes)

    def _open_initial_document(self) -> None:
        """Reopen the article read last (or the first in the list), so the window never starts blank."""
        documents = self.library_panel.model
        if documents.rowCount() == 0:
            return
        try:
            last = int(QSettings().value("reader/document_id")) if self.remember_layout else None
        except (TypeError, ValueError):  # never saved, or a settings file edited by hand
            last = None
        wanted = last if last is not None and documents.row_of(last) >= 0 else None
        if wanted is None:
            wanted = int(self.library_panel.proxy.index(0, 0).data(DOCUMENT_ID_ROLE))
        self.library_panel.select_document(wanted)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_layout:
            settings = QSettings()
            if self.reader.document_id is not None:
                settings.setValue("reader/document_id", self.reader.document_id)
            settings.setValue("main_window/geometry", self.saveGeometry())
            settings.setValue("main_window/splitter", self.splitter.saveState())
        super().closeEvent(event)

    # -- library ---------------------------------------------------------------------------------
    def refresh_library(self) -> None:
        self.library_panel.set_documents(self.library.documents.summaries())

    def open_document(self, document_id: int) -> None:
        """Show an article in the reader and its highlights in the panel."""
        try:
            document = self.library.documents.get(document_id)
        except LecternError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        annotations = self.library.annotations.for_document(document_id)
        self.reader_pane.show_document(document, self._shown_in_reader(annotations))
        self.highlight_panel.set_annotations(anchored(annotations))
        self.setWindowTitle(f"{document.title} — Lectern")
        if self.library_panel.current_document_id() != document_id:
            self.library_panel.select_document(document_id, notify=False)

    def open_passage(self, document_id: int, start: int, end: int, annotation_id: int = -1) -> None:
        """Open an article (if it is not open) and select exactly ``[start, end)``."""
        if self.reader.document_id != document_id:
            self.open_document(document_id)
        if end > start:
            self.reader.select_range(start, end)
        if annotation_id >= 0:
            self.highlight_panel.select_annotation(annotation_id)
        self.reader.setFocus()

    def _show_search_syntax(self) -> None:
        self.focus_search()
        self.search_panel.show_query_help()

    def focus_search(self) -> None:
        self.side_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.focus_query()

    def edit_document_details(self, document_id: int | None) -> None:
        """Open the article details dialog (title, author, date, source, publication, note)."""
        if document_id is None:
            return
        try:
            document = self.library.documents.get(document_id)
        except LecternError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        dialog = DocumentDetailsDialog(document, self)
        dialog.saved.connect(lambda saved_id, changes: self._on_details_saved(dialog, saved_id, changes))
        self.details_dialog = dialog
        dialog.open()

    def _on_details_saved(self, dialog: DocumentDetailsDialog, document_id: int, changes: DocumentMetadata) -> None:
        try:
            document = self.library.documents.update_metadata(document_id, changes).value
        except LecternError as error:
            dialog.show_error(str(error))
            return
        dialog.accept()
        self.refresh_library()
        if self.reader.document_id == document_id:
            self.reader_pane.show_details(document)
            self.setWindowTitle(f"{document.title} — Lectern")
        self.statusBar().showMessage(f"Saved the details of “{document.title}”.", 5000)

    def delete_document(self, document_id: int | None) -> None:
        if document_id is None:
            return
        document = self.library.documents.get(document_id)
        count = len(self.library.annotations.for_document(document_id))
        answer = QMessageBox.question(
            self,
            "Delete article",
            f"Delete “{document.title}” and its {count} highlight{'s' if count != 1 else ''}? This cannot be undone.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.library.documents.delete(document_id)
            if self.reader.document_id == document_id:
                self.reader_pane.show_placeholder()
                self.highlight_panel.set_annotations([])
            self.events.documents_changed.emit()  # refreshes the library list, orphans, tags

    # -- importing -------------------------------------------------------------------------------
    def _on_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", str(Path.home()), IMPORT_FILTER)
        if paths:
            self.import_paths([Path(path) for path in paths])

    def _on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path], *, announce: bool = True) -> None:
        """Import files and folders on a worker thread with a progress dialog; a summary at the end."""
        if self.import_running:
            self.statusBar().showMessage("An import is already running.", 5000)
            return
        self.import_running = True
        progress = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Import")
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        cancelled = {"flag": False}
        progress.canceled.connect(lambda: cancelled.__setitem__("flag", True))

        def work(report) -> list[ImportOutcome]:  # type: ignore[no-untyped-def]
            return self.library.documents.import_paths(
                paths,
                progress=lambda done, total, path: report((done, total, path)),
                cancelled=lambda: cancelled["flag"],
            ).value

        totals = {"files": 0}

        def on_progress(value: tuple[int, int, Path]) -> None:
            done, total, path = value
            totals["files"] = total
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            progress.setLabelText(import_progress_text(done, total, path))

        def on_finished(outcomes: list[ImportOutcome] | None, error: BaseException | None) -> None:
            progress.close()
            progress.deleteLater()
            self.import_running = False
            self._on_import_finished(outcomes or [], error, announce, total=totals["files"])

        run_in_background(work, on_finished, on_progress=on_progress)

    def _on_import_finished(
        self, outcomes: list[ImportOutcome], error: BaseException | None, announce: bool, total: int = 0
    ) -> None:
        self.refresh_library()
        summary = summarize_imports(outcomes, error, total=total)
        self.statusBar().showMessage(summary.headline, 10000)
        imported = [outcome.document for outcome in outcomes if outcome.document is not None]
        if imported:
            self.saved.check_after_import()  # watched searches: a notice for new mentions
        if imported and self.reader.document_id is None:
            self.library_panel.select_document(imported[0].id)
        newer = [outcome for outcome in outcomes if outcome.newer_version_of is not None]
        if newer:  # one dialog: the replace offer, with the rest of the summary as context
            self.reimport.offer(newer, context_for_offer(summary))
        elif announce and summary.details:
            box = QMessageBox(QMessageBox.Icon.Warning if summary.failed else QMessageBox.Icon.Information,
                              "Import", summary.headline, parent=self)  # fmt: skip
            box.setObjectName("importSummary")
            box.setInformativeText(summary.details)
            box.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if QUrl(url).isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- highlights ------------------------------------------------------------------------------
    def _on_highlight_requested(self, start: int, end: int, color: str, style: str = "highlight") -> None:
        document_id = self.reader.document_id
        if document_id is None:
            return
        try:
            annotation = self.library.annotations.add(document_id, start, end, color=color, style=style).value
        except LecternError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        self.events.annotations_changed.emit(document_id)
        self.highlight_panel.select_annotation(annotation.id)
        self.edit_annotation(annotation.id)

    def edit_annotation(self, annotation_id: int) -> None:
        """Open the small tag-and-note editor for one highlight (non-modal)."""
        try:
            annotation = self.library.annotations.get(annotation_id)
        except LecternError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        if self.editor is not None:
            self.editor.close()
        known_tags = [tag.name for tag in self.library.tags.counts()]
        self.editor = AnnotationEditor(annotation, known_tags, self)
        self.editor.saved.connect(self._on_editor_saved)
        self.editor.finished.connect(lambda _result: self.reader.setFocus())
        self.editor.show()
        self.editor.raise_()
        self.editor.activateWindow()

    def _on_edit_current_highlight(self) -> None:
        position = self.reader.textCursor().position()
        under = self.reader.highlight_at(position)
        selected = self.highlight_panel.selected_annotation_id()
        if under:
            self.edit_annotation(under[-1].id)
        elif selected is not None:
            self.edit_annotation(selected)

    def _on_editor_saved(self, annotation_id: int, color: str, tags: list[str], note: str) -> None:
        try:
            annotation = self.library.annotations.update(annotation_id, color=color, tags=tags, note=note).value
        except LecternError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        self.events.annotations_changed.emit(annotation.document_id)
        self.highlight_panel.select_annotation(annotation_id)
        self.statusBar().showMessage("Highlight saved.", 4000)

    def delete_annotation(self, annotation_id: int) -> None:
        try:
            annotation = self.library.annotations.get(annotation_id)
            self.library.annotations.delete(annotation_id)
        except LecternError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        self.events.annotations_changed.emit(annotation.document_id)
        self.statusBar().showMessage("Highlight deleted. Undo with Ctrl+Z.", 8000)

    def _on_annotations_changed(self, document_id: int) -> None:
        if self.reader.document_id == document_id:
            annotations = self.library.annotations.for_document(document_id)
            self.reader.set_annotations(self._shown_in_reader(annotations))
            self.highlight_panel.set_annotations(anchored(annotations))
        self.refresh_library()

    def _on_annotation_activated(self, annotation_id: int) -> None:
        annotation = self.library.annotations.get(annotation_id)
        self.open_passage(annotation.document_id, annotation.start, annotation.end)

    def _on_annotation_clicked(self, annotation_id: int) -> None:
        self.side_tabs.setCurrentWidget(self.highlight_panel)
        self.highlight_panel.select_annotation(annotation_id)

    def _update_index_label(self) -> None:
        progress = self.library.index.rebuild_progress
        self.index_label.setText("" if progress is None else f"Rebuilding search index ({progress:.0%})")

    # -- tags and colour by tag (issue #4) ---------------------------------------------------------
    def show_tag_manager(self) -> None:
        self.side_tabs.setCurrentWidget(self.tag_manager)
        self.tag_manager.tree.setFocus()

    def _on_tag_search_requested(self, query: str) -> None:
        self.side_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.set_query(query)

    def _on_tags_changed(self) -> None:
        """Tags were renamed, merged, moved, deleted or recoloured: redraw the open article's highlights."""
        document_id = self.reader.document_id
        if document_id is None:
            return
        selected = self.highlight_panel.selected_annotation_id()
        annotations = self.library.annotations.for_document(document_id)
        self.reader.set_annotations(self._shown_in_reader(annotations))
        self.highlight_panel.set_annotations(anchored(annotations))
        if selected is not None:
            self.highlight_panel.select_annotation(selected)

    def _shown_in_reader(self, annotations: list[Annotation]) -> list[Annotation]:
        """The highlights as the reader draws them: in their tag's colour when View → Colour by Tag is on."""
        if not self.color_by_tag_action.isChecked():
            return annotations
        return colored_by_tag(annotations, self.library.tags.counts())

    # -- saved searches and watches (issue #5) ---------------------------------------------------
    def _add_saved_searches(self) -> None:
        """The Saved searches section under the library, Save Search… (Ctrl+Shift+S), watch notices."""
        self.saved = SavedSearchController(self.library, self.events, self)
        self.library_panel.add_section(self.saved.panel)
        self.saved.save_action.triggered.connect(lambda: self.saved.ask_save(self.search_panel.query_edit.text()))
        self.saved.panel.save_requested.connect(self.saved.save_action.trigger)
        self.saved.run_requested.connect(self.run_saved_query)
        self.saved.highlight_requested.connect(self._on_saved_highlight_all)

    def run_saved_query(self, query: str) -> None:
        """Run a saved search in the Search tab."""
        self.side_tabs.setCurrentWidget(self.search_panel)
        self.search_panel.set_query(query)

    def _on_saved_highlight_all(self, query: str) -> None:
        """Run the query, then offer Highlight All for its mentions (the Search tab's dialog)."""

        def ready(result: object) -> None:
            self.search_panel.search_finished.disconnect(ready)
            if result is not None:
                self.search_panel.open_autocode_dialog()

        self.search_panel.search_finished.connect(ready)
        self.run_saved_query(query)

    # -- orphans and re-import review (issue #4) -------------------------------------------------
    def _add_orphans_and_reimport(self) -> None:
        """The Orphans tab with its status-bar notice, and the offer to replace changed files."""
        self.orphans = OrphansController(self.library, self.events, self.reader, self.side_tabs)
        self.orphans_panel = self.orphans.panel
        self.statusBar().addPermanentWidget(self.orphans.notice)
        self.orphans.delete_requested.connect(self.delete_annotation)
        self.orphans.open_article_requested.connect(self.open_document)
        self.reimport = ReimportFlow(self.library, self)
        self.reimport.replaced.connect(self._on_versions_replaced)
        self.reimport.review_orphans_requested.connect(self.orphans.show_panel)

    def _on_versions_replaced(self, reports: list[ArticleReport]) -> None:
        """Articles got new text: reload the open one, then refresh the lists and highlights."""
        replaced = {report.document_id for report in reports if not report.error and report.document_id is not None}
        if self.reader.document_id in replaced:
            scroll = self.reader.verticalScrollBar().value()  # keep the reading place, roughly
            self.open_document(self.reader.document_id)
            self.reader.verticalScrollBar().setValue(scroll)
        self.events.documents_changed.emit()
        for document_id in replaced:
            self.events.annotations_changed.emit(document_id)
        if reports:
            self.statusBar().showMessage(summary_headline(reports), 10000)
