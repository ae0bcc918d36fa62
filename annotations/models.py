"""Plain data objects shared by the store, the index and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field

HIGHLIGHT_COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "orange")
DEFAULT_COLOR = HIGHLIGHT_COLORS[0]


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


@dataclass(frozen=True)
class DocumentMetadata:
    """The fields of an article a researcher may correct after import; ``None`` leaves one as it is."""

    title: str | None = None
    byline: str | None = None
    published: str | None = None
    source: str | None = None
    site: str | None = None
    note: str | None = None


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


@dataclass(frozen=True)
class TagCount:
    name: str
    count: int
