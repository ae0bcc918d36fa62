"""Plain text files: paragraphs are separated by blank lines; a short first line is the title."""

from __future__ import annotations

import html
import re
from pathlib import Path

from annotations.importers.document_builder import build_document
from annotations.models import ParsedDocument

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
MAX_TITLE_LINE = 120


def parse_plain_text(path: Path, text: str) -> ParsedDocument:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]
    title = ""
    if paragraphs and "\n" not in paragraphs[0] and len(paragraphs[0]) <= MAX_TITLE_LINE and len(paragraphs) > 1:
        title = paragraphs[0]
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    return build_document(path, body, format="text", title=title)
