"""Plain text files: paragraphs are separated by blank lines; a short first line is the title.

A text file that starts with a ``---`` YAML block (notes kept in the same folder as Markdown) takes
its metadata from it, as a Markdown file does.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from annotations.importers.document_builder import build_document
from annotations.importers.front_matter import document_fields, front_matter_warnings, split_front_matter
from annotations.models import ParsedDocument

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
MAX_TITLE_LINE = 120


def parse_plain_text(path: Path, text: str) -> ParsedDocument:
    metadata, text = split_front_matter(text)
    fields = document_fields(metadata)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]
    if not fields["title"] and _is_title_line(paragraphs):
        fields["title"] = paragraphs[0]
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    return build_document(path, body, format="text", warnings=front_matter_warnings(path, metadata), **fields)


def _is_title_line(paragraphs: list[str]) -> bool:
    first = paragraphs[0] if paragraphs else ""
    return len(paragraphs) > 1 and "\n" not in first and len(first) <= MAX_TITLE_LINE
