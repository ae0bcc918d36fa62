"""Turning files on disk into ParsedDocuments: one function per format, one entry point."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from annotations.errors import ImportRefused
from annotations.importers.html_format import parse_html
from annotations.importers.markdown_format import parse_markdown
from annotations.importers.source_file import decode_text, read_source
from annotations.importers.text_format import parse_plain_text
from annotations.models import ParsedDocument

_PARSERS: dict[str, Callable[[Path, str], ParsedDocument]] = {
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_plain_text,
    ".text": parse_plain_text,
    ".html": parse_html,
    ".htm": parse_html,
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_PARSERS)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in _PARSERS


def parse_file(path: Path) -> ParsedDocument:
    """Read, decode and parse one file; raises ImportRefused with a message naming the file."""
    parser = _PARSERS.get(path.suffix.lower())
    if parser is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise ImportRefused(f"{path.name}: unsupported file type (Lectern imports {supported})")
    data = read_source(path)
    text = decode_text(data, path.name, html=parser is parse_html)
    try:
        return parser(path, text)
    except ImportRefused:
        raise
    except (ValueError, RecursionError, UnicodeError) as error:
        raise ImportRefused(f"{path.name}: could not be parsed ({error})") from error


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and for folders every supported file inside them (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(child for child in path.rglob("*") if child.is_file() and is_supported(child))
        else:
            yield path
