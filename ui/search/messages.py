"""What the search panel says above its results: the query help, the counts, the index being rebuilt."""

from __future__ import annotations

from app.mentions import is_mention
from app.stories import StoryCount, stories_text
from index.search import SearchResult

QUERY_HELP = (
    'Words (any form: sanction finds sanctions), "exact phrases", -exclude, AND / OR / NOT, wild*, fuzzy~, '
    "and fields: tag:air-defense, title:, note:, quote:, author:, source:, color:yellow, kind:annotation, "
    "published:2024, created:>=2026-01-01, published:[2023 TO 2024]"
)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def counts_text(
    result: SearchResult,
    *,
    counting: bool,
    articles: int | None,
    concordance: bool,
    mentions: int | None = None,
    stories: StoryCount | None = None,
    folded_copies: int | None = None,
) -> str:
    """The counts line, e.g. "38 mentions in 12 articles (7 distinct stories) · showing 50 of 38. Double-click
    one to open it.".

    In "Every mention" (``concordance``) only occurrences in the articles' text count, as the lines list
    them (``mentions``, once counted): a highlight, or an article matched only by its title, is a hit
    of the narrowed query but not a mention. ``stories`` (once counted) are named when a copy is among
    the articles; ``folded_copies`` (with "One per story") says how many copies were folded away."""
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
    if folded_copies:
        text += f", one per story ({folded_copies:,} cop{'y' if folded_copies == 1 else 'ies'} folded away)"
    elif stories is not None:
        text += stories_text(stories)
    if loaded < total:
        text += f" · showing {loaded:,} of {total:,}"
    hint = "Click a line to open it." if concordance else "Double-click one to open it."
    return f"{text}. {hint}"


def rebuilding_text(progress: object) -> str:
    percent = f" ({progress * 100:.0f} %)" if isinstance(progress, (int, float)) else ""
    return f"Rebuilding the search index{percent}… The search runs again when it is ready."
