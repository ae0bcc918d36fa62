"""The library's articles: importing, new versions, metadata, deletion."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from annotations.errors import DuplicateDocument, InvalidMetadata, LecternError
from annotations.importers.parallel import parse_one
from annotations.metadata import plain_line, plain_source, plain_text
from annotations.models import Document, DocumentMetadata, DocumentSummary, ParsedDocument, Reanchoring
from annotations.reanchor import Selector, reanchor_all
from annotations.store import Store, text_digest
from annotations.store_states import ChangedMeanwhile
from app.changes import Applied, Changes
from app.importing import ImportOutcome, import_many, store_parsed
from app.others_work import OthersWork, others_work
from app.search_index import SearchIndex
from app.undo import UndoHistory

# A new version's placements are computed again this often when highlights change meanwhile.
_REPLACE_ATTEMPTS = 3


def _imported(outcomes: Iterable[ImportOutcome]) -> Changes:
    documents: set[int] = set()
    for outcome in outcomes:
        if outcome.document is not None:
            documents.add(outcome.document.id)
            documents.update(outcome.repointed)  # copies whose story has a new, earlier root
    return Changes(documents=frozenset(documents))


def cleaned_metadata(changes: DocumentMetadata) -> DocumentMetadata:
    """``changes`` as visible text, as an import would store it: one line each (the note keeps its lines),
    no control or bidi characters; raises InvalidMetadata for a source that is not a web address or a path."""
    source = changes.source
    if source is not None and plain_line(source):
        source = plain_source(plain_line(source))
        if not source:
            raise InvalidMetadata("the source must be a web address (http:// or https://) or a file path")
    return DocumentMetadata(
        title=None if changes.title is None else plain_line(changes.title),
        byline=None if changes.byline is None else plain_line(changes.byline),
        published=None if changes.published is None else plain_line(changes.published),
        source=source,
        site=None if changes.site is None else plain_line(changes.site),
        note=None if changes.note is None else plain_text(changes.note),
        language=None if changes.language is None else plain_line(changes.language),
    )


class Documents:
    """Reading and writing articles; every write wakes the index and says what it changed."""

    def __init__(self, store: Store, index: SearchIndex, history: UndoHistory) -> None:
        self._store = store
        self._index = index
        self._history = history

    # -- reading ---------------------------------------------------------------------------------
    def summaries(self) -> list[DocumentSummary]:
        """Every article, for the library list."""
        return self._store.document_summaries()

    def get(self, document_id: int) -> Document:
        """One article with its text; raises NotFound."""
        return self._store.document(document_id)

    def is_empty(self) -> bool:
        return self._store.document_count() == 0

    def count(self) -> int:
        """How many articles (one count over the table: cheap, unlike ``summaries``)."""
        return self._store.document_count()

    # -- importing -------------------------------------------------------------------------------
    def import_file(self, path: Path) -> Applied[ImportOutcome]:
        """Parse and store one file; never raises for bad input, the outcome carries the reason."""
        outcome = store_parsed(self._store, parse_one(path))
        if outcome.imported:
            self._index.changed()
        return Applied(outcome, _imported([outcome]))

    def import_paths(
        self,
        paths: Iterable[Path],
        progress: Callable[[int, int, Path], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Applied[list[ImportOutcome]]:
        """Import files and folders (recursively), parsing in worker processes when there are many.

        ``progress(done, total, current)`` is called before the first file and after each one;
        ``cancelled()`` is polled between files (what was stored before stays stored). The index
        writer is woken in batches, so a big import is indexed in few large commits."""
        outcomes = import_many(self._store, self._index, paths, progress, cancelled)
        return Applied(outcomes, _imported(outcomes))

    def reimport_file(self, path: Path) -> Applied[tuple[ImportOutcome, Reanchoring | None]]:
        """Import ``path`` as a new version of the article with the same source (URL or file path).

        Its highlights are re-anchored in the new text; without such an article the file is simply
        imported. Undo history is cleared, since its snapshots point into the old text."""
        result = parse_one(path)
        if result.parsed is None:
            return Applied((ImportOutcome(path, error=result.error), None))
        existing = self._store.find_by_source(result.parsed.source)
        if existing is None:
            outcome = store_parsed(self._store, result)
            if outcome.imported:
                self._index.changed()
            return Applied((outcome, None), _imported([outcome]))
        try:
            replaced = self.replace(existing, result.parsed)
        except DuplicateDocument as duplicate:  # the new text is another article's: a duplicate, with the reason
            outcome = ImportOutcome(
                path,
                duplicate_of=duplicate.existing_id,
                duplicate_title=duplicate.existing_title,
                error=f"{path.name}: {duplicate}",
            )
            return Applied((outcome, None))
        except LecternError as error:
            return Applied((ImportOutcome(path, error=f"{path.name}: {error}"), None))
        document = self._store.document(existing)
        outcome = ImportOutcome(path, document=document, warnings=result.parsed.warnings)
        return Applied((outcome, replaced.value), replaced.changes)

    def replace(self, document_id: int, parsed: ParsedDocument) -> Applied[Reanchoring]:
        """Give a document a new version of its text and re-anchor each of its highlights.

        The placements are computed outside the write; if a highlight changed meanwhile (the UI
        thread), they are computed again, so a stored offset never points into the wrong text."""
        for attempt in range(_REPLACE_ATTEMPTS):
            old = self._store.document(document_id)
            other = self._store.find_duplicate(parsed.text)
            if other is not None and other != document_id:
                raise DuplicateDocument(other, self._store.document(other).title)
            annotations = self._store.annotations_for(document_id)
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
                self._store.states.replace_document_text(
                    document_id, parsed, text_digest(parsed.text), placements, placed_on=(old.sha256, annotations)
                )
                break
            except ChangedMeanwhile:
                if attempt == _REPLACE_ATTEMPTS - 1:
                    raise
        self._history.clear()
        marked = self._store.copies.refresh(document_id)  # the new text's fingerprint: a copy of another story?
        self._index.changed()
        by_status: dict[str, list[int]] = {"kept": [], "moved": [], "fuzzy": [], "orphaned": []}
        for annotation_id, placement in placements.items():
            by_status[placement.status].append(annotation_id)
        report = Reanchoring(
            document_id, *(tuple(by_status[status]) for status in ("kept", "moved", "fuzzy", "orphaned"))
        )
        changes = Changes(
            documents=frozenset({document_id, *marked}),
            annotations=frozenset(placements),
            annotated_documents=frozenset({document_id}),
            history=True,
        )
        return Applied(report, changes)

    # -- editing ---------------------------------------------------------------------------------
    def update_metadata(self, document_id: int, changes: DocumentMetadata) -> Applied[Document]:
        """Correct an article's metadata or note; raises InvalidMetadata or NotFound."""
        document = self._store.update_document_metadata(document_id, cleaned_metadata(changes))
        self._index.changed()
        return Applied(document, Changes(documents=frozenset({document_id})))

    def highlights_by_creator(self, document_id: int) -> dict[str, int]:
        """Every highlight of an article counted by creator, other members' private ones included (on a
        team library's server; a personal library's are all the reader's, under "")."""
        return {count.creator: count.highlights for count in self._store.highlights_by_creator(document_id)}

    def others_work(self, document_id: int) -> OthersWork | None:
        """Other members' highlights that deleting the article would take with it (None when there are none)."""
        return others_work(self._store, document_id)

    def delete(self, document_id: int) -> Changes:
        """Delete an article with its highlights (their tags may then be unused)."""
        had_highlights = bool(self._store.annotations_for(document_id))
        repointed = self._store.delete_document(document_id)  # copies of a deleted root: a new root for them
        self._index.changed()
        return Changes(
            documents=frozenset({document_id, *repointed}),
            annotated_documents=frozenset({document_id}) if had_highlights else frozenset(),
            tags=had_highlights,
        )
