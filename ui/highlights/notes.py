"""A highlight's note is Markdown: rendered to small, safe HTML for the highlights list."""

from __future__ import annotations

import re
from functools import lru_cache

import markdown

from annotations.sanitize import sanitize_html

NOTE_EXTENSIONS = ["sane_lists", "fenced_code", "tables"]
_HEADING = re.compile(r"<(/?)h[1-6]>")
# Paragraph and list spacing for a note inside a list item (Qt's defaults are a full line apart).
_COMPACT = {
    "<p>": "<p style='margin-top:2px; margin-bottom:2px'>",
    "<ul>": "<ul style='margin-top:0; margin-bottom:0; margin-left:-16px'>",
    "<ol>": "<ol style='margin-top:0; margin-bottom:0; margin-left:-16px'>",
    "<pre>": "<pre style='margin-top:2px; margin-bottom:2px'>",
    "<blockquote>": "<blockquote style='margin-top:2px; margin-bottom:2px; margin-left:12px'>",
}
_COMPACT_PATTERN = re.compile("|".join(re.escape(tag) for tag in _COMPACT))


@lru_cache(maxsize=2048)
def note_html(note: str) -> str:
    """Markdown -> sanitised HTML: no scripts, images or other remote resources; headings as bold lines.

    Raw HTML in a note is allowed through the same allow-list as imported articles."""
    if not note.strip():
        return ""
    rendered = markdown.markdown(note, extensions=NOTE_EXTENSIONS, output_format="html")
    clean = sanitize_html(rendered).strip()
    clean = _HEADING.sub(lambda match: "</b></p>" if match.group(1) else "<p><b>", clean)
    return _COMPACT_PATTERN.sub(lambda match: _COMPACT[match.group(0)], clean)
