"""REFI-QDA project export (.qdpx): the exchange format of QualCoder, ATLAS.ti, MAXQDA and NVivo.

A ``.qdpx`` file is a zip holding ``project.qde`` (QDA-XML 1.0, namespace ``urn:QDA-XML:project:1.0``,
UTF-8 without a byte-order mark) and one plain-text file per article under a lowercase ``sources/``
folder. The project carries:

- ``Users``: one user, the researcher (the operating system's user name), with a GUID derived from it;
- ``CodeBook``: each tag as a code; ``region/iran`` is the code ``iran`` inside the code ``region``, and
  every parent is present; a tag's colour as ``#RRGGBB`` (the reader's highlight colour of that name)
  and its description as the code's ``Description``;
- ``Variables``: Author, Published, Site and URL (or Source file), valued on each source that has them;
- ``Sources``: each article as a ``TextSource`` named by its title, ``plainTextPath`` alone, its note
  (Markdown, as written) as the source's ``Description``; each highlight a ``PlainTextSelection`` whose
  GUID is the highlight's uuid, with its note as the selection's ``Description`` and one ``Coding`` per tag;
- ``Notes``: each claim the highlights are linked to, as a ``Note`` whose GUID is the claim's uuid, named
  "Claim: …", its text as ``PlainTextContent`` and its note as ``Description``;
- ``Links``: one ``Link`` per piece of evidence, from the selection (``originGUID``) to the claim's note
  (``targetGUID``), ``OneWay``, named by its stance (``supports``, ``contradicts`` or ``context``).

Positions are Unicode code points counted on the text exactly as stored in the zip. By default that text
is the article's canonical text unchanged (line feeds only), so a position means the same thing to an
importer that normalises line endings and to one that does not, and Lectern's own offsets are written
as they are. ``crlf=True`` stores CRLF line endings instead (MAXQDA is reported to want them) and
recomputes every position on that stored text.

GUIDs are uuid5 names derived from Lectern's uuids and tag names, so exporting the same library twice
gives the same GUIDs, and an import of the file can recognise what it already holds. Orphaned highlights
(whose passage was lost when the text changed) have no valid position and are left out.
"""

from __future__ import annotations

import bisect
import getpass
import re
import uuid
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from lxml import etree

from annotations.models import HIGHLIGHT_RGB, Annotation, Document, TagCount
from annotations.tags import tag_and_ancestors
from app.exports.atomic import write_atomically
from app.exports.claim_links import ClaimsByHighlight, claims_in
from app.exports.options import ExportOptions
from app.exports.scope import ExportSet

NAMESPACE = "urn:QDA-XML:project:1.0"
PROJECT_MEMBER = "project.qde"
SOURCES_FOLDER = "sources"
ORIGIN = "Lectern"

# The reader's highlight colours, as QDA-XML writes them (#RRGGBB).
COLOR_HEX: dict[str, str] = {name: value.upper() for name, value in HIGHLIGHT_RGB.items()}

# All Lectern GUIDs are uuid5 names in this namespace (fixed forever: changing it changes every GUID).
GUID_NAMESPACE = uuid.UUID("6f1d3c2e-8a57-5b0e-9d43-4c1e7a2b9f60")

# The article metadata written as variables, in this order: (variable name, Document field). The source is
# "URL" for a web address and "Source file" for anything else (the path of the file it was imported from).
METADATA_VARIABLES: tuple[tuple[str, str], ...] = (
    ("Author", "byline"),
    ("Published", "published"),
    ("Site", "site"),
    ("URL", "source"),
    ("Source file", "source"),
)


def metadata_value(document: Document, variable: str, field: str) -> str:
    """The value of one metadata variable for ``document`` ("" when it has none)."""
    value = _clean(getattr(document, field)).strip()
    if field == "source" and (variable == "URL") != value.startswith(("http://", "https://")):
        return ""
    return value


# Characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def guid(kind: str, key: str) -> str:
    """A stable GUID for a thing of ``kind`` named ``key`` (8-4-4-4-12 hex)."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def code_guid(tag: str) -> str:
    return guid("code", tag)


def source_guid(document: Document) -> str:
    return guid("source", document.uuid)


def selection_guid(annotation: Annotation) -> str:
    """The highlight's own uuid (normalised), or a derived one if it is not a uuid."""
    try:
        return str(uuid.UUID(annotation.uuid))
    except ValueError:
        return guid("selection", annotation.uuid)


def coding_guid(annotation: Annotation, tag: str) -> str:
    return guid("coding", f"{annotation.uuid}:{tag}")


def researcher() -> tuple[str, str]:
    """The researcher's name (the OS user name) and a GUID stable for that name."""
    try:
        name = getpass.getuser().strip()
    except Exception:  # getuser raises OSError, KeyError or ImportError depending on the platform
        name = ""
    name = name or "Lectern user"
    return name, guid("user", name)


def stored_text(text: str, crlf: bool) -> tuple[str, list[int]]:
    """The text as written to the zip and, with ``crlf``, the offsets of its line feeds (to shift positions)."""
    if not crlf:
        return text, []
    return text.replace("\n", "\r\n"), [index for index, char in enumerate(text) if char == "\n"]


def shifted(position: int, line_feeds: list[int]) -> int:
    """``position`` in the canonical text as a position in the CRLF text: one more per line feed before it."""
    return position + bisect.bisect_left(line_feeds, position)


def write_qdpx(export_set: ExportSet, path: Path, options: ExportOptions, *, crlf: bool = False) -> None:
    """Write ``export_set`` as a REFI-QDA project to ``path``, whole or not at all."""
    del options  # citation style and grouping mean nothing to a project file
    user_name, user_guid = researcher()
    project, texts = build_project(export_set, user_name, user_guid, crlf=crlf)
    # The declaration written by hand: double quotes, as every importer's own files have it; no byte-order mark.
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(project, encoding="UTF-8", pretty_print=True)

    def write(file: IO[bytes]) -> None:
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as package:
            package.writestr(PROJECT_MEMBER, xml)
            for name, text in texts:
                package.writestr(f"{SOURCES_FOLDER}/{name}", text.encode("utf-8"))

    write_atomically(path, write)


def build_project(
    export_set: ExportSet, user_name: str, user_guid: str, *, crlf: bool = False
) -> tuple[etree._Element, list[tuple[str, str]]]:
    """The ``Project`` element and the source files it refers to: (file name in ``sources/``, text)."""
    project = _element(
        None,
        "Project",
        name=_clean(export_set.title) or "Lectern export",
        origin=ORIGIN,
        creatingUserGUID=user_guid,
        creationDateTime=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    )
    users = _element(project, "Users")
    _element(users, "User", guid=user_guid, name=_clean(user_name))
    tags = _codebook_tags(export_set.tags, export_set.annotations)
    if tags:
        _write_codebook(_element(_element(project, "CodeBook"), "Codes"), tags)
    documents = [item.document for item in export_set.items]
    used = [
        (name, field)
        for name, field in METADATA_VARIABLES
        if any(metadata_value(document, name, field) for document in documents)
    ]
    if used:
        variables = _element(project, "Variables")
        for name, _field in used:
            _element(variables, "Variable", guid=guid("variable", name), name=name, typeOfVariable="Text")
    texts: list[tuple[str, str]] = []
    if export_set.items:
        sources = _element(project, "Sources")
        for item in export_set.items:
            texts.append(_write_source(sources, item.document, item.annotations, used, user_guid, crlf))
    _write_claims(project, export_set, user_guid)
    return project, texts


def claim_note_guid(claim_uuid: str) -> str:
    """The claim's uuid (normalised) as its note's GUID, so an import finds the same claim again."""
    try:
        return str(uuid.UUID(claim_uuid))
    except ValueError:
        return guid("claim", claim_uuid)


def _write_claims(project: etree._Element, export_set: ExportSet, user_guid: str) -> None:
    """Each claim as a ``Note``, each link from a written selection to it as a ``Link`` named by its stance."""
    claims: ClaimsByHighlight = export_set.claims
    lengths = {item.document.id: len(item.document.text) for item in export_set.items}
    written = [a for a in export_set.annotations if a.id in claims and _placed(a, lengths[a.document_id])]
    if not written:
        return
    used = {item.claim.id for annotation in written for item in claims[annotation.id]}
    notes = _element(project, "Notes")
    for claim in claims_in(claims):
        if claim.id not in used:
            continue
        note = _element(
            notes,
            "Note",
            guid=claim_note_guid(claim.uuid),
            name=_clean(_selection_name(f"Claim: {claim.text}")),
            creatingUser=user_guid,
            creationDateTime=_datetime(claim.created),
            modifyingUser=user_guid,
            modifiedDateTime=_datetime(claim.modified),
        )
        if claim.note.strip():
            _text(note, "Description", claim.note)
        _text(note, "PlainTextContent", claim.text)
    links = _element(project, "Links")
    for annotation in written:
        for item in claims[annotation.id]:
            _element(
                links,
                "Link",
                guid=guid("link", f"{item.claim.uuid}:{annotation.uuid}"),
                name=item.stance,
                direction="OneWay",
                originGUID=selection_guid(annotation),
                targetGUID=claim_note_guid(item.claim.uuid),
            )


def _placed(annotation: Annotation, text_length: int) -> bool:
    """Whether the highlight is written as a selection (an orphan's offsets fit no text: it is left out)."""
    return not annotation.orphaned and 0 <= annotation.start <= annotation.end <= text_length


def _codebook_tags(tags: Iterable[TagCount], annotations: Iterable[Annotation]) -> dict[str, TagCount]:
    """Every tag by name, each with all its ancestors (a tag the set did not list gets no details)."""
    known = {tag.name: tag for tag in tags}
    names = set(known)
    for annotation in annotations:
        names.update(annotation.tags)
    complete: set[str] = set()
    for name in names:
        complete.update(tag_and_ancestors(name))
    return {name: known.get(name, TagCount(name, 0)) for name in sorted(complete)}


def _write_codebook(codes: etree._Element, tags: dict[str, TagCount]) -> None:
    elements: dict[str, etree._Element] = {}
    for name in sorted(tags, key=lambda tag: (tag.count("/"), tag)):  # parents before children
        tag = tags[name]
        parent_name, _, leaf = name.rpartition("/")
        parent = elements[parent_name] if parent_name else codes
        attributes = {"guid": code_guid(name), "name": _clean(leaf), "isCodable": "true"}
        if tag.color in COLOR_HEX:
            attributes["color"] = COLOR_HEX[tag.color]
        code = _element(parent, "Code", **attributes)
        if tag.description.strip():
            _text(code, "Description", tag.description)
        elements[name] = code


def _write_source(
    sources: etree._Element,
    document: Document,
    annotations: Iterable[Annotation],
    variables: list[tuple[str, str]],
    user_guid: str,
    crlf: bool,
) -> tuple[str, str]:
    source_id = source_guid(document)
    file_name = f"{source_id}.txt"
    text, line_feeds = stored_text(document.text, crlf)
    source = _element(
        sources,
        "TextSource",
        guid=source_id,
        name=_clean(document.title) or "Untitled",
        plainTextPath=f"internal://{file_name}",
        creatingUser=user_guid,
        creationDateTime=_datetime(document.imported_at),
    )
    if document.note.strip():
        _text(source, "Description", document.note)
    for annotation in annotations:
        if annotation.orphaned or not 0 <= annotation.start <= annotation.end <= len(document.text):
            continue  # its offsets no longer point at its passage (``_placed`` says the same for claim links)
        selection = _element(
            source,
            "PlainTextSelection",
            guid=selection_guid(annotation),
            name=_clean(_selection_name(annotation.exact)),
            startPosition=str(shifted(annotation.start, line_feeds)),
            endPosition=str(shifted(annotation.end, line_feeds)),
            creatingUser=user_guid,
            creationDateTime=_datetime(annotation.created),
            modifyingUser=user_guid,
            modifiedDateTime=_datetime(annotation.modified),
        )
        if annotation.note.strip():
            _text(selection, "Description", annotation.note)
        for tag in annotation.tags:
            coding = _element(
                selection,
                "Coding",
                guid=coding_guid(annotation, tag),
                creatingUser=user_guid,
                creationDateTime=_datetime(annotation.modified),
            )
            _element(coding, "CodeRef", targetGUID=code_guid(tag))
    for name, field in variables:
        value = metadata_value(document, name, field)
        if value:
            variable_value = _element(source, "VariableValue")
            _element(variable_value, "VariableRef", targetGUID=guid("variable", name))
            _text(variable_value, "TextValue", value)
    return file_name, text


def _selection_name(exact: str, limit: int = 60) -> str:
    """A short label for the selection (importers show it in lists): the start of its quote."""
    words = " ".join(exact.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _datetime(stamp: str) -> str:
    """A stored timestamp as an xsd:dateTime (UTC, whole seconds); now when it cannot be read."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        moment = datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _clean(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", value or "")


def _element(parent: etree._Element | None, local_name: str, /, **attributes: str) -> etree._Element:
    tag = f"{{{NAMESPACE}}}{local_name}"
    if parent is None:
        return etree.Element(tag, attributes, nsmap={None: NAMESPACE})
    return etree.SubElement(parent, tag, attributes)


def _text(parent: etree._Element, local_name: str, value: str) -> etree._Element:
    element = _element(parent, local_name)
    element.text = _clean(value)
    return element
