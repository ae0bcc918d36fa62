"""The one query box's language: Whoosh's parser with Lectern's plugins and rules.

Single words match every form of the word in each article's language (``sanction`` finds "sanctions"
and "sanctioned", ``оборона`` finds "обороны") through the stemmed field; anything in quotes stays exact
modulo case and normalisation (``index.language.normalize``), even a single word. A run of Chinese,
Japanese or Korean characters, quoted or not, is an exact phrase of its characters. ``-word`` excludes,
``+word`` requires, ``lang:ru`` keeps to articles in Russian. ``claim:12`` finds the highlights linked to
claim 12, ``claim:tehran`` those linked to a claim whose text says so, and ``stance:contradicts`` those
linked with that stance; beside ``claim:12`` in the same AND it asks for that stance on claim 12.
"""

from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.matching import ListMatcher, Matcher
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldPlugin, PlusMinusPlugin, QueryParser
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.qparser.plugins import FieldAliasPlugin
from whoosh.searching import Searcher

from index.language.scripts import is_cjk
from index.language.stemming import stem_terms
from index.language.tokens import phrase_offsets
from index.phrase_matcher import phrase_matcher, phrase_statistics
from index.query_budget import QueryTooBroad, check_deadline
from index.schema import ANALYZER, SEARCHABLE_FIELDS

STEM_FIELD = "stem"
FIELD_ALIASES = {
    "title": ["doc"],
    "article_title": ["article"],
    "tag": ["tags"],
    "color": ["colour"],
    "author": ["byline"],
    "published": ["date", "year"],
    "language": ["lang"],
    "claim": ["claims"],
}


class ExactTerm(wq.Term):
    """A quoted single word: matched as written, never by its stem."""


class ExactPhrase(wq.Phrase):
    """Words in quotes, or a run of CJK characters; keeps a one-word phrase exact instead of letting it
    become a plain term. ``offsets`` are the words' positions relative to the first (a gap where the
    query had a space or punctuation beside a CJK character, as ``index.language.tokens`` numbers them)."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        slop: int = 1,
        boost: float = 1.0,
        char_ranges: list[tuple[int, int]] | None = None,
        offsets: tuple[int, ...] | None = None,
    ) -> None:
        super().__init__(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
        self.offsets = offsets if offsets is not None else phrase_offsets(words, char_ranges)

    def normalize(self) -> wq.Query:
        if len(self.words) == 1:
            return ExactTerm(self.fieldname, self.words[0], boost=self.boost)
        if not self.words:
            return wq.NullQuery
        return self.__class__(
            self.fieldname, list(self.words), self.slop, self.boost, self.char_ranges, offsets=self.offsets
        )

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and getattr(other, "offsets", None) == self.offsets

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.offsets)

    def matcher(self, searcher: Searcher, context: object = None) -> Matcher:
        """Within one segment, the set-intersection matcher of ``index.phrase_matcher``; else Whoosh's."""
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if self.slop == 1 and searcher.is_atomic() and field is not None and field.format.supports("positions"):
            top = searcher.get_parent()
            known = getattr(self, "_statistics", None)
            if known is None or known[0] is not top:  # one search: every segment shares the figures
                known = (top, phrase_statistics(top, self.fieldname, self.words))
                self._statistics = known
            return phrase_matcher(searcher, self.fieldname, self.words, known[1], self.boost, self.offsets)
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


class LecternParser(QueryParser):
    """Whoosh's parser, except that a query word the analyzer cuts into CJK characters (``貓頭鷹``, or
    ``F-16戰機``) becomes an exact phrase of them at their positions, not an AND of single characters."""

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: type,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> wq.Query | None:
        field = self.schema[fieldname] if self.schema and fieldname in self.schema else None
        if tokenize and field is not None and field.analyzer is ANALYZER and not field.self_parsing():
            found = [(token.text, token.pos) for token in ANALYZER(text, positions=True, mode="query")]  # type: ignore[operator]
            words = [word for word, _ in found]
            positions = [position for _, position in found]
            if len(words) > 1 and positions != list(range(positions[0], positions[0] + len(words))):
                return ExactPhrase(fieldname, words, boost=boost, offsets=tuple(at - positions[0] for at in positions))
            if len(words) > 1 and any(_is_cjk_word(word) for word in words):
                return ExactPhrase(fieldname, words, boost=boost, offsets=tuple(range(len(words))))
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def _is_cjk_word(word: str) -> bool:
    return bool(word) and is_cjk(word[0])


def make_parser(schema: Schema) -> QueryParser:
    """A parser over the default fields with fuzzy~, comparisons, dates, -/+ and field aliases."""
    parser = LecternParser(None, schema, phraseclass=ExactPhrase)
    parser.add_plugin(MultifieldPlugin(list(SEARCHABLE_FIELDS)))
    parser.add_plugin(DateParserPlugin(free=False))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    # Only at the start of a word: "-sanctions" excludes, "air-defense" is one term.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    return parser


def apply_rules(query: wq.Query, languages: frozenset[str] = frozenset({""})) -> wq.Query:
    """Let the stemmed field answer plain words only: quotes, patterns and fuzzy terms stay literal. A plain
    word becomes its stem term in each of ``languages`` (those of the library's articles, "" included)."""

    def rule(node: wq.Query) -> wq.Query:
        if type(node) is wq.Term and node.fieldname == "claim" and str(node.text).isdigit():
            return wq.Term("claim_id", str(node.text), boost=node.boost)  # claim:12 is the claim numbered 12
        if getattr(node, "fieldname", None) == STEM_FIELD and (
            isinstance(node, (wq.Phrase, ExactTerm, wq.MultiTerm)) or type(node) is not wq.Term
        ):
            return wq.NullQuery
        if getattr(node, "fieldname", None) == STEM_FIELD:
            terms = stem_terms(str(node.text), sorted(languages))
            if not terms:
                return wq.NullQuery
            stems = [wq.Term(STEM_FIELD, term, boost=node.boost) for term in terms]
            return stems[0] if len(stems) == 1 else wq.Or(stems)
        return node

    def binary_unions(node: wq.Query) -> wq.Query:
        # Whoosh's automatic choice preloads an array of 2,048 scores per segment for every OR under
        # 5,000 documents: 0.5 ms a segment even for a word that occurs nowhere.
        if isinstance(node, wq.Or):
            node.matcher_type = wq.Or.DEFAULT_MATCHER
        return node

    return (
        query.accept(rule)
        .accept(pair_claim_stances)
        .normalize()
        .accept(binary_unions)
        .accept(_capped)
        .accept(exclusion_as_and_not)
    )


def exclusion_as_and_not(node: wq.Query) -> wq.Query:
    """``a -b`` as AND(a, NOT b). Whoosh's ``AndNotMatcher`` checks its first document against the excluded
    ones only when both start on the same document, so when the excluded list starts earlier, the first
    match of ``a`` is let through though it is excluded (``tag:region document_id:2 -tag:region/*`` found a
    highlight tagged region/iraq/north). ``Not`` inverts the excluded matcher and is skipped to correctly."""
    if isinstance(node, wq.AndNot):
        return wq.And([node.a, wq.Not(node.b)], boost=node.boost)
    return node


def pair_claim_stances(node: wq.Query) -> wq.Query:
    """In an AND of ``claim:12`` and ``stance:supports``, ask for claim 12 *with* that stance (the index
    holds "12.supports"), not claim 12 with any stance beside some other claim that it supports."""
    if not isinstance(node, wq.And):
        return node
    stances = {str(child.text) for child in node.subqueries if type(child) is wq.Term and child.fieldname == "stance"}
    if len(stances) != 1:
        return node
    stance = stances.pop()
    paired = [
        wq.Term("claim_id", f"{child.text}.{stance}", boost=child.boost)
        if type(child) is wq.Term and child.fieldname == "claim_id" and "." not in str(child.text)
        else child
        for child in node.subqueries
    ]
    return wq.And(paired, boost=node.boost)


# Fields that only narrow a result (they hold labels and dates, not text): run as a filter, they cost
# a set lookup per match instead of walking their postings alongside the text's, and do not sway scores.
FILTER_FIELDS = frozenset({"tag", "color", "kind", "published", "created", "language", "claim_id", "stance"})


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
