"""PDF files: the text layer rebuilt into headings and paragraphs, with title, author and date from the PDF.

Only the text is imported (no images, no layout). A PDF without a text layer (a scan) is refused
with a hint to run OCR; so are password-protected, truncated and damaged files, and files that
would cost more to read than any real document (see ``pdf_limits``).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
import re
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, LimitReachedError

from annotations.errors import ImportRefused
from annotations.importers.document_builder import build_document
from annotations.importers.pdf_layout import Page, TextBlock, rebuild
from annotations.importers.pdf_limits import MAX_PAGES, MAX_PDF_BYTES, BudgetExceeded, ReadingBudget, pypdf_limits
from annotations.importers.pdf_text import extract_pages
from annotations.models import ParsedDocument

__all__ = ["MAX_PDF_BYTES", "parse_pdf"]

# pypdf logs every repair it makes to a damaged file, with tracebacks; Lectern reports the outcome instead.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

_HEADER_WINDOW = 1024  # "%PDF-" must start within the first kilobyte
_TRAILER_WINDOW = 16 * 1024  # and "%%EOF" end the file, give or take some padding
_UNREADABLE_SHARE = 0.25
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_JUNK_TITLE = re.compile(
    r"^(?:untitled|title|document\d*|slide \d+|microsoft word\b.*|.*\.(?:docx?|pdf|rtf|odt|indd|qxd|tex|dvi|pptx?|xlsx?))$",
    re.IGNORECASE,
)


def parse_pdf(path: Path, data: bytes) -> ParsedDocument:
    """Import the text of the PDF ``data``; raises ImportRefused with a one-line reason naming the file."""
    name = path.name
    budget = ReadingBudget(len(data))
    try:
        with pypdf_limits():
            reader = _open(data, name)
            metadata = _metadata(reader)
            page_count = _page_count(reader, name)
            pages = extract_pages(reader, budget)
    except BudgetExceeded as error:
        raise ImportRefused(f"{name}: {error}") from error
    except DependencyError as error:
        raise ImportRefused(f"{name}: {_missing_dependency(error)}") from error
    except (MemoryError, RecursionError, LimitReachedError) as error:
        raise ImportRefused(f"{name}: the PDF is over Lectern's safety limits ({type(error).__name__})") from error
    rebuilt = rebuild(pages)
    _refuse_without_text(pages, rebuilt.blocks, name, page_count)
    return build_document(
        path,
        _render(rebuilt.blocks),
        format="pdf",
        title=metadata["title"] or rebuilt.first_page_title,
        byline=metadata["author"],
        published=metadata["published"],
    )


def _open(data: bytes, name: str) -> PdfReader:
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise ImportRefused(f"{name}: not a PDF file (no PDF header)")
    if b"%%EOF" not in data[-_TRAILER_WINDOW:]:
        raise ImportRefused(f"{name}: the PDF is truncated (its end is missing); download or copy it again")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except (DependencyError, MemoryError):
        raise
    except Exception as error:  # noqa: BLE001 - pypdf's errors for a broken file are many and untyped
        raise ImportRefused(f"{name}: the PDF is damaged and cannot be read ({_reason(error)})") from error
    if encrypted:
        _decrypt(reader, name)
    return reader


def _decrypt(reader: PdfReader, name: str) -> None:
    """Open a PDF encrypted without a user password (common: "no printing" files); refuse one that has one."""
    try:
        result = reader.decrypt("")
    except (DependencyError, MemoryError):
        raise
    except Exception as error:  # noqa: BLE001
        raise ImportRefused(f"{name}: the PDF's encryption cannot be read ({_reason(error)})") from error
    if result == PasswordType.NOT_DECRYPTED:
        raise ImportRefused(
            f"{name}: the PDF is protected by a password; open it in a PDF viewer and save a copy without one"
        )


def _page_count(reader: PdfReader, name: str) -> int:
    """The number of pages, refusing more than MAX_PAGES: first as declared (cheap), then as counted."""
    try:
        declared = reader.trailer["/Root"]["/Pages"]["/Count"]
    except Exception:  # noqa: BLE001 - a damaged page tree is found out below
        declared = 0
    if isinstance(declared, int) and declared > MAX_PAGES:
        raise ImportRefused(f"{name}: {declared:,} pages is over the {MAX_PAGES:,}-page import limit")
    try:
        count = len(reader.pages)
    except (DependencyError, MemoryError, LimitReachedError):
        raise
    except Exception as error:  # noqa: BLE001
        raise ImportRefused(f"{name}: the PDF's page list is damaged ({_reason(error)})") from error
    if count > MAX_PAGES:
        raise ImportRefused(f"{name}: {count:,} pages is over the {MAX_PAGES:,}-page import limit")
    return count


def _refuse_without_text(pages: list[Page], blocks: list[TextBlock], name: str, page_count: int) -> None:
    """Refuse a scan (no text, or nothing but page numbers), pages that all failed, and undecodable fonts."""
    text = "".join(block.text for block in blocks if block.kind != "note")
    if not text.strip():
        if page_count and all(page.skipped for page in pages):
            raise ImportRefused(f"{name}: no page could be read ({pages[0].skipped})")
        raise ImportRefused(f"{name}: no text layer (a scanned PDF? run OCR first)")
    letters = [char for char in text if not char.isspace()]
    unreadable = sum(1 for char in letters if _unreadable(char))
    if unreadable > _UNREADABLE_SHARE * len(letters):
        raise ImportRefused(f"{name}: the text layer is unreadable (its fonts do not say which letters they draw)")


def _unreadable(char: str) -> bool:
    """Control characters, private-use code points and U+FFFD: what glyph codes without a Unicode map become."""
    code = ord(char)
    return code < 32 or 0x7F <= code <= 0x9F or 0xE000 <= code <= 0xF8FF or char == "\ufffd"


def _render(blocks: list[TextBlock]) -> str:
    parts = []
    for block in blocks:
        text = html.escape(block.text)
        if block.kind == "heading":
            parts.append(f"<h{block.level}>{text}</h{block.level}>")
        elif block.kind == "note":
            parts.append(f"<p><em>{text}</em></p>")
        else:
            parts.append(f"<p>{text}</p>")
    return "\n".join(parts)


# -- metadata ----------------------------------------------------------------------------------------
def _metadata(reader: PdfReader) -> dict[str, str]:
    """Title, author and creation date from the document information dictionary; "" for what is missing."""
    try:
        info = reader.metadata
        values = {key: _text(info.get(key)) if info else "" for key in ("/Title", "/Author", "/CreationDate")}
    except (DependencyError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - a damaged information dictionary costs the metadata, not the import
        values = {}
    title = values.get("/Title", "")
    return {
        "title": "" if _JUNK_TITLE.match(title) else title,
        "author": values.get("/Author", ""),
        "published": pdf_date(values.get("/CreationDate", "")),
    }


def _text(value: object) -> str:
    if value is None:
        return ""
    getter = getattr(value, "get_object", None)
    value = getter() if getter is not None else value
    return " ".join(str(value).replace("\x00", "").split())[:1000]


def pdf_date(value: str) -> str:
    """A PDF date ("D:20240506120000+02'00'") as an ISO date ("2024-05-06"); "" when it is not one."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day = match.groups()
    try:
        date = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return ""
    if day:
        return date.isoformat()
    return f"{date:%Y-%m}" if month else f"{date:%Y}"


def _missing_dependency(error: DependencyError) -> str:
    if "AES" in str(error) or "cryptography" in str(error):
        return (
            "the PDF is encrypted with AES, which needs the 'cryptography' package; "
            "save an unprotected copy, or install it"
        )
    return f"reading this PDF needs a package Lectern does not have ({_reason(error)})"


def _reason(error: Exception) -> str:
    message = " ".join(str(error).split())[:120]
    return message or type(error).__name__
