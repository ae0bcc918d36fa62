"""W3C Web Annotation JSON-LD: an ``AnnotationCollection`` whose pages hold the export's highlights.

The file is one JSON-LD document: the collection, its first ``AnnotationPage`` embedded as ``first``, and the
further pages (``PAGE_SIZE`` annotations each) as JSON-LD ``@included`` nodes, linked by ``next``/``prev`` and
``partOf`` as the W3C model pages collections. Each ``Annotation`` carries its own ``@context``, so it also
stands alone (the W3C test suite checks each one so). An annotation:

- ``id`` ``urn:uuid:<the highlight's uuid>``, ``created``, ``modified``; ``motivation`` ``commenting`` when it
  has a note, else ``tagging`` when it has tags, else ``highlighting``;
- ``body``: a ``TextualBody`` with purpose ``commenting`` and format ``text/markdown`` for the note, and one
  with purpose ``tagging`` per tag (none when there is neither);
- ``target``: a ``SpecificResource`` whose ``source`` is the article (its URL, or ``urn:uuid:<document uuid>``
  for a local file, whose path is then ``lectern:origin``; ``dcterms:title``, ``dcterms:issued`` and
  ``lectern:textDigest``, the sha256 of the canonical text, which finds the same article in another library),
  with a ``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector`` (start, end in the
  canonical text; left out for an orphan, whose offsets fit no text, and ``lectern:orphaned`` says so);
- ``lectern:color`` and ``lectern:style`` (namespace ``https://lectern.app/ns#``);
- ``lectern:claims``, for a highlight linked to claims: one ``lectern:Claim`` node per claim, ``id``
  ``urn:uuid:<the claim's uuid>``, with ``lectern:text``, ``lectern:stance`` (supports, contradicts or context)
  and, when it has them, ``lectern:note`` and ``lectern:tags``.

``app.annotation_import.web_annotations`` reads it back. Written atomically, a page at a time.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from annotations.database import now
from annotations.models import Annotation, Document
from app.exports.atomic import atomic_file
from app.exports.claim_links import ClaimsByHighlight, LinkedClaim
from app.exports.options import ExportOptions
from app.exports.scope import ExportSet

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LECTERN_NS = "https://lectern.app/ns#"
DCTERMS_NS = "http://purl.org/dc/terms/"
CONTEXT: list[object] = [ANNO_CONTEXT, {"lectern": LECTERN_NS, "dcterms": DCTERMS_NS}]
PAGE_SIZE = 1_000
MEDIA_TYPE = "application/ld+json"


def write_jsonld(export_set: ExportSet, path: Path, options: ExportOptions, *, page_size: int = PAGE_SIZE) -> None:
    """Write ``export_set`` to ``path`` as an AnnotationCollection (whole or not at all)."""
    del options  # citation style and grouping do not apply: the annotations carry their article instead
    page_size = max(1, page_size)
    annotated = [(item.document, annotation) for item in export_set.items for annotation in item.annotations]
    pages = max(1, -(-len(annotated) // page_size))
    collection_id = f"urn:uuid:{uuid.uuid4()}"
    head: dict[str, object] = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": export_set.title,
        "total": len(annotated),
        "generated": now(),
        "generator": {"id": "https://lectern.app/", "type": "Software", "name": "Lectern"},
    }
    if export_set.query is not None:
        head["lectern:query"] = export_set.query
    with atomic_file(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(_dumps(head).removesuffix("\n}"))
        for number, page in enumerate(_pages(annotated, collection_id, page_size, pages, export_set.claims)):
            if number == 0:
                file.write(',\n  "first": ' + _dumps(page, indent=1))
                file.write(',\n  "last": ' + json.dumps(_page_id(collection_id, pages)))
                if pages > 1:
                    file.write(',\n  "@included": [')
            else:
                file.write(("\n" if number == 1 else ",\n") + "    " + _dumps(page, indent=2))
        file.write("\n  ]\n}\n" if pages > 1 else "\n}\n")


def _dumps(value: object, indent: int = 0) -> str:
    """JSON indented by two spaces a level, nested ``indent`` levels deep (strings hold no raw newlines)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * indent)


def _page_id(collection_id: str, number: int) -> str:
    return f"{collection_id}#page-{number}"


def _pages(
    annotated: Sequence[tuple[Document, Annotation]],
    collection_id: str,
    page_size: int,
    pages: int,
    claims: ClaimsByHighlight,
) -> Iterator[dict[str, object]]:
    for number in range(1, pages + 1):
        start = (number - 1) * page_size
        page: dict[str, object] = {
            "id": _page_id(collection_id, number),
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": start,
        }
        if number > 1:
            page["prev"] = _page_id(collection_id, number - 1)
        if number < pages:
            page["next"] = _page_id(collection_id, number + 1)
        page["items"] = [
            web_annotation(document, annotation, claims.get(annotation.id, ()))
            for document, annotation in annotated[start : start + page_size]
        ]
        yield page


def web_annotation(
    document: Document, annotation: Annotation, claims: Sequence[LinkedClaim] = ()
) -> dict[str, object]:
    """One highlight as a stand-alone W3C Web Annotation (with the claims it is linked to)."""
    bodies: list[dict[str, object]] = []
    if annotation.note:
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": annotation.note}
        )
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in annotation.tags]
    motivation = "commenting" if annotation.note else "tagging" if annotation.tags else "highlighting"
    selectors: list[dict[str, object]] = [
        {
            "type": "TextQuoteSelector",
            "exact": annotation.exact,
            "prefix": annotation.prefix,
            "suffix": annotation.suffix,
        }
    ]
    if not annotation.orphaned:
        selectors.append({"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end})
    result: dict[str, object] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{annotation.uuid}",
        "type": "Annotation",
        "motivation": motivation,
        "created": annotation.created,
        "modified": annotation.modified,
    }
    if bodies:
        result["body"] = bodies
    result["target"] = {"type": "SpecificResource", "source": article_resource(document), "selector": selectors}
    if annotation.creator:  # a team library's highlight: who made it, changed it last, and who sees it
        result["creator"] = {"type": "Person", "name": annotation.creator}
        result["lectern:modifiedBy"] = annotation.modified_by
        result["lectern:visibility"] = annotation.visibility
    result["lectern:color"] = annotation.color
    result["lectern:style"] = annotation.style
    if annotation.orphaned:
        result["lectern:orphaned"] = True
    if claims:
        result["lectern:claims"] = [claim_node(item) for item in claims]
    return result


def claim_node(item: LinkedClaim) -> dict[str, object]:
    """A claim the highlight bears on, named by its uuid so an import finds the same claim again."""
    node: dict[str, object] = {
        "id": f"urn:uuid:{item.claim.uuid}",
        "type": "lectern:Claim",
        "lectern:text": item.claim.text,
        "lectern:stance": item.stance,
    }
    if item.claim.note:
        node["lectern:note"] = item.claim.note
    if item.claim.tags:
        node["lectern:tags"] = list(item.claim.tags)
    return node


def article_resource(document: Document) -> dict[str, object]:
    """The article as the target's source: its web address, or a URN naming it (a local file's path beside)."""
    web = document.source.startswith(("http://", "https://")) and " " not in document.source
    resource: dict[str, object] = {
        "id": document.source if web else f"urn:uuid:{document.uuid}",
        "type": "Text",
        "dcterms:title": document.title,
    }
    if document.published:
        resource["dcterms:issued"] = document.published
    if document.source and not web:
        resource["lectern:origin"] = document.source
    resource["lectern:textDigest"] = document.sha256
    return resource
