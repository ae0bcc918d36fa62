"""Where exactly a query matches inside a text: character spans of every occurrence.

Whoosh says *which* entries match; this module finds *where*, by running the index's own analyzer
over the canonical text and matching the query's positive terms and phrases against the tokens.
Using the same analyzer as the index keeps the two in agreement.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh import query as wq

from index.schema import WORD_PATTERN, stem_word


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Matcher:
    """One positive leaf of a query: a sequence of word tests that must match consecutive tokens."""

    tests: tuple[object, ...]  # each a str (exact token) or a compiled regex or ("fuzzy", text, maxdist)


_WORDS = re.compile(WORD_PATTERN)


def tokenize(text: str) -> list[Token]:
    """The index's words with their character spans: what ``ANALYZER`` yields, without its per-token objects."""
    return [Token(match.group().lower(), match.start(), match.end()) for match in _WORDS.finditer(text)]


@lru_cache(maxsize=256)
def _cached_tokens(text: str) -> tuple[Token, ...]:
    return tuple(tokenize(text))


def positive_leaves(query: wq.Query, fields: frozenset[str]) -> list[wq.Query]:
    """Terms, phrases and patterns that a matching text must contain (NOT branches are skipped)."""
    if isinstance(query, wq.Not):
        return []
    if isinstance(query, wq.AndNot):
        return positive_leaves(query.a, fields)
    if isinstance(query, (wq.AndMaybe, wq.Require)):
        return positive_leaves(query.a, fields) + positive_leaves(query.b, fields)
    if isinstance(query, wq.compound.CompoundQuery):
        leaves: list[wq.Query] = []
        for child in query.subqueries:
            leaves.extend(positive_leaves(child, fields))
        return leaves
    if isinstance(query, (wq.Phrase, wq.Term, wq.MultiTerm)) and getattr(query, "fieldname", None) in fields:
        return [query]
    if hasattr(query, "child"):
        return positive_leaves(query.child, fields)
    return []


def _word_test(query: wq.Query) -> object:
    if getattr(query, "fieldname", None) == "stem":
        return ("stem", query.text)
    if isinstance(query, wq.FuzzyTerm):
        return ("fuzzy", query.text, query.maxdist, query.prefixlength)
    if isinstance(query, wq.Prefix):
        return re.compile(re.escape(query.text) + ".*", re.DOTALL)
    if isinstance(query, wq.Wildcard):
        return re.compile(fnmatch.translate(query.text), re.DOTALL)
    return query.text


def _matchers(leaves: list[wq.Query]) -> list[_Matcher]:
    matchers = []
    for leaf in leaves:
        if isinstance(leaf, wq.Phrase):
            matchers.append(_Matcher(tuple(leaf.words)))
        elif isinstance(leaf, (wq.Term, wq.MultiTerm)) and isinstance(getattr(leaf, "text", None), str):
            matchers.append(_Matcher((_word_test(leaf),)))
    return matchers


def _token_matches(test: object, word: str) -> bool:
    if isinstance(test, str):
        return word == test
    if isinstance(test, tuple) and test[0] == "stem":
        return stem_word(word) == test[1]
    if isinstance(test, tuple):
        _, text, maxdist, prefixlength = test
        return word[:prefixlength] == text[:prefixlength] and _within_distance(word, text, maxdist)
    return bool(test.fullmatch(word))  # type: ignore[attr-defined]


def _within_distance(a: str, b: str, limit: int) -> bool:
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def find_spans(text: str, query: wq.Query, fields: frozenset[str] = frozenset({"content"})) -> list[tuple[int, int]]:
    """Character spans in ``text`` of every occurrence of the query's positive words and phrases,
    in text order, without overlaps (a longer match wins over one starting at the same place)."""
    matchers = _matchers(positive_leaves(query, fields))
    if not matchers:
        return []
    tokens = _cached_tokens(text)
    spans: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        best_end = -1
        for matcher in matchers:
            tests = matcher.tests
            length = len(tests)
            if index + length > len(tokens) or not _token_matches(tests[0], token.text):
                continue  # most tokens fail the first word: no need to look further
            if all(_token_matches(tests[offset], tokens[index + offset].text) for offset in range(1, length)):
                best_end = max(best_end, tokens[index + length - 1].end)
        if best_end >= 0:
            start = tokens[index].start
            if spans and start < spans[-1][1]:
                continue
            spans.append((start, best_end))
    return spans
