"""What the search panel says above its results: the query help, the counts, the index being rebuilt."""

from __future__ import annotations

from app.mentions import is_mention
from index.search import SearchResult

QUERY_HELP = (
    'Words (any form: sanction finds sanctions), "exact phrases", -exclude, AND / OR / NOT, wild*, fuzzy~, '
    "and fields: tag:air-defense, title:, note:, quote:, author:, source:, color:yellow, kind:annotation, "
    "published:2024, created:>=2026-01-01, published:[2023 TO 2024]"
)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def counts_text(
    result: SearchResult, *, counting: bool, articles: int | None, concordance: bool, mentions: int | None = None
) -> str:
    """The counts line, e.g. "12 mentions in 3 articles · showing 50 of 12. Double-click one to open it.".

    In "Every mention" (``concordance``) only occurrences in the articles' text count, as the lines list
    them (``mentions``, once counted): a highlight, or an article matched only by its title, is a hit
    of the narrowed query but not a mention."""
    loaded = sum(map(is_mention, result.hits)) if concordance else len(result.hits)
    if counting:
        return f"Showing the first {_plural(loaded, 'mention')}; counting all…"
    total = result.total
    if concordance:  # counted, or else known without counting: then every hit is loaded
        total = mentions if mentions is not None else loaded
    if total == 0:
        return "No mentions in the articles' text." if concordance else "No matches."
    if articles is None:  # known without counting: everything is loaded
        articles = len({hit.document_id for hit in result.hits if not concordance or is_mention(hit)})
    text = f"{_plural(total, 'mention')} in {_plural(articles, 'article')}"
    if loaded < total:
        text += f" · showing {loaded:,} of {total:,}"
    hint = "Click a line to open it." if concordance else "Double-click one to open it."
    return f"{text}. {hint}"


def rebuilding_text(progress: object) -> str:
    percent = f" ({progress * 100:.0f} %)" if isinstance(progress, (int, float)) else ""
    return f"Rebuilding the search index{percent}… The search runs again when it is ready."
