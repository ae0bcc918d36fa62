"""How the Orphans tab shows its highlights: the open article's first, each old quote in its old context."""

from __future__ import annotations

import html

from annotations.models import Annotation
from ui.highlights.model import Presentation, preview
from ui.plain_text import plain_tooltip
from ui.rich_delegate import tags_and_note_html

CONTEXT_CHARS = 24


def orphan_html(annotation: Annotation, article_title: str = "") -> str:
    """The old quote (with a little of its old context, greyed), its #tags and note; the article if given."""
    prefix = annotation.prefix.rsplit("\n", 1)[-1][-CONTEXT_CHARS:].lstrip()  # context from its own paragraph only
    suffix = annotation.suffix.split("\n", 1)[0][:CONTEXT_CHARS].rstrip()
    context_before = f"<span class='meta'>…{html.escape(prefix)}</span>" if prefix.strip() else ""
    context_after = f"<span class='meta'>{html.escape(suffix)}…</span>" if suffix.strip() else ""
    lines = []
    if article_title:
        lines.append(f"<span class='meta'><b>{html.escape(article_title)}</b></span>")
    lines.append(f"{context_before}<b>“{html.escape(preview(annotation.exact))}”</b>{context_after}")
    lines += tags_and_note_html(annotation.tags, annotation.note)
    return "<br>".join(lines)


def orphan_presentation(titles: dict[int, str], current: int | None) -> Presentation:
    """Orphans of the open article (``current``) first and without their title; the others under theirs."""
    titles = dict(titles)

    def title(annotation: Annotation) -> str:
        return titles.get(annotation.document_id, f"Article #{annotation.document_id}")

    return Presentation(
        order=lambda a: (a.document_id != current, titles.get(a.document_id, ""), a.document_id, a.start),
        html=lambda a: orphan_html(a, "" if a.document_id == current else title(a)),
        tooltip=lambda a: plain_tooltip(titles[a.document_id]) if a.document_id in titles else None,
    )
