"""How an export is written (format, citation style, grouping) and what it reports back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotations.errors import LecternError

FORMATS = ("markdown", "csv", "xlsx", "jsonld", "qdpx")
SUFFIXES = {"markdown": ".md", "csv": ".csv", "xlsx": ".xlsx", "jsonld": ".jsonld", "qdpx": ".qdpx"}
STYLES = ("chicago-note", "chicago-author-date", "apa", "mla")
GROUPS = ("article", "tag")


class InvalidExport(LecternError):
    """An export that cannot be written as asked (an unknown format or style, an unwritable file)."""


@dataclass(frozen=True)
class ExportOptions:
    """``style``: the citation style for each quote ("" for none; Markdown and CSV); ``group``: the Markdown
    digest's grouping; ``excel``: a byte-order mark before the CSV, so Excel reads it as UTF-8."""

    format: str = "markdown"
    style: str = "chicago-note"
    group: str = "article"
    excel: bool = False

    def check(self) -> None:
        if self.format not in FORMATS:
            raise InvalidExport(f"unknown format “{self.format}” (choose one of {', '.join(FORMATS)})")
        if self.style and self.style not in STYLES:
            raise InvalidExport(f"unknown citation style “{self.style}” (choose one of {', '.join(STYLES)})")
        if self.group not in GROUPS:
            raise InvalidExport(f"unknown grouping “{self.group}” (choose one of {', '.join(GROUPS)})")


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: where, in which format, how much, and how long it took."""

    path: Path
    format: str
    articles: int
    highlights: int
    mentions: int
    bytes: int
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "format": self.format,
            "articles": self.articles,
            "highlights": self.highlights,
            "mentions": self.mentions,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
        }
