"""Reading annotation files: W3C Web Annotations in JSON-LD (Lectern's own export and other tools') and the
Hypothesis API's JSON (a search response ``{"rows": [...]}`` or a list of rows).

A file is read whole before anything is stored. It is refused, with a message in words, when it is not
UTF-8 JSON, is larger than ``MAX_FILE_BYTES``, is nested too deeply, holds more than ``MAX_ANNOTATIONS``
annotations, or has neither shape. Within a readable file, an annotation Lectern cannot use (a page note with
no quote, a reply, a value of the wrong kind) becomes an ``ImportProblem`` with its reason; the others go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.annotation_import.claims import read_claim_nodes
from app.annotation_import.incoming import AnnotationFileUnreadable, ImportProblem, IncomingAnnotation, shorten

MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_ANNOTATIONS = 250_000
MAX_PAGES = 100_000

LECTERN_NS = "https://lectern.app/ns#"
HYPOTHESIS_ANNOTATION = "https://hypothes.is/a/"  # a Hypothesis id names the annotation at this address

JSON = object  # what json.loads returns


@dataclass(frozen=True)
class ReadAnnotations:
    """What one file holds: its format, the annotations Lectern can place, and those it cannot, with reasons."""

    format: str  # "jsonld" or "hypothesis"
    annotations: list[IncomingAnnotation] = field(default_factory=list)
    failed: list[ImportProblem] = field(default_factory=list)

    def add(self, read: IncomingAnnotation | ImportProblem) -> None:
        """Keep one annotation's reading: placeable, or failed with its reason."""
        if isinstance(read, ImportProblem):
            self.failed.append(read)
        else:
            self.annotations.append(read)


def parse_json(data: bytes, name: str) -> JSON:
    """The JSON in ``data``; AnnotationFileUnreadable when it is too big, not UTF-8, not JSON or too deep."""
    if len(data) > MAX_FILE_BYTES:
        raise AnnotationFileUnreadable(
            f"{name}: the file is {len(data) / 1e6:,.0f} MB; annotation files up to {MAX_FILE_BYTES // 2**20} MB are read"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AnnotationFileUnreadable(
            f"{name}: not UTF-8 text (byte {error.start}), so not an annotation file"
        ) from None
    if not text.strip():
        raise AnnotationFileUnreadable(f"{name}: the file is empty")
    try:
        return json.loads(text)
    except RecursionError:
        raise AnnotationFileUnreadable(f"{name}: the JSON is nested too deeply to be an annotation file") from None
    except json.JSONDecodeError as error:
        raise AnnotationFileUnreadable(
            f"{name}: not JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except ValueError as error:  # e.g. a number of thousands of digits
        raise AnnotationFileUnreadable(f"{name}: not usable JSON ({error})") from None


def read_annotations(document: JSON, name: str) -> ReadAnnotations:
    """The annotations in a parsed file, whichever of the two formats it is."""
    kind = detect(document)
    if kind == "jsonld":
        return read_web_annotations(document, name)
    if kind == "hypothesis":
        return read_hypothesis(document, name)
    raise AnnotationFileUnreadable(
        f"{name}: neither W3C Web Annotations (JSON-LD) nor a Hypothesis export"
        " (an object with “rows”, or a list of annotations with “uri” and “target”)"
    )


def detect(document: JSON) -> str | None:
    """ "jsonld", "hypothesis", or None for JSON of neither shape."""
    if isinstance(document, dict):
        if "@context" in document or _types(document) & {"Annotation", "AnnotationCollection", "AnnotationPage"}:
            return "jsonld"
        rows = document.get("rows")
        if isinstance(rows, list) and (not rows or any(_is_hypothesis_row(row) for row in rows[:10])):
            return "hypothesis"
        return None
    if isinstance(document, list) and document:
        sample = document[:10]
        if any(isinstance(item, dict) and "Annotation" in _types(item) for item in sample):
            return "jsonld"  # the items that are not Annotations are reported one by one
        if any(_is_hypothesis_row(row) for row in sample):
            return "hypothesis"
    if isinstance(document, list):  # an empty list: no annotations, of either kind
        return "hypothesis" if not document else None
    return None


def _is_hypothesis_row(row: object) -> bool:
    return isinstance(row, dict) and ("uri" in row or "target" in row) and "Annotation" not in _types(row)


def _types(node: dict[str, object]) -> set[str]:
    value = node.get("type", node.get("@type"))
    values = value if isinstance(value, list) else [value]
    return {item.removeprefix("oa:").removeprefix("as:") for item in values if isinstance(item, str)}


def _too_many(name: str, count: int) -> AnnotationFileUnreadable:
    return AnnotationFileUnreadable(
        f"{name}: the file holds more than {MAX_ANNOTATIONS:,} annotations ({count:,} so far); split it into smaller files"
    )


# -- W3C Web Annotations (JSON-LD) ------------------------------------------------------------------------------
def read_web_annotations(document: JSON, name: str) -> ReadAnnotations:
    """A single Annotation, a list of them, an AnnotationPage, or an AnnotationCollection whose pages are in the
    file (embedded ``first``, pages ``next`` names that are embedded or ``@included``, or ``items``)."""
    read = ReadAnnotations("jsonld")
    for number, node in enumerate(_annotation_nodes(document, name), start=1):
        if number > MAX_ANNOTATIONS:
            raise _too_many(name, number)
        label = f"annotation {number}"
        if not isinstance(node, dict) or "Annotation" not in _types(node):
            read.failed.append(ImportProblem("failed", "not a W3C Annotation object", label=label))
            continue
        identifier = node.get("id", node.get("@id"))
        if isinstance(identifier, str) and identifier:
            label = f"{label} ({shorten(identifier, 60)})"
        read.add(_web_annotation(node, label))
    return read


def _annotation_nodes(document: JSON, name: str) -> Iterator[object]:
    if isinstance(document, list):
        yield from document
        return
    assert isinstance(document, dict)
    types = _types(document)
    if "Annotation" in types:
        yield document
    elif "AnnotationPage" in types or ("items" in document and "AnnotationCollection" not in types):
        yield from _items(document, name)
    elif "AnnotationCollection" in types:
        for page in _collection_pages(document, name):
            yield from _items(page, name)
    else:
        raise AnnotationFileUnreadable(
            f"{name}: JSON-LD, but not an Annotation, AnnotationPage or AnnotationCollection"
        )


def _items(page: dict[str, object], name: str) -> list[object]:
    items = page.get("items", [])
    if not isinstance(items, list):
        raise AnnotationFileUnreadable(f"{name}: an AnnotationPage whose “items” is not a list")
    return items


def _collection_pages(collection: dict[str, object], name: str) -> Iterator[dict[str, object]]:
    """The collection's pages in order: ``first``, then each ``next`` (embedded, or an ``@included`` page), then
    any ``@included`` page no ``next`` leads to (read too, never dropped)."""
    if "items" in collection:  # not the model, but a plain list of annotations is meant
        yield {"items": collection["items"]}
    included = collection.get("@included", [])
    included_pages = [
        page for page in (included if isinstance(included, list) else [included]) if isinstance(page, dict)
    ]
    pages_by_id = {page["id"]: page for page in included_pages if isinstance(page.get("id"), str)}
    page: object = collection.get("first")
    total = collection.get("total")
    if page is None and not included_pages and isinstance(total, int) and total > 0:
        raise AnnotationFileUnreadable(f"{name}: the collection has {total:,} annotations but no pages in the file")
    seen: set[str] = set()
    visited: set[int] = set()
    for _ in range(MAX_PAGES):
        if page is None:
            break
        if isinstance(page, str):
            if page not in pages_by_id:
                raise AnnotationFileUnreadable(
                    f"{name}: the collection's page {shorten(page, 80)} is not in the file"
                    " (Lectern reads collections whose pages are all in one file)"
                )
            page = pages_by_id[page]
        if not isinstance(page, dict):
            raise AnnotationFileUnreadable(f"{name}: a page of the collection is not an AnnotationPage object")
        identifier = page.get("id")
        if isinstance(identifier, str):
            pages_by_id.setdefault(identifier, page)
            if identifier in seen:
                raise AnnotationFileUnreadable(f"{name}: the collection's pages go round in a circle")
            seen.add(identifier)
        visited.add(id(page))
        yield page
        page = page.get("next")
    else:
        raise AnnotationFileUnreadable(f"{name}: the collection has more than {MAX_PAGES:,} pages")
    for page in included_pages:
        if id(page) not in visited and ("AnnotationPage" in _types(page) or "items" in page):
            yield page


def _web_annotation(node: dict[str, object], label: str) -> IncomingAnnotation | ImportProblem:
    target = _first_specific_target(node.get("target"))
    if target is None:
        return ImportProblem("failed", "its target names no quoted text (no TextQuoteSelector)", label=label)
    source, title, digest, aliases = _source(target.get("source"))
    quote, start, end = _selectors(target.get("selector"))
    if quote is None:
        return ImportProblem("failed", "its target has no TextQuoteSelector with an “exact” text", label=label)
    note_parts, tags = [], []
    body_value = node.get("bodyValue")
    if isinstance(body_value, str) and body_value.strip():
        note_parts.append(body_value)
    bodies = node.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # a linked resource, not text Lectern keeps
        purposes = body.get("purpose")
        if "tagging" in (purposes if isinstance(purposes, list) else [purposes]):
            tags.append(body["value"])
        elif body["value"].strip():
            note_parts.append(body["value"])
    identifier = node.get("id", node.get("@id"))
    return IncomingAnnotation(
        uuid=identifier if isinstance(identifier, str) else None,
        exact=quote[0],
        prefix=quote[1],
        suffix=quote[2],
        start=start,
        end=end,
        source=source,
        source_aliases=aliases,
        source_digest=digest,
        source_title=title,
        tags=tuple(tags),
        note="\n\n".join(note_parts),
        color=_text(_lectern(node, "color")),
        style=_text(_lectern(node, "style")),
        created=_text(node.get("created")),
        modified=_text(node.get("modified")),
        label=label,
        claims=read_claim_nodes(_lectern(node, "claims")),
    )


def _lectern(node: dict[str, object], term: str) -> object:
    return node.get(f"lectern:{term}", node.get(LECTERN_NS + term))


def _first_specific_target(target: object) -> dict[str, object] | None:
    """The first target that selects text (a SpecificResource with a TextQuoteSelector)."""
    for candidate in target if isinstance(target, list) else [target]:
        if isinstance(candidate, dict) and "selector" in candidate:
            quote, _, _ = _selectors(candidate["selector"])
            if quote is not None:
                return candidate
    return None


def _source(source: object) -> tuple[str, str, str, tuple[str, ...]]:
    """(address, title, text digest, other addresses) of a target's source."""
    if isinstance(source, str):
        return source, "", "", ()
    if not isinstance(source, dict):
        return "", "", "", ()
    address = _text(source.get("id", source.get("@id")))
    title = next(
        (value for key in ("dcterms:title", "title", "label", "name") if (value := _text(source.get(key)))),
        "",
    )
    digest = _text(_lectern(source, "textDigest"))
    origin = _text(_lectern(source, "origin"))
    return address, title, digest, (origin,) if origin else ()


def _selectors(selector: object) -> tuple[tuple[str, str, str] | None, int | None, int | None]:
    """((exact, prefix, suffix) or None, start, end) from a selector or a list of them."""
    quote: tuple[str, str, str] | None = None
    start = end = None
    for item in selector if isinstance(selector, list) else [selector]:
        if not isinstance(item, dict):
            continue
        types = _types(item)
        if "TextQuoteSelector" in types and quote is None and isinstance(item.get("exact"), str):
            quote = (item["exact"], _text(item.get("prefix")), _text(item.get("suffix")))
        elif "TextPositionSelector" in types and start is None:
            if _offset(item.get("start")) is not None and _offset(item.get("end")) is not None:
                start, end = _offset(item.get("start")), _offset(item.get("end"))
    return quote, start, end


def _offset(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53 else None


def _text(value: object) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str) else ""


# -- Hypothesis -------------------------------------------------------------------------------------------------
def read_hypothesis(document: JSON, name: str) -> ReadAnnotations:
    """The rows of a Hypothesis API search response (or a list of its rows)."""
    rows = document.get("rows") if isinstance(document, dict) else document
    assert isinstance(rows, list)
    if len(rows) > MAX_ANNOTATIONS:
        raise _too_many(name, len(rows))
    read = ReadAnnotations("hypothesis")
    for number, row in enumerate(rows, start=1):
        label = f"row {number}"
        if not isinstance(row, dict):
            read.failed.append(ImportProblem("failed", "not a Hypothesis annotation object", label=label))
            continue
        identifier = row.get("id")
        if isinstance(identifier, str) and identifier:
            label = f"{label} ({shorten(identifier, 40)})"
        read.add(_hypothesis_row(row, label))
    return read


def _hypothesis_row(row: dict[str, object], label: str) -> IncomingAnnotation | ImportProblem:
    references = row.get("references")
    target = _first_specific_target(row.get("target"))
    if target is None:
        what = "a reply" if isinstance(references, list) and references else "a page note or has no quoted text"
        return ImportProblem("failed", f"it is {what} (no TextQuoteSelector)", label=label)
    quote, start, end = _selectors(target.get("selector"))
    assert quote is not None
    uri = _text(row.get("uri")) or _text(target.get("source"))
    aliases = [_text(target.get("source"))]
    document = row.get("document")
    title = ""
    if isinstance(document, dict):
        title = _text(document.get("title"))
        links = document.get("link")
        for link in links[:20] if isinstance(links, list) else []:
            if isinstance(link, dict):
                aliases.append(_text(link.get("href")))
    tags = row.get("tags", [])
    identifier = row.get("id")
    return IncomingAnnotation(
        uuid=HYPOTHESIS_ANNOTATION + identifier if isinstance(identifier, str) and identifier else None,
        exact=quote[0],
        prefix=quote[1],
        suffix=quote[2],
        start=start,
        end=end,
        source=uri,
        source_aliases=tuple(dict.fromkeys(alias for alias in aliases if alias and alias != uri)),
        source_title=title,
        tags=tuple(tags) if isinstance(tags, list) else (),
        note=_text(row.get("text")),
        created=_text(row.get("created")),
        modified=_text(row.get("updated")),
        label=label,
    )
