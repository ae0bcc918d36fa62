"""The one query box's language: Whoosh's parser with Lectern's plugins and rules.

Single words match every form of the word (``sanction`` finds "sanctions" and "sanctioned") through
the stemmed field; anything in quotes stays exact modulo case and punctuation, even a single word.
``-word`` excludes, ``+word`` requires.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.matching import Matcher
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser, PlusMinusPlugin
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.qparser.plugins import FieldAliasPlugin
from whoosh.searching import Searcher

from index.phrase_matcher import phrase_matcher, phrase_statistics
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

    return query.accept(rule).normalize().accept(binary_unions)


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
