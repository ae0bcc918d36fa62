"""The last step every importer shares: sanitise, derive the canonical text, refuse empty results.

Metadata is cleaned here for every format: titles, bylines, sites and dates become one line of visible text
(no bidi overrides or zero-width characters), and a source that is neither an http(s) address nor a file
path (``javascript:…``) gives way to the imported file's own path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotations.blocks import Block, canonical_text, html_to_blocks
from annotations.errors import ImportRefused
from annotations.metadata import plain_line, plain_source
from annotations.models import ParsedDocument
from annotations.sanitize import sanitize_html

MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class Rendered:
    """Sanitised HTML with the blocks and canonical text the reader will show for it."""

    html: str
    blocks: list[Block]
    text: str


def render_html(html: str, *, drop_page_furniture: bool = False) -> Rendered:
    """Sanitise unsafe ``html`` and derive its blocks and canonical text."""
    clean_html = sanitize_html(html, drop_page_furniture=drop_page_furniture)
    blocks = html_to_blocks(clean_html)
    return Rendered(html=clean_html, blocks=blocks, text=canonical_text(blocks))


def build_document(
    path: Path,
    html: str,
    *,
    format: str,
    title: str = "",
    byline: str = "",
    source: str = "",
    published: str = "",
    site: str = "",
    web_page: bool = False,
    warnings: tuple[str, ...] = (),
) -> ParsedDocument:
    """Turn rendered (unsafe) HTML and metadata into a ParsedDocument whose text the reader will show."""
    return document_from(
        path,
        render_html(html, drop_page_furniture=web_page),
        format=format,
        title=title,
        byline=byline,
        source=source,
        published=published,
        site=site,
        warnings=warnings,
    )


def document_from(
    path: Path,
    rendered: Rendered,
    *,
    format: str,
    title: str = "",
    byline: str = "",
    source: str = "",
    published: str = "",
    site: str = "",
    warnings: tuple[str, ...] = (),
) -> ParsedDocument:
    """A ParsedDocument for already sanitised ``rendered`` HTML; refuses it when it has no text."""
    if not rendered.text.strip():
        raise ImportRefused(f"{path.name}: no readable text found")
    title = plain_line(title)
    if not title:
        title = next((block.text for block in rendered.blocks if block.kind == "heading"), "")
        title = plain_line(title) or _title_from_name(path)
    return ParsedDocument(
        title=title[:MAX_TITLE_CHARS],
        html=rendered.html,
        text=rendered.text,
        format=format,
        byline=plain_line(byline),
        source=plain_source(plain_line(source)) or str(path.resolve()),
        published=plain_line(published),
        site=plain_line(site),
        warnings=warnings,
    )


def _title_from_name(path: Path) -> str:
    return plain_line(path.stem.replace("_", " ").replace("-", " ")) or plain_line(path.name) or "Untitled"
