"""Selectors of the W3C Web Annotation model: where a highlight is, and how to find it again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from annotations.errors import InvalidSelection

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class QuoteSelector:
    exact: str
    prefix: str
    suffix: str


def quote_selector(text: str, start: int, end: int) -> QuoteSelector:
    """The TextQuoteSelector for ``text[start:end]``, with up to 32 characters of context each side."""
    if not 0 <= start < end <= len(text):
        raise InvalidSelection(f"selection {start}–{end} is outside the text (0–{len(text)})")
    if not text[start:end].strip():
        raise InvalidSelection("the selection holds only white space")
    return QuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def find_occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every non-overlapping, case-sensitive occurrence of ``quote`` in ``text``, in order."""
    if not quote:
        return []
    spans: list[tuple[int, int]] = []
    position = text.find(quote)
    while position != -1:
        spans.append((position, position + len(quote)))
        position = text.find(quote, position + len(quote))
    return spans


@dataclass(frozen=True)
class Selector:
    """What a highlight stores: its old offsets and its quote with context."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def from_text(cls, text: str, start: int, end: int) -> Selector:
        """The selector a new highlight of ``text[start:end]`` gets (32 characters of context each side)."""
        quote = quote_selector(text, start, end)
        return cls(start, end, quote.exact, quote.prefix, quote.suffix)

    @classmethod
    def of(cls, annotation: _HasSelector) -> Selector:
        """The selector of a stored highlight (an ``Annotation`` or anything with the same fields)."""
        return cls(annotation.start, annotation.end, annotation.exact, annotation.prefix, annotation.suffix)


class _HasSelector(Protocol):
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
