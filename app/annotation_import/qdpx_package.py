"""Reading a REFI-QDA project file (.qdpx) safely into plain data: codes, sources and their selections.

The file is read in memory and never extracted: the zip's member count and declared sizes are checked before
anything is inflated, each member read is capped, and the XML parser loads no DTD, resolves no entities and
touches no network. What cannot be used is listed with its reason; ``app.annotation_import.qdpx`` turns the
rest into articles, tags and highlights.
"""

from __future__ import annotations

import colorsys
import re
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from annotations.models import HIGHLIGHT_RGB
from annotations.tags import normalize_tag
from app.annotation_import.incoming import AnnotationFileUnreadable, ImportProblem, IncomingClaim, shorten
from app.annotation_import.qdpx_claims import read_claim_links

MAX_MEMBERS = 10_000
MAX_INFLATED_BYTES = 2 * 1024**3  # everything the zip declares, media included (only text is ever inflated)
MAX_PROJECT_BYTES = 64 * 1024**2  # project.qde
MAX_SOURCE_BYTES = 20 * 1024**2  # one source's or note's text file
MAX_READ_BYTES = 256 * 1024**2  # all that is inflated, together (everything is held in memory at once)
MAX_RATIO = 200  # text compresses about 3-10:1; far more is a repeated pattern (a zip bomb)
_RATIO_CHECKED_FROM = 4 * 1024**2
MAX_TEXT_CHARS = 5_000_000  # as for PDFs and Word files: about 2,500 pages
_MB = 1024**2

_NAMESPACE_PREFIX = "urn:QDA-XML:project:"
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0\ufdd1\ufeff\ufffc]")  # as annotations/blocks.py
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SKIPPED_KINDS = {
    "PDFSource": "a PDF source (Lectern imports the plain-text sources of a project)",
    "PictureSource": "a picture",
    "AudioSource": "an audio recording",
    "VideoSource": "a video",
}
# Variables whose values are article metadata, by lower-case name.
_METADATA_NAMES = {
    "byline": ("author", "authors", "byline", "creator"),
    "published": ("published", "date", "publication date", "published date"),
    "site": ("site", "publication", "publisher", "outlet"),
    "source": ("url", "source", "link", "source url", "source file"),
}


# -- what a project file holds ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class QdpxCode:
    guid: str
    tag: str  # Lectern's name for it: the path of names from the top code, "/"-separated
    color: str  # a Lectern colour name, or ""
    description: str


@dataclass(frozen=True)
class QdpxSelection:
    guid: str
    start: int
    end: int
    code_guids: tuple[str, ...]
    note: str
    created: str
    modified: str


@dataclass(frozen=True)
class QdpxSource:
    guid: str
    name: str
    text: str  # as stored in the zip, without a byte-order mark
    positions_text: str  # the text positions are counted on (``text``, or ATLAS.ti's with CRLF as one)
    note: str
    metadata: dict[str, str]
    selections: tuple[QdpxSelection, ...]


@dataclass(frozen=True)
class QdpxProject:
    origin: str
    codes: dict[str, QdpxCode]
    sources: tuple[QdpxSource, ...]
    failed: tuple[ImportProblem, ...] = ()  # selections that cannot be used (counted as failed)
    notices: tuple[ImportProblem, ...] = ()  # sources skipped and parts left out (listed, not counted)
    claims: dict[str, tuple[IncomingClaim, ...]] = field(default_factory=dict)  # by selection GUID (lower case)


# -- the use case -----------------------------------------------------------------------------------------------
_HEX_COLOR = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def nearest_color(value: str | None) -> str:
    """The Lectern highlight colour nearest in hue to ``#RRGGBB`` (or ``#RGB``); "" for greys and unreadable values."""
    match = _HEX_COLOR.fullmatch((value or "").strip())
    if match is None:
        return ""
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    exact = {hex_value.lower(): name for name, hex_value in HIGHLIGHT_RGB.items()}.get(f"#{digits.lower()}")
    if exact:
        return exact
    hue, saturation, value_ = _hsv(digits)
    if saturation < 0.12 or value_ < 0.15:
        return ""  # black, white and greys carry no hue to match
    return min(HIGHLIGHT_RGB, key=lambda name: _hue_distance(hue, _hsv(HIGHLIGHT_RGB[name][1:])[0]))


def _hsv(digits: str) -> tuple[float, float, float]:
    red, green, blue = (int(digits[index : index + 2], 16) / 255 for index in (0, 2, 4))
    return colorsys.rgb_to_hsv(red, green, blue)


def _hue_distance(first: float, second: float) -> float:
    distance = abs(first - second) % 1.0
    return min(distance, 1.0 - distance)


class _MemberUnusable(Exception):
    """One file inside the project cannot be read (too big, damaged, encrypted); its message says why."""


@dataclass
class _Reader:
    """One open project file: its members by name, its namespace, and what reading it turned up."""

    path: Path
    package: zipfile.ZipFile
    ns: str = ""
    inflated: int = 0  # bytes read so far
    failed: list[ImportProblem] = field(default_factory=list)
    notices: list[ImportProblem] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A member with an empty name is no file (zipfile's own is_dir() fails on it): left out like folders.
        self.members = {info.filename: info for info in self.package.infolist() if info.filename and not info.is_dir()}
        self.lower = {name.lower(): info for name, info in self.members.items()}

    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def member(self, reference: str) -> zipfile.ZipInfo | None:
        """The member an ``internal://NAME`` reference names: under ``sources/`` (any case) or at the root."""
        name = reference[len("internal://") :].lstrip("/")
        for candidate in dict.fromkeys((name, unquote(name))):
            for full in (f"sources/{candidate}", f"Sources/{candidate}", candidate):
                if full in self.members:
                    return self.members[full]
            for full in (f"sources/{candidate}", candidate):
                if full.lower() in self.lower:
                    return self.lower[full.lower()]
        return None

    def read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """A member's bytes, in memory; _MemberUnusable past ``limit`` or for a damaged member."""
        if info.file_size > limit:
            raise _MemberUnusable(
                f"{info.filename} inflates to {info.file_size / _MB:,.0f} MB, over the {limit // _MB} MB limit"
            )
        if info.file_size > _RATIO_CHECKED_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _MemberUnusable(
                f"{info.filename} inflates {info.file_size // max(info.compress_size, 1):,} times (a zip bomb?)"
            )
        try:
            with self.package.open(info) as member:
                data = member.read(limit + 1)
        except RuntimeError as error:  # an encrypted member
            raise _MemberUnusable(f"{info.filename} is encrypted") from error
        except zlib.error as error:  # its own words ("Error -3 while decompressing data") mean nothing to a user
            raise _MemberUnusable(f"{info.filename} is damaged (its compressed data is corrupt)") from error
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as error:
            raise _MemberUnusable(f"{info.filename} is damaged ({error})") from error
        if len(data) > limit:
            raise _MemberUnusable(f"{info.filename} is larger than the {limit // _MB} MB limit")
        self.inflated += len(data)
        if self.inflated > MAX_READ_BYTES:
            raise AnnotationFileUnreadable(
                f"{self.path.name}: its texts add up to more than {MAX_READ_BYTES // _MB} MB, the limit for one import"
            )
        return data


def read_project(path: Path) -> QdpxProject:
    """Everything a .qdpx file says that Lectern can use; AnnotationFileUnreadable when it cannot be read."""
    name = path.name
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise AnnotationFileUnreadable(f"{name}: not a REFI-QDA project (.qdpx): it is not a zip archive") from None
    except NotImplementedError:  # zipfile: "zip file version 19.2", a header naming a zip format it lacks
        raise AnnotationFileUnreadable(f"{name}: the file is damaged (its zip headers name an unknown zip version)") from None
    except OSError as error:
        raise AnnotationFileUnreadable(f"{name}: cannot be read ({error.strerror or error})") from None
    with package:
        try:
            return _read_package(_Reader(path, package))
        except _MemberUnusable as refused:  # project.qde itself
            raise AnnotationFileUnreadable(f"{name}: {refused}") from None


def _read_package(reader: _Reader) -> QdpxProject:
    name = reader.path.name
    infos = reader.package.infolist()
    if len(infos) > MAX_MEMBERS:
        raise AnnotationFileUnreadable(f"{name}: {len(infos):,} files inside is over the {MAX_MEMBERS:,}-file limit")
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_INFLATED_BYTES:
        raise AnnotationFileUnreadable(
            f"{name}: its contents inflate to {inflated / 1024**3:,.1f} GB, over the {MAX_INFLATED_BYTES // 1024**3} GB limit"
        )
    project = reader.members.get("project.qde")
    if project is None:
        at_root = [info for key, info in reader.members.items() if "/" not in key and key.lower().endswith(".qde")]
        if len(at_root) != 1:
            raise AnnotationFileUnreadable(f"{name}: no project.qde inside; it is not a REFI-QDA project (.qdpx)")
        project = at_root[0]
    root = _parse_xml(reader.read(project, MAX_PROJECT_BYTES), name)
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if not namespace.startswith(_NAMESPACE_PREFIX) or etree.QName(root).localname != "Project":
        raise AnnotationFileUnreadable(
            f"{name}: project.qde is not a REFI-QDA project (it holds <{etree.QName(root).localname}>)"
        )
    reader.ns = namespace
    codes: dict[str, QdpxCode] = {}
    codebook = root.find(f"{reader.q('CodeBook')}/{reader.q('Codes')}")
    if codebook is not None:
        _read_codes(reader, codebook, (), codes)
    notes = _read_notes(reader, root)
    variables = {
        variable.get("guid", ""): (variable.get("name") or "").strip().lower()
        for variable in root.iterfind(f"{reader.q('Variables')}/{reader.q('Variable')}")
    }
    origin = root.get("origin") or ""
    sources: list[QdpxSource] = []
    dangling = 0
    for element in root.iterfind(f"{reader.q('Sources')}/*"):
        if not isinstance(element.tag, str):
            continue
        kind = etree.QName(element).localname
        if kind != "TextSource":
            _skip(reader, element, _SKIPPED_KINDS.get(kind, f"a {kind}, which Lectern cannot import"))
            continue
        source = _read_text_source(reader, element, notes, variables, origin)
        if source is not None:
            sources.append(source)
            dangling += sum(1 for s in source.selections for guid in s.code_guids if guid not in codes)
    if dangling:
        reader.notices.append(
            ImportProblem(
                "failed", f"{dangling} coding(s) name a code that is not in the codebook; left out", label=name
            )
        )
    claims = read_claim_links(root, reader.q)
    return QdpxProject(origin, codes, tuple(sources), tuple(reader.failed), tuple(reader.notices), claims)


def _parse_xml(raw: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        raise AnnotationFileUnreadable(f"{name}: project.qde is not well-formed XML ({error.msg})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise AnnotationFileUnreadable(f"{name}: project.qde declares a DTD, which a REFI-QDA project never needs")
    return root


def _text_of(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _read_codes(reader: _Reader, parent: etree._Element, path: tuple[str, ...], codes: dict[str, QdpxCode]) -> None:
    for code in parent.iterfind(reader.q("Code")):
        guid = (code.get("guid") or "").strip()
        part = normalize_tag((code.get("name") or "").replace("/", "-")) or f"code-{guid[:8] or len(codes) + 1}"
        tag = "/".join((*path, part))
        if guid and guid not in codes:
            description = _text_of(code.find(reader.q("Description"))).strip()
            codes[guid] = QdpxCode(guid, tag, nearest_color(code.get("color")), description)
        _read_codes(reader, code, (*path, part), codes)


def _read_notes(reader: _Reader, root: etree._Element) -> dict[str, str]:
    """Each ``Note``'s text by GUID (inline, in its own file, or its description)."""
    notes: dict[str, str] = {}
    for note in root.iterfind(f"{reader.q('Notes')}/{reader.q('Note')}"):
        text = _text_of(note.find(reader.q("PlainTextContent")))
        reference = note.get("plainTextPath") or ""
        if not text and reference.startswith("internal://"):
            info = reader.member(reference)
            if info is not None:
                try:
                    text = _decode(reader.read(info, MAX_SOURCE_BYTES)) or ""
                except _MemberUnusable:
                    text = ""
        notes[note.get("guid", "")] = (text or _text_of(note.find(reader.q("Description")))).strip()
    return notes


def _skip(reader: _Reader, element: etree._Element, why: str) -> None:
    """A source Lectern does not import: one notice, and each of its selections counted as failed."""
    name = element.get("name") or element.get("guid") or "a source"
    reader.notices.append(source_problem(name, f"skipped: {why}"))
    for selection in element.iter():
        if isinstance(selection.tag, str) and etree.QName(selection).localname.endswith("Selection"):
            reader.failed.append(
                ImportProblem("failed", f"its source was skipped: {why}", label=f"“{name}” {selection.get('guid', '')}")
            )


def _read_text_source(
    reader: _Reader, element: etree._Element, notes: dict[str, str], variables: dict[str, str], origin: str
) -> QdpxSource | None:
    name = " ".join((element.get("name") or "").split()) or element.get("guid", "")
    guid = element.get("guid") or name
    inline = element.find(reader.q("PlainTextContent"))
    reference = (element.get("plainTextPath") or "").strip()
    if inline is not None:
        text: str | None = _text_of(inline)
    elif reference.startswith("internal://"):
        info = reader.member(reference)
        if info is None:
            _skip(reader, element, f"its text {reference} is missing from the file")
            return None
        try:
            text = _decode(reader.read(info, MAX_SOURCE_BYTES))
        except _MemberUnusable as refused:
            _skip(reader, element, str(refused))
            return None
        if text is None:
            _skip(reader, element, "its text is not UTF-8 (or UTF-16 with a byte-order mark); save it as UTF-8")
            return None
    elif reference:
        _skip(reader, element, f"its text is kept outside the project file ({reference})")
        return None
    elif element.get("richTextPath"):
        _skip(reader, element, "only a rich-text version is included (Lectern reads a source's plain text)")
        return None
    else:
        _skip(reader, element, "it has no text")
        return None
    if not text.strip():
        _skip(reader, element, "its text is empty")
        return None
    if len(text) > MAX_TEXT_CHARS:
        _skip(reader, element, f"its text is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}")
        return None
    positions_text = text.replace("\r\n", "\n") if "atlas.ti" in origin.lower() else text
    note = _joined(_text_of(element.find(reader.q("Description"))), _referred(reader, element, notes))
    source = QdpxSource(guid, name, text, positions_text, note, _metadata(reader, element, variables), ())
    selections = []
    for selection in element.iterfind(reader.q("PlainTextSelection")):
        read = _read_selection(reader, selection, notes, len(positions_text))
        if isinstance(read, str):
            reader.failed.append(ImportProblem("failed", read, label=f"“{name}” {selection.get('guid', '')}".strip()))
        else:
            selections.append(read)
    whole = len(element.findall(reader.q("Coding")))
    if whole:
        reader.notices.append(
            source_problem(name, f"{whole} code(s) on the whole source left out (Lectern tags passages, not articles)")
        )
    return replace(source, selections=tuple(selections))


def _read_selection(
    reader: _Reader, element: etree._Element, notes: dict[str, str], length: int
) -> QdpxSelection | str:
    """The selection, or the reason it cannot be used."""
    try:
        start, end = int(element.get("startPosition", "")), int(element.get("endPosition", ""))
    except ValueError:
        return "its position is not a pair of numbers"
    if not 0 <= start < end <= length:
        return f"its position {start}–{end} is outside its source's text (0–{length})"
    code_guids = tuple(
        (reference.get("targetGUID") or "").strip()
        for coding in element.iterfind(reader.q("Coding"))
        for reference in coding.iterfind(reader.q("CodeRef"))
    )
    note = _joined(_text_of(element.find(reader.q("Description"))), _referred(reader, element, notes))
    created = element.get("creationDateTime") or ""
    return QdpxSelection(
        guid=(element.get("guid") or "").strip(),
        start=start,
        end=end,
        code_guids=tuple(guid for guid in code_guids if guid),
        note=note,
        created=created,
        modified=element.get("modifiedDateTime") or created,
    )


def _referred(reader: _Reader, element: etree._Element, notes: dict[str, str]) -> str:
    references = [ref.get("targetGUID", "") for ref in element.iterfind(reader.q("NoteRef"))]
    return _joined(*(notes.get(guid, "") for guid in references))


def _joined(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _metadata(reader: _Reader, element: etree._Element, variables: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in element.iterfind(reader.q("VariableValue")):
        reference = value.find(reader.q("VariableRef"))
        variable = variables.get(reference.get("targetGUID", "") if reference is not None else "", "")
        text = " ".join(_text_of(child) for child in value if child is not reference).strip()
        for field_name, names in _METADATA_NAMES.items():
            if variable in names and text and field_name not in found:
                found[field_name] = text
    return found


def _decode(data: bytes) -> str | None:
    """UTF-8 (a byte-order mark dropped: it is not text) or UTF-16 with its byte-order mark; None otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


# -- messages ---------------------------------------------------------------------------------------------------
def selection_label(source: QdpxSource, selection: QdpxSelection) -> str:
    return f"“{shorten(source.name, 60)}” {selection.start}–{selection.end}"


def source_problem(name: str, reason: str) -> ImportProblem:
    """A word on a whole source (listed, not counted: the counts are of annotations)."""
    return ImportProblem("failed", reason, label=f"source “{shorten(name, 80)}”")


def selection_problem(source: QdpxSource, selection: QdpxSelection, reason: str) -> ImportProblem:
    exact = source.positions_text[selection.start : selection.end]
    return ImportProblem("failed", reason, shorten(exact), selection_label(source, selection))



__all__ = [
    "INVISIBLE",
    "LINE_BREAK",
    "MAX_INFLATED_BYTES",
    "MAX_MEMBERS",
    "MAX_PROJECT_BYTES",
    "MAX_RATIO",
    "MAX_READ_BYTES",
    "MAX_SOURCE_BYTES",
    "MAX_TEXT_CHARS",
    "QdpxCode",
    "QdpxProject",
    "QdpxSelection",
    "QdpxSource",
    "nearest_color",
    "read_project",
    "selection_label",
    "selection_problem",
    "source_problem",
]
