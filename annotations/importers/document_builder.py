"""The last step every importer shares: sanitise, derive the canonical text, refuse empty results."""

from __future__ import annotations

from pathlib import Path

from annotations.blocks import canonical_text, html_to_blocks
from annotations.errors import ImportRefused
from annotations.models import ParsedDocument
from annotations.sanitize import sanitize_html

MAX_TITLE_CHARS = 300


def build_document(
    path: Path,
    html: str,
    *,
    format: str,
    title: str = "",
    byline: str = "",
    source: str = "",
    published: str = "",
    web_page: bool = False,
) -> ParsedDocument:
    """Turn rendered (unsafe) HTML and metadata into a ParsedDocument whose text the reader will show."""
    clean_html = sanitize_html(html, drop_page_furniture=web_page)
    blocks = html_to_blocks(clean_html)
    text = canonical_text(blocks)
    if not text.strip():
        raise ImportRefused(f"{path.name}: no readable text found")
    if not title:
        title = next((block.text for block in blocks if block.kind == "heading"), "") or _title_from_name(path)
    return ParsedDocument(
        title=_one_line(title)[:MAX_TITLE_CHARS],
        html=clean_html,
        text=text,
        format=format,
        byline=_one_line(byline),
        source=source.strip() or str(path.resolve()),
        published=published.strip(),
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _title_from_name(path: Path) -> str:
    return path.stem.replace("_", " ").replace("-", " ").strip() or path.name
