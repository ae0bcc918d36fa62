"""The text shown around a mention: plain context for the terminal, marked-up snippets for the window."""

from __future__ import annotations

import html

SNIPPET_CONTEXT = 70
PLAIN_CONTEXT = 60


def plain_context(text: str, start: int, end: int, context: int = PLAIN_CONTEXT) -> str:
    """``text[start:end]`` with about ``context`` characters either side, as plain text on one line."""
    window_start, window_end = max(0, start - context), min(len(text), end + context)
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    return " ".join(f"{prefix}{text[window_start:window_end]}{suffix}".split())


def make_snippet(text: str, spans: list[tuple[int, int]], start: int, end: int, context: int = SNIPPET_CONTEXT) -> str:
    """``text`` around [start, end) with every span inside that window marked; ellipses where cut."""
    window_start = max(0, start - context)
    window_end = min(len(text), end + context)
    if window_start > 0:
        space = text.find(" ", window_start, start)
        window_start = space + 1 if space != -1 else window_start
    if window_end < len(text):
        space = text.rfind(" ", end, window_end)
        window_end = space if space != -1 else window_end
    pieces = ["…" if window_start > 0 else ""]
    cursor = window_start
    for span_start, span_end in spans:
        if span_end <= window_start or span_start >= window_end:
            continue
        span_start, span_end = max(span_start, window_start), min(span_end, window_end)
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:window_end]))
    pieces.append("…" if window_end < len(text) else "")
    return "".join(pieces).replace("\n", " ")
