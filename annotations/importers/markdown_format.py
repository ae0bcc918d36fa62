"""Markdown files: Python-Markdown with tables, footnotes and smart quotes; front matter fills metadata.

Shapes that would make Python-Markdown quadratic are neutralised first (``markdown_guard.py``), so a
hostile file is read in bounded time with a warning instead of holding an import for minutes.
"""

from __future__ import annotations

import threading
from pathlib import Path

import markdown

from annotations.importers.document_builder import build_document
from annotations.importers.front_matter import document_fields, front_matter_warnings, split_front_matter
from annotations.importers.markdown_guard import guard_markdown
from annotations.importers.typography import smarten
from annotations.models import ParsedDocument

MARKDOWN_EXTENSIONS = ["tables", "footnotes", "fenced_code", "sane_lists", "attr_list"]


_converters = threading.local()  # a Markdown instance is reusable (after reset) but not thread-safe


def render_markdown(text: str) -> str:
    """Markdown source -> (unsanitised) HTML with typographic quotes and dashes, as Lectern renders it everywhere."""
    return render_markdown_guarded(text)[0]


def render_markdown_guarded(text: str) -> tuple[str, int]:
    """``render_markdown``, and how many passages were too tangled to parse and kept as plain text."""
    guarded = guard_markdown(text)
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    try:
        rendered = "\n".join(converter.reset().convert(chunk) for chunk in guarded.chunks or (guarded.text,))
    except BaseException:
        _converters.markdown = None  # never reuse a converter left half-way through a document
        raise
    return smarten(guarded.restore(rendered)), guarded.changed


def parse_markdown(path: Path, text: str) -> ParsedDocument:
    metadata, body = split_front_matter(text)
    rendered, neutralised = render_markdown_guarded(body)
    warnings = front_matter_warnings(path, metadata)
    if neutralised:
        warnings = (
            *warnings,
            f"{path.name}: Markdown too tangled to read quickly was kept as plain text "
            f"({neutralised:,} place{'' if neutralised == 1 else 's'})",
        )
    return build_document(path, rendered, format="markdown", warnings=warnings, **document_fields(metadata))
