"""Where exactly a query matches inside a text: character spans of every occurrence.

Whoosh says *which* entries match; this module finds *where*, by running the index's own analysis
(``index.language.tokens``: normalised words, CJK characters one by one, positions with gaps) over the
canonical text and matching the query's positive terms and phrases against the tokens. Using the same
analysis as the index keeps the two in agreement; a plain word's stems depend on the article's language.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from whoosh import query as wq

from index.language.scripts import CJK_CLASS
from index.language.stemming import stem_term
from index.language.tokens import Token, lowers_plainly, tokenize
from index.schema import normalized_words

__all__ = ["Token", "count_mentions", "find_spans", "positive_leaves", "tokenize"]


@dataclass(frozen=True)
class _Matcher:
    """One positive leaf of a query: word tests that must match tokens at ``offsets`` from the first."""

    tests: tuple[object, ...]  # each a str (exact token) or a compiled regex or ("fuzzy", …) or ("stem", term)
    offsets: tuple[int, ...]

    @property
    def consecutive(self) -> bool:
        return self.offsets == tuple(range(len(self.tests)))


@lru_cache(maxsize=256)
def _cached_tokens(text: str) -> tuple[tuple[Token, ...], dict[int, int]]:
    found = tuple(tokenize(text))
    return found, {token.position: at for at, token in enumerate(found)}


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
            offsets = getattr(leaf, "offsets", None) or tuple(range(len(leaf.words)))
            matchers.append(_Matcher(tuple(leaf.words), tuple(offsets)))
        elif isinstance(leaf, (wq.Term, wq.MultiTerm)) and isinstance(getattr(leaf, "text", None), str):
            matchers.append(_Matcher((_word_test(leaf),), (0,)))
    return matchers


def _token_matches(test: object, word: str, language: str) -> bool:
    if isinstance(test, str):
        return word == test
    if isinstance(test, tuple) and test[0] == "stem":
        return stem_term(word, language) == test[1]
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


def _first_words(matcher: _Matcher, distinct: set[str], language: str) -> frozenset[str]:
    """The distinct words of a text that pass a matcher's first test."""
    return frozenset(word for word in distinct if _token_matches(matcher.tests[0], word, language))


def find_spans(
    text: str, query: wq.Query, fields: frozenset[str] = frozenset({"content"}), language: str = ""
) -> list[tuple[int, int]]:
    """Character spans in ``text`` (of an article in ``language``) of every occurrence of the query's
    positive words and phrases, in text order, without overlaps (a longer match wins over one starting
    at the same place)."""
    matchers = query_matchers(query, fields)
    if not matchers:
        return []
    found = _exact_sequence_spans(text, matchers)
    return found if found is not None else walk_spans(text, matchers, language)


_HAS_CJK = re.compile(f"[{CJK_CLASS}]")


def query_matchers(query: wq.Query, fields: frozenset[str]) -> list[_Matcher]:
    """The word tests of the query's positive words and phrases in ``fields``."""
    return _matchers(positive_leaves(query, fields))


def walk_spans(text: str, matchers: list[_Matcher], language: str = "") -> list[tuple[int, int]]:
    """``find_spans`` the long way, token by token: works for every kind of word test."""
    tokens, at_position = _cached_tokens(text)
    distinct = {token.text for token in tokens}
    plans = [(matcher, firsts) for matcher in matchers if (firsts := _first_words(matcher, distinct, language))]
    starts = frozenset().union(*(firsts for _, firsts in plans))
    spans: list[tuple[int, int]] = []
    for token in tokens:
        if token.text not in starts:
            continue  # most tokens start no match: one set lookup each
        best_end = -1
        for matcher, firsts in plans:
            if token.text not in firsts:
                continue
            end = _match_end(matcher, token, tokens, at_position, language)
            best_end = max(best_end, end)
        if best_end >= 0:
            start = token.start
            if spans and start < spans[-1][1]:
                continue
            spans.append((start, best_end))
    return spans


def _match_end(
    matcher: _Matcher, first: Token, tokens: tuple[Token, ...], at_position: dict[int, int], language: str
) -> int:
    """Where a match of ``matcher`` starting at ``first`` ends in the text, or -1 if it does not match."""
    end = first.end
    for test, offset in zip(matcher.tests[1:], matcher.offsets[1:], strict=True):
        at = at_position.get(first.position + offset)
        if at is None or not _token_matches(test, tokens[at].text, language):
            return -1
        end = tokens[at].end
    return end


_WORD_CHAR = rf"[^\W{CJK_CLASS}]"
_TOKEN_START = rf"(?<!{_WORD_CHAR})(?<!{_WORD_CHAR}['’.])"  # where a word could start
_TOKEN_END = rf"(?!{_WORD_CHAR})(?!['’.]{_WORD_CHAR})"  # where it would end


@lru_cache(maxsize=64)
def _sequence_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole tokens equal to ``words`` (ASCII, lower-case) in a row, in any case, with anything between."""
    between = _TOKEN_END + r"\W+" + _TOKEN_START
    return re.compile(_TOKEN_START + between.join(re.escape(word) for word in words) + _TOKEN_END, re.IGNORECASE)


def _exact_sequence_spans(text: str, matchers: list[_Matcher]) -> list[tuple[int, int]] | None:
    """The spans of one exact word or phrase (ASCII), found by the regex engine; None for other queries
    and for texts whose words' matching form is not simply their lower case (``lowers_plainly``).

    Case folding and lower() disagree on a few letters: a find that is not the words token by token
    gives None too, and the caller takes the long way."""
    if len(matchers) != 1 or not matchers[0].consecutive:
        return None
    if not all(isinstance(test, str) and test.isascii() for test in matchers[0].tests):
        return None
    if not lowers_plainly(text):
        return None
    sequence = matchers[0].tests
    spans = []
    for found in _sequence_pattern(sequence).finditer(text):
        if tuple(normalized_words(found.group())) != sequence:
            return None
        spans.append(found.span())
    return spans


def count_mentions(
    text: str, query: wq.Query, fields: frozenset[str] = frozenset({"content"}), language: str = ""
) -> int:
    """``len(find_spans(text, query, fields, language))``, found faster for the usual queries (words, or one
    phrase): the words are compared as plain strings, without working out their character spans."""
    matchers = query_matchers(query, fields)
    found = _exact_sequence_spans(text, matchers)
    if found is not None:
        return len(found)
    words = normalized_words(text)
    counts = Counter(words)
    distinct = set(counts)
    if all(len(matcher.tests) == 1 for matcher in matchers):
        matching = frozenset().union(*(_first_words(matcher, distinct, language) for matcher in matchers))
        return sum(counts[word] for word in matching)
    if len(matchers) != 1 or not matchers[0].consecutive or _HAS_CJK.search(text) is not None:
        return len(walk_spans(text, matchers, language))
    tests = matchers[0].tests
    firsts = _first_words(matchers[0], distinct, language)
    length = len(tests)
    found = 0
    free_from = 0  # a match may not start inside the previous one, as in find_spans
    for index, word in enumerate(words):
        if word not in firsts or index < free_from or index + length > len(words):
            continue
        if all(_token_matches(tests[offset], words[index + offset], language) for offset in range(1, length)):
            found += 1
            free_from = index + length
    return found
