"""The library: the store, the search index and the importers behind one object, for the CLI and the UI.

Writes go to SQLite (the truth) and wake the index writer; with ``background=False`` (the CLI) the
caller drains the index itself with ``flush_index()``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from annotations.anchoring import find_occurrences
from annotations.errors import DuplicateDocument, LecternError, NotFound
from annotations.history import Change, History
from annotations.importers import expand_paths
from annotations.importers.parallel import ParseResult, parse_files, parse_one
from annotations.models import (
    DEFAULT_COLOR,
    DEFAULT_STYLE,
    Annotation,
    Document,
    DocumentMetadata,
    DocumentSummary,
    ParsedDocument,
    Reanchoring,
    TagCount,
)
from annotations.paths import database_path, index_path
from annotations.reanchor import Selector, reanchor_all
from annotations.store import Store, text_digest
from annotations.store_states import ChangedMeanwhile
from annotations.tags import normalize_tag
from index.autocode import AutocodeReport, plan_autocode
from index.bulk_analysis import TextAnalysis, parse_and_analyze
from index.facets import Facets
from index.keeper import IndexKeeper, IndexWriterThread
from index.saved_searches import SavedSearchMethods
from index.search import IndexRebuild, IndexUnavailable, LibrarySearcher, SearchResult

log = logging.getLogger(__name__)
T = TypeVar("T")

# During a bulk import the index writer is woken after this many new articles, or this many seconds.
_INDEX_BATCH = 1000
_INDEX_WAKE_SECONDS = 5.0
# A new version's placements are computed again this often when highlights change meanwhile.
_REPLACE_ATTEMPTS = 3


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: imported, already there, or refused with a reason."""

    path: Path
    document: Document | None = None
    duplicate_of: int | None = None
    duplicate_title: str = ""  # the title of the article already there (a duplicate or an older version)
    error: str = ""
    newer_version_of: int | None = None  # same source, different text: offer to replace (``reimport_file``)
    warnings: tuple[str, ...] = ()  # imported, but part of the file was read leniently (and how)

    @property
    def imported(self) -> bool:
        return self.document is not None

    def to_json(self) -> dict[str, object]:
        if self.document is not None:
            document = self.document
            imported: dict[str, object] = {"id": document.id, "title": document.title, "chars": len(document.text)}
            if self.warnings:
                imported["warnings"] = list(self.warnings)
            return imported
        if self.duplicate_of is not None:
            return {"path": str(self.path), "duplicate_of": self.duplicate_of, "title": self.duplicate_title}
        if self.newer_version_of is not None:
            return {"path": str(self.path), "newer_version_of": self.newer_version_of, "title": self.duplicate_title}
        return {"path": str(self.path), "error": self.error}


class Library(SavedSearchMethods):
    """One data folder: documents and highlights in SQLite, a derived Whoosh index beside it."""

    def __init__(self, data_dir: Path, *, background: bool = True) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(database_path(data_dir))
        self.keeper = IndexKeeper(self.store, index_path(data_dir))
        self.searcher = LibrarySearcher(self.store, self.keeper)
        self.history = History(self.store)
        self._writer_thread: IndexWriterThread | None = None
        if background:
            self._writer_thread = IndexWriterThread(self.keeper)
            self.keeper.add_rebuild_listener(self._writer_thread.notify)
            self._writer_thread.start()

    # -- index -----------------------------------------------------------------------------------
    def _index_changed(self) -> None:
        if self._writer_thread is not None:
            self._writer_thread.notify()

    def flush_index(self, timeout: float = 60.0) -> bool:
        """Make sure every stored change is searchable: waits for the writer, or drains here."""
        if self._writer_thread is not None:
            return self._writer_thread.wait_idle(timeout)
        self.keeper.drain()
        return True

    def add_index_listener(self, listener: Callable[[], None]) -> None:
        """``listener()`` runs on the writer thread after each index commit."""
        self.keeper.add_listener(listener)

    @property
    def index_rebuild_progress(self) -> float | None:
        return self.keeper.rebuild_progress

    # -- documents -------------------------------------------------------------------------------
    def import_file(self, path: Path) -> ImportOutcome:
        """Parse and store one file; never raises for bad input, the outcome carries the reason."""
        outcome = self._store_parsed(parse_one(path))
        if outcome.imported:
            self._index_changed()
        return outcome

    def _store_parsed(self, result: ParseResult) -> ImportOutcome:
        if result.parsed is None:
            return ImportOutcome(result.path, error=result.error)
        older = self.store.find_by_source(result.parsed.source)
        if older is not None and self.store.find_duplicate(result.parsed.text) is None:
            return ImportOutcome(
                result.path, newer_version_of=older, duplicate_title=self.store.document(older).title
            )
        try:
            document = self.store.add_document(result.parsed)
        except DuplicateDocument as duplicate:
            return ImportOutcome(
                result.path, duplicate_of=duplicate.existing_id, duplicate_title=duplicate.existing_title
            )
        except (OSError, sqlite3.Error) as error:
            return ImportOutcome(result.path, error=f"{result.path.name}: could not be stored ({error})")
        return ImportOutcome(result.path, document=document, warnings=result.parsed.warnings)

    def import_paths(
        self,
        paths: Iterable[Path],
        progress: Callable[[int, int, Path], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ImportOutcome]:
        """Import files and folders (recursively), parsing in worker processes when there are many.

        ``progress(done, total, current)`` is called before the first file and after each one;
        ``cancelled()`` is polled between files (what was stored before stays stored). The index
        writer is woken in batches, so a big import is indexed in few large commits.
        """
        files = list(expand_paths(paths))
        outcomes: list[ImportOutcome] = []
        if progress is not None:
            progress(0, len(files), files[0] if files else Path())
        unindexed = 0
        last_wake = time.monotonic()
        for result in parse_files(files, cancelled, worker=parse_and_analyze):
            outcome = self._store_parsed(result)
            if outcome.document is not None and isinstance(result.extra, TextAnalysis):
                self.keeper.remember_analysis(outcome.document.id, result.extra)
            outcomes.append(outcome)
            unindexed += outcome.imported
            if unindexed and (unindexed >= _INDEX_BATCH or time.monotonic() - last_wake > _INDEX_WAKE_SECONDS):
                self._index_changed()
                unindexed, last_wake = 0, time.monotonic()
            if progress is not None:
                progress(len(outcomes), len(files), result.path)
        if unindexed:
            self._index_changed()
        return outcomes

    def reimport_file(self, path: Path) -> tuple[ImportOutcome, Reanchoring | None]:
        """Import ``path`` as a new version of the article with the same source (URL or file path).

        Its highlights are re-anchored in the new text; without such an article the file is simply
        imported. Undo history is cleared, since its snapshots point into the old text."""
        result = parse_one(path)
        if result.parsed is None:
            return ImportOutcome(path, error=result.error), None
        existing = self.store.find_by_source(result.parsed.source)
        if existing is None:
            return self._store_parsed(result), None
        try:
            report = self.replace_document(existing, result.parsed)
        except LecternError as error:
            return ImportOutcome(path, error=f"{path.name}: {error}"), None
        return ImportOutcome(path, document=self.store.document(existing), warnings=result.parsed.warnings), report

    def replace_document(self, document_id: int, parsed: ParsedDocument) -> Reanchoring:
        """Give a document a new version of its text and re-anchor each of its highlights.

        The placements are computed outside the write; if a highlight changed meanwhile (the UI
        thread), they are computed again, so a stored offset never points into the wrong text."""
        for attempt in range(_REPLACE_ATTEMPTS):
            old = self.store.document(document_id)
            other = self.store.find_duplicate(parsed.text)
            if other is not None and other != document_id:
                raise DuplicateDocument(other, self.store.document(other).title)
            annotations = self.store.annotations_for(document_id)
            anchored = [annotation for annotation in annotations if not annotation.orphaned]
            orphans = [annotation for annotation in annotations if annotation.orphaned]
            placements = dict(
                zip(
                    [annotation.id for annotation in anchored + orphans],
                    reanchor_all([Selector.of(a) for a in anchored], parsed.text, old_text=old.text)
                    + reanchor_all([Selector.of(a) for a in orphans], parsed.text),  # made on an older text
                    strict=True,
                )
            )
            try:
                self.store.replace_document_text(
                    document_id, parsed, text_digest(parsed.text), placements, placed_on=(old.sha256, annotations)
                )
                break
            except ChangedMeanwhile:
                if attempt == _REPLACE_ATTEMPTS - 1:
                    raise
        self.history.clear()
        self._index_changed()
        by_status: dict[str, list[int]] = {"kept": [], "moved": [], "fuzzy": [], "orphaned": []}
        for annotation_id, placement in placements.items():
            by_status[placement.status].append(annotation_id)
        return Reanchoring(document_id, *(tuple(by_status[status]) for status in ("kept", "moved", "fuzzy", "orphaned")))

    def documents(self) -> list[DocumentSummary]:
        return self.store.document_summaries()

    def document(self, document_id: int) -> Document:
        return self.store.document(document_id)

    def update_document_metadata(self, document_id: int, changes: DocumentMetadata) -> Document:
        """Correct an article's metadata or note; raises InvalidMetadata or NotFound."""
        document = self.store.update_document_metadata(document_id, changes)
        self._index_changed()
        return document

    def delete_document(self, document_id: int) -> None:
        self.store.delete_document(document_id)
        self._index_changed()

    def is_empty(self) -> bool:
        return self.store.document_count() == 0

    # -- annotations -----------------------------------------------------------------------------
    def annotations_for(self, document_id: int) -> list[Annotation]:
        return self.store.annotations_for(document_id)

    def annotation(self, annotation_id: int) -> Annotation:
        return self.store.annotation(annotation_id)

    def annotate(
        self,
        document_id: int,
        start: int,
        end: int,
        *,
        color: str = DEFAULT_COLOR,
        tags: Iterable[str] = (),
        note: str = "",
        style: str = DEFAULT_STYLE,
    ) -> Annotation:
        """Highlight ``text[start:end]`` (undoable)."""
        return self._undoable(
            "Highlight",
            [],
            lambda: [self.store.add_annotation(document_id, start, end, color=color, tags=tags, note=note, style=style)],
        )[0]

    def annotate_quote(
        self,
        document_id: int,
        quote: str,
        *,
        every: bool = False,
        color: str = DEFAULT_COLOR,
        tags: Iterable[str] = (),
        note: str = "",
        style: str = DEFAULT_STYLE,
    ) -> list[Annotation]:
        """Highlight the first (or, with ``every``, each) case-sensitive occurrence of ``quote`` (one undo step)."""
        document = self.store.document(document_id)
        spans = find_occurrences(document.text, quote)
        if not spans:
            raise NotFound(f"“{quote}” does not occur in #{document_id} “{document.title}”")
        return self._undoable(
            "Highlight",
            [],
            lambda: self.store.add_annotations(
                document_id, spans if every else spans[:1], color=color, tags=tags, note=note, style=style
            ),
        )

    def update_annotation(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        tags: Iterable[str] | None = None,
        note: str | None = None,
        style: str | None = None,
    ) -> Annotation:
        """Change a highlight's colour, style, tags or note (undoable)."""
        return self._undoable(
            "Edit Highlight",
            [annotation_id],
            lambda: [self.store.update_annotation(annotation_id, color=color, tags=tags, note=note, style=style)],
        )[0]

    def delete_annotation(self, annotation_id: int) -> None:
        """Delete a highlight (undoable)."""
        self.store.annotation(annotation_id)  # NotFound before anything is recorded
        self._undoable("Delete Highlight", [annotation_id], lambda: self.store.delete_annotation(annotation_id))

    def reattach_annotation(self, annotation_id: int, start: int, end: int) -> Annotation:
        """Anchor a highlight (an orphan) to a new passage of its article (undoable)."""
        return self._undoable(
            "Re-attach Highlight", [annotation_id], lambda: [self.store.reattach_annotation(annotation_id, start, end)]
        )[0]

    def orphans(self, document_id: int | None = None) -> list[Annotation]:
        """Highlights whose passage was lost when their article's text changed."""
        return self.store.orphaned_annotations(document_id)

    # -- tags ------------------------------------------------------------------------------------
    def highlights_tagged(self, name: str) -> int:
        """How many highlights carry ``name`` or one of its children (each counted once)."""
        return len(self.store.annotations_tagged(name))

    def tags(self) -> list[TagCount]:
        """Every tag with its count, colour and description, most used first."""
        return self.store.tag_counts()

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag (and its children) everywhere; returns the number of highlights changed (undoable)."""
        return self._retag("Rename Tag", old, new, lambda: self.store.rename_tag(old, new))

    def merge_tags(self, source: str, target: str) -> int:
        """Fold ``source`` into ``target`` on every highlight (undoable)."""
        return self._retag("Merge Tags", source, target, lambda: self.store.merge_tags(source, target))

    def move_tag(self, name: str, parent: str) -> int:
        """Move a tag (and its children) under ``parent``, or to the top with ``""`` (undoable)."""
        leaf = normalize_tag(name).rsplit("/", 1)[-1]
        target = f"{normalize_tag(parent)}/{leaf}" if parent.strip() else leaf
        return self._retag("Move Tag", name, target, lambda: self.store.move_tag(name, parent))

    def delete_tag(self, name: str) -> int:
        """Remove a tag (and its children) from every highlight; returns how many changed (undoable)."""
        family = set(self.store.tag_family(name))
        return self._undoable(
            "Delete Tag", self.store.annotations_tagged(name), lambda: self.store.delete_tag(name), tag_names=family
        )

    def set_tag_details(self, name: str, *, color: str | None = None, description: str | None = None) -> TagCount:
        """Give a tag a colour and/or description (undoable)."""
        return self._undoable(
            "Tag Details",
            [],
            lambda: self.store.set_tag_details(name, color=color, description=description),
            tag_names={normalize_tag(name)},
        )

    def _retag(self, label: str, old: str, new: str, operation: Callable[[], int]) -> int:
        old, new = normalize_tag(old), normalize_tag(new)
        family = self.store.tag_family(old)
        names = set(family) | {new + name[len(old) :] for name in family}
        return self._undoable(label, self.store.annotations_tagged(old), operation, tag_names=names)

    # -- undo ------------------------------------------------------------------------------------
    def _undoable(
        self,
        label: str,
        annotation_ids: list[int],
        operation: Callable[[], T],
        tag_names: Iterable[str] = (),
    ) -> T:
        """Run ``operation`` and record it for undo: the highlights it touches, before and after.

        Highlights the operation creates are found in its result (an Annotation list)."""
        before = self.store.annotation_states(annotation_ids)
        tags_before = self.store.tag_states(set(tag_names))
        result = operation()
        if isinstance(result, list):
            before.update({item.id: None for item in result if isinstance(item, Annotation) and item.id not in before})
        after = self.store.annotation_states(list(before))
        self.history.record(Change(label, before, after, tags_before, self.store.tag_states(set(tag_names))))
        self._index_changed()
        return result

    def undo(self) -> Change | None:
        """Revert the latest annotation or tag operation; returns it, or None if there was none."""
        change = self.history.undo()
        if change is not None:
            self._index_changed()
        return change

    def redo(self) -> Change | None:
        """Carry out the latest undone operation again."""
        change = self.history.redo()
        if change is not None:
            self._index_changed()
        return change

    # -- search ----------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        limit: int | None = 200,
        *,
        sort: str = "relevance",
        offset: int = 0,
        fresh_within: float = 2.0,
    ) -> SearchResult:
        """Every mention of ``query``; raises QueryError (a LecternError) for a malformed query or sort.

        ``sort`` is "relevance", "date" (the article's published date, newest first, undated last) or
        "title" (A to Z); ``offset`` skips that many hits (paging) and ``total`` counts them all.
        Waits up to ``fresh_within`` seconds for the index writer to catch up, so a search run right
        after a change sees it (call it off the GUI thread). While the index is rebuilt it raises
        IndexUnavailable, whose message says how far the rebuild is ("rebuilding (42 %)")."""
        return self._searching(lambda: self.searcher.search(query, limit, sort=sort, offset=offset), fresh_within)

    def mentions_in(self, query: str, document_id: int) -> list[tuple[int, int]]:
        """Every occurrence of ``query`` in one article's text, in order (no index needed: F3 in the reader)."""
        return self.searcher.spans_in(query, document_id)

    def facets(self, query: str, *, fresh_within: float = 2.0) -> Facets:
        """How every hit of ``query`` divides by tag, colour, article and published year (see index.facets)."""
        return self._searching(lambda: self.searcher.facets(query), fresh_within)

    def autocode(
        self,
        query: str,
        *,
        tags: Sequence[str],
        color: str = DEFAULT_COLOR,
        style: str = DEFAULT_STYLE,
        fresh_within: float = 2.0,
    ) -> AutocodeReport:
        """Highlight every occurrence of ``query`` in the articles' text with ``tags`` ("Highlight All").

        Occurrences already highlighted with all of ``tags`` (same or overlapping span) are skipped
        (see index.autocode). One transaction per article, one undo step for the whole run."""
        hits = self._searching(lambda: self.searcher.all_hits(query), fresh_within)
        plan = plan_autocode(hits, tags, self.store.annotations_for)
        failure: list[BaseException] = []

        def highlight_all() -> list[Annotation]:
            created: list[Annotation] = []
            for document_id, spans in plan.spans.items():
                try:
                    created += self.store.add_annotations(document_id, spans, color=color, tags=tags, style=style)
                except NotFound:  # deleted meanwhile
                    continue
                except BaseException as error:  # noqa: BLE001 - re-raised below, once what was made is undoable
                    failure.append(error)
                    break
            return created

        created = self._undoable("Highlight All", [], highlight_all) if plan.spans else []
        if failure:
            raise failure[0]
        return AutocodeReport(
            created=len(created),
            skipped=plan.skipped,
            documents=len({annotation.document_id for annotation in created}),
            annotation_ids=tuple(annotation.id for annotation in created),
        )

    def rebuild_index(self, timeout: float = 600.0) -> IndexRebuild:
        """Delete the search index and build it again from SQLite (waits for it to finish)."""
        started = time.perf_counter()
        self.keeper.request_rebuild("rebuild asked for")
        if self._writer_thread is None:
            self.keeper.drain()
        else:
            self._writer_thread.wait_idle(timeout)
        return IndexRebuild(
            documents=self.store.document_count(),
            highlights=len(self.store.annotation_ids()),
            seconds=time.perf_counter() - started,
        )

    def _searching(self, run: Callable[[], T], fresh_within: float) -> T:
        if self._writer_thread is not None and fresh_within > 0:
            self._writer_thread.wait_idle(fresh_within)
        try:
            return run()
        except IndexUnavailable:
            if self._writer_thread is not None:
                raise  # the writer thread is rebuilding; the UI says so and the user tries again
            self.keeper.drain()  # no writer thread (the CLI): rebuild here, then answer
            return run()

    def close(self) -> None:
        if self._writer_thread is not None:
            self._writer_thread.wait_idle(30)
            self._writer_thread.stop()
        self.searcher.close()
        self.store.close()


__all__ = ["ImportOutcome", "Library", "LecternError"]
