"""Reading the library rows one change touched, on a worker thread, so the GUI thread only patches them in.

A highlight made or deleted changes one article's count: re-reading that one row (two small reads) instead
of the 5,000-row summary query keeps the work proportional to the change. Many articles at once (a big
import) are cheaper read in one query and shown with one reset.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotations.errors import NotFound
from annotations.models import DocumentSummary
from app import Library

MANY_ARTICLES = 200  # past this many changed articles, one full read and a reset beat row-by-row updates


@dataclass(frozen=True)
class ChangedRows:
    """What the library list must show for the articles a change named."""

    present: list[DocumentSummary]  # edited or new articles, and articles whose highlight count may have moved
    gone: frozenset[int]  # deleted articles
    root_sites: dict[int, str] = field(default_factory=dict)  # each story root with copies → its publication


def read_rows(library: Library, document_ids: Iterable[int]) -> ChangedRows:
    """The current summary of each article, or that it is gone; call off the GUI thread."""
    present: list[DocumentSummary] = []
    gone: set[int] = set()
    for document_id in sorted(set(document_ids)):
        try:
            document = library.documents.get(document_id)
        except NotFound:
            gone.add(document_id)
            continue
        present.append(
            DocumentSummary(
                id=document.id,
                title=document.title,
                byline=document.byline,
                source=document.source,
                published=document.published,
                imported_at=document.imported_at,
                chars=len(document.text),
                highlights=len(library.annotations.for_document(document_id)),
                language=document.language,
                copy_of=document.copy_of,
                copy_similarity=document.copy_similarity,
            )
        )
    return ChangedRows(present, frozenset(gone), root_sites(library))


def root_sites(library: Library) -> dict[int, str]:
    """The publication of each story root with copies (its copies' labels name it)."""
    return {root: site for root, (site, _published) in library.copies.root_labels().items()}
