"""Plain data objects shared by the store, the index and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field

HIGHLIGHT_COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "orange")
# How each highlight colour looks (the reader's marks, the tag tree, exported codebooks).
HIGHLIGHT_RGB: dict[str, str] = {
    "yellow": "#ffe066",
    "green": "#9be59a",
    "blue": "#9fd0ff",
    "pink": "#ffb3d6",
    "orange": "#ffbf73",
}
DEFAULT_COLOR = HIGHLIGHT_COLORS[0]
HIGHLIGHT_STYLES: tuple[str, ...] = ("highlight", "underline")
DEFAULT_STYLE = HIGHLIGHT_STYLES[0]


@dataclass(frozen=True)
class ParsedDocument:
    """An imported file turned into sanitised HTML, its canonical text and metadata; not yet stored."""

    title: str
    html: str
    text: str
    format: str
    byline: str = ""
    source: str = ""
    published: str = ""
    site: str = ""  # the publication or website ("Reuters", "RAND"), when the file says
    warnings: tuple[str, ...] = ()
    language: str = ""  # ISO 639-1, detected in the import worker (annotations.language); "" = detect on storing  # what was read leniently (e.g. front matter that is not valid YAML)


@dataclass(frozen=True)
class Document:
    id: int
    uuid: str
    title: str
    byline: str
    source: str
    published: str
    imported_at: str
    format: str
    html: str
    text: str
    sha256: str
    site: str = ""
    note: str = ""  # the researcher's Markdown note on the whole article
    language: str = ""  # ISO 639-1 code; "" when not known (annotations.language)
    copy_of: int | None = None  # the earliest article of the same story, when this one is a near-copy of it
    copy_similarity: float | None = None  # how much of the text is the same as copy_of's (0..1)


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the library list: what is shown without loading the text."""

    id: int
    title: str
    byline: str
    source: str
    published: str
    imported_at: str
    chars: int
    highlights: int
    language: str = ""
    copy_of: int | None = None
    copy_similarity: float | None = None


@dataclass(frozen=True)
class DocumentMetadata:
    """The fields of an article a researcher may correct after import; ``None`` leaves one as it is."""

    title: str | None = None
    byline: str | None = None
    published: str | None = None
    source: str | None = None
    site: str | None = None
    note: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Annotation:
    """A highlight: a TextPositionSelector (start, end) and a TextQuoteSelector (exact, prefix, suffix)."""

    id: int
    uuid: str
    document_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    color: str
    note: str
    created: str
    modified: str
    tags: tuple[str, ...] = field(default_factory=tuple)
    style: str = DEFAULT_STYLE  # "highlight" (a background) or "underline"
    orphaned: bool = False  # its passage could not be found after the text changed; start/end are stale
    # A team library's (PostgreSQL) roles: who made it and last changed it, and who may see it ("team" or
    # "private"). A personal library has one reader: "" and "" and "team".
    creator: str = ""
    modified_by: str = ""
    visibility: str = "team"


@dataclass(frozen=True)
class TagCount:
    """A tag with the number of highlights that carry it, its colour (or "") and description."""

    name: str
    count: int
    color: str = ""
    description: str = ""


@dataclass(frozen=True)
class Reanchoring:
    """What happened to a document's highlights when a new version of its text replaced the old one."""

    document_id: int
    kept: tuple[int, ...] = ()
    moved: tuple[int, ...] = ()
    fuzzy: tuple[int, ...] = ()
    orphaned: tuple[int, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "document_id": self.document_id,
            "kept": len(self.kept),
            "moved": len(self.moved),
            "fuzzy": len(self.fuzzy),
            "orphaned": len(self.orphaned),
            "orphans": list(self.orphaned),
        }


STANCES: tuple[str, ...] = ("supports", "contradicts", "context")  # how a highlight bears on a claim


@dataclass(frozen=True)
class Claim:
    """A short statement weighed against evidence: highlights linked to it with a stance."""

    id: int
    uuid: str
    text: str
    note: str
    created: str
    modified: str
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ClaimLink:
    """One piece of evidence: a highlight that supports, contradicts or gives context to a claim."""

    claim_id: int
    annotation_id: int
    stance: str
    created: str
