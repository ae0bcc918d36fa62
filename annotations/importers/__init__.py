"""Turning files on disk into ParsedDocuments: one function per format, one entry point."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from annotations.errors import ImportRefused
from annotations.importers.docx_package import MAX_DOCX_BYTES
from annotations.importers.markdown_format import parse_markdown
from annotations.importers.pdf_limits import MAX_PDF_BYTES
from annotations.importers.source_file import MAX_IMPORT_BYTES, decode_text, read_source
from annotations.importers.text_format import parse_plain_text
from annotations.language import detect_language
from annotations.models import ParsedDocument

TextParser = Callable[[Path, str], ParsedDocument]
BytesParser = Callable[[Path, bytes], ParsedDocument]


@dataclass(frozen=True)
class FileFormat:
    """How one kind of file is imported: a parser of the file's bytes and the largest file it accepts."""

    parse: BytesParser
    max_bytes: int = MAX_IMPORT_BYTES


def _text_format(parser: TextParser, *, html: bool = False) -> FileFormat:
    """A text format: the bytes are decoded (refusing binary data) before ``parser`` sees them."""

    def parse(path: Path, data: bytes) -> ParsedDocument:
        return parser(path, decode_text(data, path.name, html=html))

    return FileFormat(parse)


def _imported_on_first_use(module: str, function: str) -> Callable[[Path, Any], ParsedDocument]:
    """A parser whose module is imported when a file first needs it.

    pypdf, python-docx and readability take ~0.4 s to import; starting the app or the CLI only needs
    SUPPORTED_SUFFIXES.
    """

    def parse(path: Path, content: Any) -> ParsedDocument:
        parser: Callable[[Path, Any], ParsedDocument] = getattr(importlib.import_module(module), function)
        return parser(path, content)

    return parse


_MARKDOWN = _text_format(parse_markdown)
_TEXT = _text_format(parse_plain_text)
_HTML = _text_format(_imported_on_first_use("annotations.importers.html_format", "parse_html"), html=True)
_FORMATS: dict[str, FileFormat] = {
    ".md": _MARKDOWN,
    ".markdown": _MARKDOWN,
    ".txt": _TEXT,
    ".text": _TEXT,
    ".html": _HTML,
    ".htm": _HTML,
    # Reports with images or scanned annexes pass 20 MB; only their text is read, so they may be larger.
    ".pdf": FileFormat(_imported_on_first_use("annotations.importers.pdf_format", "parse_pdf"), MAX_PDF_BYTES),
    ".docx": FileFormat(_imported_on_first_use("annotations.importers.docx_format", "parse_docx"), MAX_DOCX_BYTES),
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_FORMATS)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in _FORMATS


def parse_file(path: Path) -> ParsedDocument:
    """Read and parse one file; raises ImportRefused with a message naming the file."""
    file_format = _FORMATS.get(path.suffix.lower())
    if file_format is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise ImportRefused(f"{path.name}: unsupported file type (Lectern imports {supported})")
    data = read_source(path, max_bytes=file_format.max_bytes)
    try:
        parsed = file_format.parse(path, data)
    except ImportRefused:
        raise
    except (ValueError, RecursionError, UnicodeError) as error:
        raise ImportRefused(f"{path.name}: could not be parsed ({error})") from error
    # Detected here, in the import worker, so that a thousand files are detected in parallel.
    return replace(parsed, language=parsed.language or detect_language(parsed.text))


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and for folders every supported file inside them (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(child for child in path.rglob("*") if child.is_file() and is_supported(child))
        else:
            yield path
