"""Each item of the Highlights panel says which claims its highlight is evidence for ("⚖ supports #3 “…”").

The panel's model renders items through its ``Presentation``; this swaps in one whose HTML adds that line,
and re-renders the list when a write names claims (links do not change the highlights themselves).
"""

from __future__ import annotations

import html
from dataclasses import replace

from annotations.errors import LecternError
from annotations.models import Annotation
from app import Changes, Library
from ui.claims.link_menu import short
from ui.events import AppEvents
from ui.highlights.panel import HighlightPanel


class HighlightClaimLines:
    """Keeps the claims line under each highlight of ``panel`` current."""

    def __init__(self, library: Library, panel: HighlightPanel, events: AppEvents) -> None:
        self.library = library
        self.panel = panel
        self._plain_html = panel.model.presentation.html
        panel.model.presentation = replace(panel.model.presentation, html=self.item_html)
        events.changed.connect(self._on_changed)

    def claims_line(self, annotation_id: int) -> str:
        """ "supports #3 “Experts visited…”, context #5 “…”" (plain text), or "" when it is linked to none."""
        parts = []
        for link in self.library.claims.links_of(annotation_id):
            try:
                text = self.library.claims.get(link.claim_id).text
            except LecternError:
                continue
            parts.append(f"{link.stance} #{link.claim_id} “{short(text)}”")
        return ", ".join(parts)

    def item_html(self, annotation: Annotation) -> str:
        line = self.claims_line(annotation.id)
        base = self._plain_html(annotation)
        if not line:
            return base
        head, note_start, note = base.partition("<div")  # the line goes above the note, under the tags
        return f"{head}<br><span class='meta'>⚖ {html.escape(line)}</span>{note_start}{note}"

    def _on_changed(self, changes: Changes) -> None:
        if changes.claims and self.panel.model.rowCount():
            self.panel.set_annotations(self.panel.model.annotations())
