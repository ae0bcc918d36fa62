"""Markdown files: Python-Markdown with tables, footnotes and smart quotes; front matter fills metadata."""

from __future__ import annotations

from pathlib import Path

import markdown

from annotations.importers.document_builder import build_document
from annotations.importers.front_matter import split_front_matter
from annotations.models import ParsedDocument

MARKDOWN_EXTENSIONS = ["tables", "footnotes", "smarty", "fenced_code", "sane_lists", "attr_list"]


def render_markdown(text: str) -> str:
    """Markdown source -> (unsanitised) HTML, with the extensions Lectern supports everywhere."""
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")


def parse_markdown(path: Path, text: str) -> ParsedDocument:
    metadata, body = split_front_matter(text)
    return build_document(
        path,
        render_markdown(body),
        format="markdown",
        title=metadata.get("title", ""),
        byline=metadata.get("author", "") or metadata.get("byline", ""),
        source=metadata.get("source", "") or metadata.get("url", ""),
        published=metadata.get("date", "") or metadata.get("published", ""),
    )
