"""Markdown files: Python-Markdown with tables, footnotes and smart quotes; front matter fills metadata."""

from __future__ import annotations

import threading
from pathlib import Path

import markdown

from annotations.importers.document_builder import build_document
from annotations.importers.front_matter import document_fields, front_matter_warnings, split_front_matter
from annotations.importers.typography import smarten
from annotations.models import ParsedDocument

MARKDOWN_EXTENSIONS = ["tables", "footnotes", "fenced_code", "sane_lists", "attr_list"]


_converters = threading.local()  # a Markdown instance is reusable (after reset) but not thread-safe


def render_markdown(text: str) -> str:
    """Markdown source -> (unsanitised) HTML with typographic quotes and dashes, as Lectern renders it everywhere."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    try:
        return smarten(converter.reset().convert(text))
    except BaseException:
        _converters.markdown = None  # never reuse a converter left half-way through a document
        raise


def parse_markdown(path: Path, text: str) -> ParsedDocument:
    metadata, body = split_front_matter(text)
    return build_document(
        path,
        render_markdown(body),
        format="markdown",
        warnings=front_matter_warnings(path, metadata),
        **document_fields(metadata),
    )
