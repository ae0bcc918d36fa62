"""What an export covers: one article, a tag (with its children), a saved search, a query's results (its
highlights or every mention), chosen highlights, or the whole library; resolved to an ``ExportSet``.

Every format reads the same ``ExportSet``, so each exports exactly the same highlights for a scope.
Articles come in library order (as imported); each article's highlights in text order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from annotations.errors import LecternError
from annotations.models import Annotation, Document, TagCount
from annotations.store import Store
from app.exports.claim_links import LinkedClaim, claims_of
from app.search_index import SearchIndex

Progress = Callable[[int, int], None]  # (done, total) while articles are read


class InvalidScope(LecternError):
    """An export scope that names nothing, or more than one thing."""


@dataclass(frozen=True)
class ExportScope:
    """Exactly one of the fields says what to export; none of them means the whole library.

    ``mentions`` (with ``query`` or ``saved``): also every occurrence of the query in the articles' text,
    for formats that can show them (the Markdown digest's keyword-in-context lines)."""

    document_id: int | None = None
    tag: str | None = None
    query: str | None = None
    saved: str | None = None  # a saved search, by name
    annotation_ids: tuple[int, ...] | None = None
    mentions: bool = False

    def describe(self) -> str:
        """A title for the export ("Tag air-defense", "Search “radar”", "Whole library")."""
        return describe_scope(document_id=self.document_id, tag=self.tag, query=self.query, saved=self.saved,
                              annotation_ids=self.annotation_ids)  # fmt: skip


def describe_scope(
    *,
    document_id: int | None = None,
    tag: str | None = None,
    query: str | None = None,
    saved: str | None = None,
    annotation_ids: tuple[int, ...] | None = None,
) -> str:
    """The words an export's and a report's title give their scope (the first field set; none: the whole
    library), kept in one place so a report and an export of one scope say it alike."""
    if document_id is not None:
        return f"Article #{document_id}"
    if tag is not None:
        return f"Tag {tag}"
    if query is not None:
        return f"Search “{query}”"
    if saved is not None:
        return f"Saved search “{saved}”"
    if annotation_ids is not None:
        return f"{len(annotation_ids)} selected highlight{'s' if len(annotation_ids) != 1 else ''}"
    return "Whole library"


@dataclass(frozen=True)
class ExportItem:
    """One article with the highlights (and, for a query, the mentions) the export holds from it."""

    document: Document
    annotations: tuple[Annotation, ...]
    mentions: tuple[tuple[int, int], ...] = ()  # (start, end) in document.text, in text order


@dataclass(frozen=True)
class ExportSet:
    """What one export writes: its articles in order, and every tag its highlights carry (with details)."""

    title: str
    items: tuple[ExportItem, ...]
    tags: tuple[TagCount, ...] = field(default=())  # the codebook: each tag used (and its ancestors), by name
    query: str | None = None
    claims: dict[int, tuple[LinkedClaim, ...]] = field(default_factory=dict)  # by highlight id; linked ones only

    @property
    def annotations(self) -> list[Annotation]:
        return [annotation for item in self.items for annotation in item.annotations]

    def document(self, document_id: int) -> Document:
        return next(item.document for item in self.items if item.document.id == document_id)


def saved_query(store: Store, name: str) -> str:
    """The query of the saved search called ``name``; InvalidScope when there is none (exports and reports)."""
    found = [saved for saved in store.saved_searches.all() if saved.name == name]
    if not found:
        raise InvalidScope(f"no saved search called “{name}”")
    return found[0].query


def collect(store: Store, index: SearchIndex, scope: ExportScope, progress: Progress | None = None) -> ExportSet:
    """Resolve ``scope`` against the library; raises InvalidScope, NotFound or QueryError."""
    named = [
        value is not None
        for value in (scope.document_id, scope.tag, scope.query, scope.saved, scope.annotation_ids)
    ]
    if sum(named) > 1:
        raise InvalidScope("choose one of: an article, a tag, a query, a saved search or highlights")
    query = scope.query if scope.saved is None else saved_query(store, scope.saved)
    mentions: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if scope.document_id is not None:
        store.document(scope.document_id)  # NotFound for an unknown id
        document_ids = [scope.document_id]
        annotations = store.annotations_for(scope.document_id)
    elif scope.tag is not None:
        annotations = list(store.find_annotations(store.tags.annotations_tagged(scope.tag)).values())
        if not annotations and not store.tags.family(scope.tag):
            raise InvalidScope(f"no tag “{scope.tag}”")
        document_ids = _in_library_order(store, {annotation.document_id for annotation in annotations})
    elif query is not None:
        hits = index.all_hits(query)
        annotation_ids = [hit.annotation_id for hit in hits if hit.kind == "annotation" and hit.annotation_id]
        annotations = list(store.find_annotations(list(dict.fromkeys(annotation_ids))).values())
        if scope.mentions:
            for hit in hits:
                if hit.kind == "article" and hit.end > hit.start:
                    mentions[hit.document_id].append((hit.start, hit.end))
        document_ids = _in_library_order(store, {a.document_id for a in annotations} | set(mentions))
    elif scope.annotation_ids is not None:
        annotations = list(store.find_annotations(list(scope.annotation_ids)).values())
        document_ids = _in_library_order(store, {annotation.document_id for annotation in annotations})
    else:
        annotations = store.all_annotations()
        document_ids = store.document_ids()
    by_document: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        by_document[annotation.document_id].append(annotation)
    items = []
    for number, document_id in enumerate(document_ids):
        if progress is not None:
            progress(number, len(document_ids))
        spans = tuple(sorted(set(mentions.get(document_id, ()))))
        ordered = tuple(sorted(by_document.get(document_id, ()), key=lambda a: (a.start, a.end, a.id)))
        items.append(ExportItem(store.document(document_id), ordered, spans))
    if progress is not None:
        progress(len(document_ids), len(document_ids))
    title = scope.describe() if scope.document_id is None else items[0].document.title
    exported = [annotation for item in items for annotation in item.annotations]
    claims = claims_of(store, (annotation.id for annotation in exported))
    return ExportSet(title, tuple(items), _codebook(store, exported), query, claims)


def _in_library_order(store: Store, document_ids: set[int]) -> list[int]:
    return [document_id for document_id in store.document_ids() if document_id in document_ids]


def _codebook(store: Store, annotations: Iterable[Annotation]) -> tuple[TagCount, ...]:
    """Every tag the highlights carry, and each of its ancestors (a hierarchy needs its parents)."""
    names: set[str] = set()
    for tags in {annotation.tags for annotation in annotations}:  # a few hundred sets of tags, not 100,000
        for tag in tags:
            parts = tag.split("/")
            names.update("/".join(parts[: depth + 1]) for depth in range(len(parts)))
    known = {tag.name: tag for tag in store.tags.counts()}
    return tuple(known.get(name, TagCount(name, 0)) for name in sorted(names))
