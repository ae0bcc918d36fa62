"""The one query box's language: Whoosh's parser with Lectern's plugins and rules.

Single words match every form of the word (``sanction`` finds "sanctions" and "sanctioned") through
the stemmed field; anything in quotes stays exact modulo case and punctuation, even a single word.
``-word`` excludes, ``+word`` requires.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.matching import ListMatcher, Matcher
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser, PlusMinusPlugin
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.qparser.plugins import FieldAliasPlugin
from whoosh.searching import Searcher

from index.phrase_matcher import phrase_matcher, phrase_statistics
from index.query_budget import QueryTooBroad, check_deadline
from index.schema import SEARCHABLE_FIELDS

STEM_FIELD = "stem"
FIELD_ALIASES = {
    "title": ["doc"],
    "article_title": ["article"],
    "tag": ["tags"],
    "color": ["colour"],
    "author": ["byline"],
    "published": ["date", "year"],
}


class ExactTerm(wq.Term):
    """A quoted single word: matched as written, never by its stem."""


class ExactPhrase(wq.Phrase):
    """Words in quotes; keeps a one-word phrase exact instead of letting it become a plain term."""

    def normalize(self) -> wq.Query:
        if len(self.words) == 1:
            return ExactTerm(self.fieldname, self.words[0], boost=self.boost)
        return super().normalize()

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """Within one segment, the set-intersection matcher of ``index.phrase_matcher``; else Whoosh's."""
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if self.slop == 1 and searcher.is_atomic() and field is not None and field.format.supports("positions"):
            top = searcher.get_parent()
            known = getattr(self, "_statistics", None)
            if known is None or known[0] is not top:  # one search: every segment shares the figures
                known = (top, phrase_statistics(top, self.fieldname, self.words))
                self._statistics = known
            return phrase_matcher(searcher, self.fieldname, self.words, known[1], self.boost)
        return super().matcher(searcher, context)


# ``word~3`` and beyond build automata exponential in the distance (``budget~9`` took 3 s on three articles)
# and match nearly any word; two letters' difference is what a typo needs (Lucene stops there too).
MAX_FUZZY_DISTANCE = 2
# Index terms one fuzzy term or pattern may stand for, per field and segment (``*a*`` matches most words).
MAX_EXPANSION = 20_000


class _CappedExpansion:
    """A pattern, fuzzy term or range whose expansion into index terms is counted first (through Whoosh's public
    ``expanded_terms``), checking the query's time budget, and refused past MAX_EXPANSION terms per segment."""

    max_terms = MAX_EXPANSION

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        for count, _term in enumerate(self.expanded_terms(searcher.reader())):  # type: ignore[attr-defined]
            if count % 256 == 255:
                check_deadline()
            if count >= self.max_terms:
                raise QueryTooBroad(
                    f"A wildcard or fuzzy term in this query matches more than {self.max_terms:,} different words; "
                    "make it longer or more precise."
                )
        return super().matcher(searcher, context)  # type: ignore[misc]


class CappedWildcard(_CappedExpansion, wq.Wildcard):
    """``sanc*ion``, with a capped expansion."""


class CappedPrefix(_CappedExpansion, wq.Prefix):
    """``sanc*``, with a capped expansion."""


class CappedFuzzyTerm(_CappedExpansion, wq.FuzzyTerm):
    """``sanction~``, with a capped expansion."""


class CappedRegex(_CappedExpansion, wq.Regex):
    """A regular expression term, with a capped expansion."""


class CappedTermRange(_CappedExpansion, wq.TermRange):
    """``[a TO m]`` over words, with a capped expansion."""


class CappedEvery(wq.Every):
    """``field:*``: Whoosh reads the postings of every word in the field; this checks the budget as it goes."""

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        if self.fieldname in (None, "", "*"):
            return super().matcher(searcher, context)
        found: set[int] = set()
        for count, text in enumerate(searcher.lexicon(self.fieldname)):
            if count % 64 == 63:
                check_deadline()
            found.update(searcher.postings(self.fieldname, text).all_ids())
        return ListMatcher(sorted(found), all_weights=self.boost)


_CAPPED: dict[type, type] = {
    wq.Every: CappedEvery,
    wq.Wildcard: CappedWildcard,
    wq.Prefix: CappedPrefix,
    wq.FuzzyTerm: CappedFuzzyTerm,
    wq.Regex: CappedRegex,
    wq.TermRange: CappedTermRange,
}


def _capped(node: wq.Query) -> wq.Query:
    capped = _CAPPED.get(type(node))
    if capped is None:
        return node
    copy = capped.__new__(capped)
    copy.__dict__.update(node.__dict__)
    return copy


def query_problem(query: wq.Query) -> str | None:
    """What is wrong with a parsed query that Whoosh would run anyway, in the user's words; None if nothing."""
    for node in [query, *query.leaves()]:
        if isinstance(node, wq.FuzzyTerm) and node.maxdist > MAX_FUZZY_DISTANCE:
            return (
                f"“{node.text}~{node.maxdist}” allows {node.maxdist} letters' difference; Lectern allows at most "
                f"{MAX_FUZZY_DISTANCE} (write {node.text}~ or {node.text}~{MAX_FUZZY_DISTANCE})."
            )
    return None


DATE_FIELDS = {"published": "published", "date": "published", "year": "published", "created": "created"}
_DATE_FILTER = re.compile(r"(?<![\w:])(published|date|year|created):\s*(\[[^\]]*\]?|\S*)", re.IGNORECASE)


def unreadable_date(text: str, query: wq.Query) -> str | None:
    """The value of a date filter in ``text`` that the parse dropped (e.g. ``published:soon``), if any."""
    fields = {getattr(leaf, "fieldname", None) for leaf in query.leaves()} | {getattr(query, "fieldname", None)}
    for match in _DATE_FILTER.finditer(text):
        if DATE_FIELDS[match.group(1).lower()] not in fields:
            return match.group(2) or "(nothing)"
    return None


def make_parser(schema: Schema) -> MultifieldParser:
    """A parser over the default fields with fuzzy~, comparisons, dates, -/+ and field aliases."""
    parser = MultifieldParser(list(SEARCHABLE_FIELDS), schema, phraseclass=ExactPhrase)
    parser.add_plugin(DateParserPlugin(free=False))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    # Only at the start of a word: "-sanctions" excludes, "air-defense" is one term.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    return parser


def apply_rules(query: wq.Query) -> wq.Query:
    """Let the stemmed field answer plain words only: quotes, patterns and fuzzy terms stay literal."""

    def rule(node: wq.Query) -> wq.Query:
        if getattr(node, "fieldname", None) == STEM_FIELD and (
            isinstance(node, (wq.Phrase, ExactTerm, wq.MultiTerm)) or type(node) is not wq.Term
        ):
            return wq.NullQuery
        return node

    def binary_unions(node: wq.Query) -> wq.Query:
        # Whoosh's automatic choice preloads an array of 2,048 scores per segment for every OR under
        # 5,000 documents: 0.5 ms a segment even for a word that occurs nowhere.
        if isinstance(node, wq.Or):
            node.matcher_type = wq.Or.DEFAULT_MATCHER
        return node

    return query.accept(rule).normalize().accept(binary_unions).accept(_capped)


# Fields that only narrow a result (they hold labels and dates, not text): run as a filter, they cost
# a set lookup per match instead of walking their postings alongside the text's, and do not sway scores.
FILTER_FIELDS = frozenset({"tag", "color", "kind", "published", "created"})


def _only_narrows(query: wq.Query) -> bool:
    leaves = list(query.leaves()) or [query]
    return not any(isinstance(node, wq.Not) for node in _nodes(query)) and all(
        getattr(leaf, "fieldname", None) in FILTER_FIELDS for leaf in leaves
    )


def _nodes(query: wq.Query) -> list[wq.Query]:
    found = [query]
    for child in query.children():
        found.extend(_nodes(child))
    return found


def split_filters(query: wq.Query) -> tuple[wq.Query, wq.Query | None]:
    """``query`` as (what to score, what only narrows it) when it is an AND of both, else (query, None)."""
    if not isinstance(query, wq.And):
        return query, None
    narrowing = [child for child in query.subqueries if _only_narrows(child)]
    scoring = [child for child in query.subqueries if not _only_narrows(child)]
    if not narrowing or not scoring:
        return query, None
    return (scoring[0] if len(scoring) == 1 else wq.And(scoring)), (
        narrowing[0] if len(narrowing) == 1 else wq.And(narrowing)
    )
