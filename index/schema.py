"""The Whoosh schema: one index entry per article and one per highlight.

The ``content`` and ``stem`` fields of an article may be given a ``PrecomputedText`` instead of a
string: its postings were worked out by an import worker (``index.bulk_analysis``) and are filed as
they are, by the same formats that would have computed them (a test holds the two to be identical).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

from annotations.tags import tag_and_ancestors
from index.language.normalize import normalize_word
from index.language.scripts import CJK_CLASS
from index.language.stemming import stem_term
from index.language.tokens import WORD_PATTERN, lowers_plainly, tokens

# Bump when the schema, the analysis or the codec changes: an index of another version is rebuilt from SQLite.
# 6: postings pickled at the newest protocol, twice as fast to search.
# 7: segments in Lectern's own codec (index.whoosh_codec), which they remember; version-6 segments, in
#    Whoosh's plain W3Codec, would be read without Lectern's readers for as long as they lasted.
# 8: every language: normalised words, CJK characters as tokens, stems per article language, ``language``.
# 9: a highlight's claims: ``claim`` (their texts), ``claim_id`` and ``stance`` (``claim:12 stance:supports``).
INDEX_SCHEMA_VERSION = 9

_WORDS = re.compile(WORD_PATTERN)
_HAS_CJK = re.compile(f"[{CJK_CLASS}]")


class LecternTokenizer(Tokenizer):
    """Whoosh's tokenizer interface over ``index.language.tokens``: normalised words with their offsets in
    the text, CJK characters one by one, positions with a gap around CJK characters set apart."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> object:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = normalize_word(value)
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for found in tokens(value):
            token.text = found.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[found.start : found.end]
            if positions:
                token.pos = start_pos + found.position
            if chars:
                token.startchar, token.endchar = start_char + found.start, start_char + found.end
            yield token


def make_analyzer() -> object:
    return LecternTokenizer()


ANALYZER = make_analyzer()


def normalized_words(text: str) -> list[str]:
    """The matching forms of ``text``'s tokens, in order (what ``ANALYZER`` yields, without positions)."""
    if lowers_plainly(text):
        return _WORDS.findall(text.lower())
    if _HAS_CJK.search(text) is None:
        words = [word.lower() if word.isascii() else normalize_word(word) for word in _WORDS.findall(text)]
        return words if all(words) else [word for word in words if word]  # a lone tatweel is no word
    return [token.text for token in tokens(text)]


Postings = list[tuple[str, int, float, bytes]]


@dataclass(frozen=True)
class PrecomputedText:
    """A field value: a text with the postings its ``content`` and ``stem`` fields index, worked out
    elsewhere (in an import worker process, ``index.bulk_analysis``, or by ``analyzed`` for the article's
    language). The keeper passes it as the value of those fields; their ``AnalyzedTextField`` and formats
    take the postings as they are."""

    text: str
    postings: Postings
    stem_postings: Postings


class AnalyzedTextField(TEXT):
    """Whoosh's TEXT field that also takes a ``PrecomputedText`` (Whoosh's ``FieldType.index`` accepts
    only strings and sequences). Its value is never stored (a test holds ``content`` and ``stem`` to that)."""

    def index(self, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, PrecomputedText):
            yield from super().index(value, **kwargs)
            return
        for word, frequency, weight, encoded in self.format.word_values(value, self.analyzer, **kwargs):
            yield word.encode("utf-8"), frequency, weight, encoded


def stem_counts(words: list[str], language: str) -> dict[str, int]:
    """How many of ``words`` (normalised) have each stem term, for an article in ``language``."""
    counts: defaultdict[str, int] = defaultdict(int)
    for word in words:
        counts[word] += 1
    stems: defaultdict[str, int] = defaultdict(int)
    for word, count in counts.items():
        term = stem_term(word, language)
        if term is not None:
            stems[term] += count
    return stems


class WordStems(Frequency):
    """Whoosh's Frequency format over stem terms (``index.language.stemming``), computed once per distinct
    word. A plain string is taken as of no known language; the keeper passes articles' texts as
    ``PrecomputedText`` analysed in their language."""

    def word_values(
        self, value: str | PrecomputedText, analyzer: object, **kwargs: object
    ) -> Iterator[tuple[str, int, float, bytes]]:
        if isinstance(value, PrecomputedText):
            if self.field_boost == 1.0:
                yield from value.stem_postings
                return
            value = value.text
        for stem, count in stem_counts(normalized_words(value), "").items():
            yield stem, count, count * self.field_boost, pack_uint(count)


class WordPositions(Positions):
    """Whoosh's Positions format, computed in one pass over ``index.language.tokens``.

    Produces exactly what ``Positions`` produces with ``ANALYZER`` (a test holds it to that) while
    skipping Whoosh's per-token objects, which cost more than half of indexing an article.
    """

    def word_values(
        self, value: str | PrecomputedText, analyzer: object, **kwargs: object
    ) -> Iterator[tuple[str, int, float, bytes]]:
        if isinstance(value, PrecomputedText):
            if self.field_boost == 1.0:
                yield from value.postings
                return
            value = value.text
        positions: defaultdict[str, list[int]] = defaultdict(list)
        if _HAS_CJK.search(value) is None:  # no gaps: a word's position is its place in the list
            for position, word in enumerate(normalized_words(value)):
                positions[word].append(position)
        else:
            for token in tokens(value):
                positions[token.text].append(token.position)
        for word, word_positions in positions.items():
            yield word, len(word_positions), len(word_positions) * self.field_boost, self.encode(word_positions)


def analyze_text(text: str, language: str = "") -> tuple[Postings, Postings]:
    """What the ``content`` and ``stem`` fields index for ``text`` in an article of ``language``:
    (word, count, weight, encoded value)."""
    stems = stem_counts(normalized_words(text), language)
    return (
        list(WordPositions().word_values(text, ANALYZER)),
        [(stem, count, float(count), pack_uint(count)) for stem, count in stems.items()],
    )


def analyzed(text: str, language: str) -> PrecomputedText:
    """``text`` with its postings for an article in ``language``: the value of ``content`` and ``stem``."""
    return PrecomputedText(text, *analyze_text(text, language))


def stemmed_text(**options: object) -> AnalyzedTextField:
    """A TEXT field of stem terms without positions: single words match every form, phrases use ``content``.
    Its analyzer gives a query word's matching form; the query expands it to stem terms per language."""
    field = AnalyzedTextField(analyzer=ANALYZER, phrase=False, **options)
    field.format = WordStems(field_boost=field.format.field_boost)
    return field


def phrase_text(**options: object) -> AnalyzedTextField:
    """A TEXT field with positions (for phrases) analysed by ``ANALYZER``, indexed with ``WordPositions``."""
    field = AnalyzedTextField(analyzer=ANALYZER, phrase=True, **options)
    field.format = WordPositions(field_boost=field.format.field_boost)
    return field


SEARCHABLE_FIELDS = ("content", "stem", "title", "note", "tag")


def make_schema() -> Schema:
    return Schema(
        key=ID(unique=True, stored=True),
        kind=ID(stored=True),
        document_id=NUMERIC(stored=True, signed=False),
        annotation_id=NUMERIC(stored=True, signed=False),
        title=TEXT(analyzer=ANALYZER, stored=True, field_boost=2.0),  # articles only: a title word is no mention
        article_title=TEXT(analyzer=ANALYZER, stored=True),  # a highlight's article, for display and `article:`
        author=TEXT(analyzer=ANALYZER),
        source=TEXT(analyzer=ANALYZER),
        content=phrase_text(),
        stem=stemmed_text(),
        quote=phrase_text(),
        note=phrase_text(),
        tag=KEYWORD(commas=True, lowercase=True, scorable=True, stored=True),
        color=ID(stored=True),
        language=KEYWORD(stored=True, lowercase=True),  # the article's language (a highlight carries its article's)
        published=DATETIME(),  # the article's date (a highlight carries its article's)
        created=DATETIME(),  # when the article was imported, or the highlight made
        claim=phrase_text(),  # the texts of the claims a highlight is linked to: ``claim:tehran``
        # A highlight's claims by id ("12") and by id with stance ("12.supports"), so ``claim:12
        # stance:supports`` can ask for that pair (``index.query_language.pair_claim_stances``).
        claim_id=KEYWORD(commas=True),
        stance=KEYWORD(commas=True, lowercase=True),  # how it bears on them: supports, contradicts, context
    )


def article_key(document_id: int) -> str:
    return f"d{document_id}"


def annotation_key(annotation_id: int) -> str:
    return f"a{annotation_id}"


def tag_terms(tags: tuple[str, ...]) -> str:
    """Each tag and its ancestors, so ``tag:region`` finds highlights tagged ``region/iran``."""
    terms = dict.fromkeys(term for tag in tags for term in tag_and_ancestors(tag))
    return ",".join(terms)


@dataclass(frozen=True)
class ClaimFields:
    """The ``claim``, ``claim_id`` and ``stance`` values of one highlight, from its links (claim id, stance)
    and the claims' texts."""

    claim: str
    claim_id: str
    stance: str


def claim_fields(links: list[tuple[int, str, str]]) -> ClaimFields:
    """``links``: (claim id, stance, claim text) of each claim a highlight is linked to."""
    ids = [str(claim_id) for claim_id, _, _ in links]
    pairs = [f"{claim_id}.{stance}" for claim_id, stance, _ in links]
    return ClaimFields(
        claim="\n".join(text for _, _, text in links),
        claim_id=",".join(ids + pairs),
        stance=",".join(dict.fromkeys(stance for _, stance, _ in links)),
    )
