"""REFI-QDA project import (.qdpx): a QualCoder, ATLAS.ti, MAXQDA or NVivo project (or Lectern's own export)
brought into the library.

- Each plain-text source becomes an article, unless the library already holds its text (the same sha256,
  ``Store.find_duplicate``), in which case the codings land on that article. A new article is stored as a
  plain-text import is: one HTML paragraph per line, through the importers' shared ``build_document``, so its
  canonical text is what the reader shows. Where that text differs from the source's (blank lines, runs of
  spaces), each position is carried across by aligning the two texts character by character.
- Codes become tags: a nested code is ``parent/child`` (a ``/`` inside a code's own name becomes ``-``); a
  code's colour becomes the nearest of Lectern's highlight colours by hue (greys stay without a colour), its
  ``Description`` the tag's description. Details are given only to tags that have none yet.
- Each ``PlainTextSelection`` becomes one highlight carrying every code it is coded with, its ``Description``
  (and any notes it refers to) as the note and its GUID as the highlight's uuid, so a second import of the
  same file creates nothing (``placing.place_annotations`` skips uuids already there). The format has no
  highlight colour: a highlight takes the colour of its first code that has one (itself or through a parent),
  as the window colours highlights by tag, else the default.

Positions are Unicode code points on the text exactly as stored in the zip (a byte-order mark is not text),
as the standard says; ATLAS.ti is the known exception, counting CRLF as one character, and its files are read
so. Sources that are not plain text (PDF, pictures, audio, video, a rich-text file alone, a text kept outside
the project file or in an encoding other than UTF-8/UTF-16) are skipped, each with its reason in the report.

The file is read in memory and never extracted: the zip's member count and declared sizes are checked before
anything is inflated, each member read is capped, and the XML parser loads no DTD, resolves no entities and
touches no network. A file that cannot be read at all raises ``AnnotationFileUnreadable`` before anything is
stored.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.anchoring import CONTEXT_CHARS
from annotations.errors import DuplicateDocument, ImportRefused, InvalidMetadata, InvalidTag
from annotations.importers.document_builder import build_document
from annotations.models import DEFAULT_COLOR, DocumentMetadata, ParsedDocument
from annotations.store import MAX_DOCUMENT_NOTE_CHARS, Store
from annotations.store_tags import MAX_TAG_DESCRIPTION_CHARS
from annotations.tags import tag_and_ancestors
from app.annotation_import.incoming import ImportProblem, IncomingAnnotation
from app.annotation_import.placing import AnnotationImportReport, Progress, place_annotations
from app.annotation_import.qdpx_package import (
    INVISIBLE,
    LINE_BREAK,
    QdpxCode,
    QdpxProject,
    QdpxSource,
    nearest_color,
    read_project,
    selection_label,
    selection_problem,
    source_problem,
)
from app.changes import Applied, Changes
from app.search_index import SearchIndex
from app.undo import UndoHistory

if TYPE_CHECKING:
    from app.documents import Documents

FORMAT = "qdpx"

def read_qdpx(
    path: Path,
    store: Store,
    index: SearchIndex,
    history: UndoHistory,
    progress: Progress | None = None,
    *,
    documents: Documents | None = None,
) -> Applied[AnnotationImportReport]:
    """Import a REFI-QDA project: its texts as articles, its codes as tags, its codings as highlights.

    Raises AnnotationFileUnreadable (nothing stored) when the file cannot be read at all; anything smaller
    (a PDF source, a selection outside its text) is a reason in the report."""
    del documents  # articles are stored as the importers store them, straight through the store
    project = read_project(path)
    failed = list(project.failed)
    notices = list(project.notices)
    articles: list[tuple[QdpxSource, int | ParsedDocument]] = []
    for source in project.sources:  # every source parsed before anything is stored
        try:
            articles.append((source, _article_for(store, source, path)))
        except ImportRefused as refused:
            notices.append(source_problem(source.name, f"not imported: {refused}"))
            failed += [selection_problem(source, s, "its source could not be imported") for s in source.selections]
    incoming: list[IncomingAnnotation] = []
    created: list[int] = []
    for source, article in articles:
        if isinstance(article, ParsedDocument):
            try:
                document_id = store.add_document(article).id
            except DuplicateDocument as duplicate:  # the same text twice in the project, or stored meanwhile
                document_id = duplicate.existing_id
            else:
                created.append(document_id)
                notices += _give_note(store, document_id, source)
        else:
            document_id = article
        incoming += _incoming(source, document_id, store.document(document_id).text, project, failed)
    if created:
        index.changed()
    applied = place_annotations(store, index, history, incoming, progress, failed=failed, path=str(path), format=FORMAT)
    tags_before = {tag.name for tag in store.tags.counts()}
    detailed = _give_tag_details(store, project.codes.values())
    new_tags = {tag.name for tag in store.tags.counts()} - tags_before
    report = replace(
        applied.value,
        documents_created=len(created),
        tags_created=applied.value.tags_created + len(new_tags),
        problems=(*notices, *applied.value.problems),
    )
    changes = applied.changes | Changes(documents=frozenset(created), tags=detailed or bool(applied.value.tags_created))
    return Applied(report, changes)


def _article_for(store: Store, source: QdpxSource, path: Path) -> int | ParsedDocument:
    """The id of the article already holding the source's text, else the article to store; ImportRefused
    when the source has no readable text."""
    for text in dict.fromkeys((source.text, source.text.replace("\r\n", "\n"))):
        existing = store.find_duplicate(text)
        if existing is not None:
            return existing
    parsed = parse_source(source, path)
    existing = store.find_duplicate(parsed.text)
    return parsed if existing is None else existing


def parse_source(source: QdpxSource, path: Path) -> ParsedDocument:
    """The source as a plain-text article: one paragraph per line (lines with tabs as table rows, which keep
    their tabs, so a table Lectern exported comes back as it was), metadata from its variables."""
    lines = [line for line in LINE_BREAK.split(INVISIBLE.sub("", source.text)) if line.strip()]
    body: list[str] = []
    for number, line in enumerate(lines):
        if "\t" not in line:
            body.append(f"<p>{html.escape(line)}</p>")
            continue
        if number == 0 or "\t" not in lines[number - 1]:
            body.append("<table>")
        body.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t")) + "</tr>")
        if number == len(lines) - 1 or "\t" not in lines[number + 1]:
            body.append("</table>")
    metadata = source.metadata
    return build_document(
        Path(f"{source.name or source.guid}.txt"),
        "".join(body),
        format="text",
        title=source.name,
        byline=metadata.get("byline", ""),
        source=metadata.get("source", "") or f"{path.resolve()}#{source.guid}",
        published=metadata.get("published", ""),
        site=metadata.get("site", ""),
    )


def _give_note(store: Store, document_id: int, source: QdpxSource) -> list[ImportProblem]:
    note = source.note.strip()
    if not note:
        return []
    if len(note) > MAX_DOCUMENT_NOTE_CHARS:
        return [source_problem(source.name, f"its note is over {MAX_DOCUMENT_NOTE_CHARS:,} characters; left out")]
    try:
        store.update_document_metadata(document_id, DocumentMetadata(note=note))
    except InvalidMetadata as error:
        return [source_problem(source.name, f"its note was left out: {error}")]
    return []


def _incoming(
    source: QdpxSource,
    document_id: int,
    text: str,
    project: QdpxProject,
    failed: list[ImportProblem],
) -> list[IncomingAnnotation]:
    """The source's selections as annotations on ``text`` (the article's canonical text), each with the
    claims the project links it to."""
    codes = project.codes
    positions = [offset for selection in source.selections for offset in (selection.start, selection.end)]
    mapping = align(source.positions_text, text, positions)
    palette = {code.tag: code.color for code in codes.values() if code.color}
    found: list[IncomingAnnotation] = []
    for selection in source.selections:
        tags = tuple(dict.fromkeys(codes[guid].tag for guid in selection.code_guids if guid in codes))
        colors = [color for tag in tags if (color := _inherited_color(tag, palette))]
        if mapping is not None:
            start, end = mapping[selection.start], mapping[selection.end]
            exact = text[start:end]
            prefix, suffix = text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]
            position: tuple[int | None, int | None] = (start, end)
        else:  # the texts could not be aligned: the quote alone (whitespace as the reader shows it) finds it
            exact = " ".join(source.positions_text[selection.start : selection.end].split())
            prefix = suffix = ""
            position = (None, None)
        if not exact.strip():
            failed.append(selection_problem(source, selection, "it selects no text (only white space)"))
            continue
        found.append(
            IncomingAnnotation(
                uuid=selection.guid,
                exact=exact,
                prefix=prefix,
                suffix=suffix,
                start=position[0],
                end=position[1],
                document_id=document_id,
                tags=tags,
                note=selection.note,
                color=colors[0] if colors else DEFAULT_COLOR,
                created=selection.created,
                modified=selection.modified,
                source_title=source.name,
                label=selection_label(source, selection),
                claims=project.claims.get(selection.guid.lower().strip("{}"), ()),
            )
        )
    return found


def _inherited_color(tag: str, palette: dict[str, str]) -> str:
    """The code's colour, or its nearest ancestor's (as the window colours highlights by tag)."""
    return next((palette[name] for name in reversed(tag_and_ancestors(tag)) if name in palette), "")


def _give_tag_details(store: Store, codes: Iterable[QdpxCode]) -> bool:
    """Give each code's colour and description to its tag where the tag has none; whether any changed."""
    known = {tag.name: tag for tag in store.tags.counts()}
    changed = False
    for code in codes:
        if not code.color and not code.description:
            continue
        tag = known.get(code.tag)
        color = code.color if code.color and not (tag and tag.color) else None
        description = code.description[:MAX_TAG_DESCRIPTION_CHARS] if not (tag and tag.description) else None
        if not description:
            description = None
        if color is None and description is None:
            continue
        try:
            known[code.tag] = store.tags.set_details(code.tag, color=color, description=description)
        except InvalidTag:
            continue  # a name Lectern cannot hold as a tag: its highlights already say why
        changed = True
    return changed


# -- offsets ----------------------------------------------------------------------------------------------------
def _is_space(char: str) -> bool:
    return char.isspace() or char == "\u200b"


def align(source: str, target: str, positions: Sequence[int]) -> dict[int, int] | None:
    """Where each of ``positions`` in ``source`` is in ``target``, a copy of it with white space collapsed and
    invisible characters dropped (as Lectern's canonical text is made); None when the texts do not match so."""
    wanted = sorted(set(positions))
    mapped: dict[int, int] = {}
    k = j = 0
    for i, char in enumerate(source):
        while k < len(wanted) and wanted[k] == i:
            mapped[wanted[k]] = j
            k += 1
        if k == len(wanted):
            return mapped  # nothing more to place (the texts were already checked up to here)
        if j < len(target) and (target[j] == char or (_is_space(char) and _is_space(target[j]))):
            j += 1
        elif not (_is_space(char) or INVISIBLE.match(char)):
            return None
    while k < len(wanted):
        mapped[wanted[k]] = j
        k += 1
    return mapped


# -- colours ----------------------------------------------------------------------------------------------------
# -- reading the file -------------------------------------------------------------------------------------------

__all__ = ["QdpxProject", "align", "nearest_color", "read_project", "read_qdpx"]
