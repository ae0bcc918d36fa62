"""What the search panel says above its results: the query help, the counts, the index being rebuilt."""

from __future__ import annotations

from index.search import SearchResult

QUERY_HELP = (
    'Words (any form: sanction finds sanctions), "exact phrases", -exclude, AND / OR / NOT, wild*, fuzzy~, '
    "and fields: tag:air-defense, title:, note:, quote:, author:, source:, color:yellow, kind:annotation, "
    "published:2024, created:>=2026-01-01, published:[2023 TO 2024]"
)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def counts_text(result: SearchResult, *, counting: bool, articles: int | None, concordance: bool) -> str:
    """The counts line, e.g. "12 mentions in 3 articles · showing 50 of 12. Double-click one to open it."."""
    loaded = len(result.hits)
    if counting:
        return f"Showing the first {_plural(loaded, 'mention')}; counting all…"
    if result.total == 0:
        return "No mentions in the articles' text." if concordance else "No matches."
    if articles is None:  # known without counting: everything is loaded
        articles = len({hit.document_id for hit in result.hits})
    text = f"{_plural(result.total, 'mention')} in {_plural(articles, 'article')}"
    if loaded < result.total:
        text += f" · showing {loaded:,} of {result.total:,}"
    hint = "Click a line to open it." if concordance else "Double-click one to open it."
    return f"{text}. {hint}"


def rebuilding_text(progress: object) -> str:
    percent = f" ({progress * 100:.0f} %)" if isinstance(progress, (int, float)) else ""
    return f"Rebuilding the search index{percent}… The search runs again when it is ready."
