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
from functools import lru_cache

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

from annotations.tags import tag_and_ancestors

# Bump when the schema, the analysis or the codec changes: an index of another version is rebuilt from SQLite.
# 6: postings pickled at the newest protocol, twice as fast to search.
# 7: segments in Lectern's own codec (index.whoosh_codec), which they remember; version-6 segments, in
#    Whoosh's plain W3Codec, would be read without Lectern's readers for as long as they lasted.
INDEX_SCHEMA_VERSION = 7

# Words are runs of letters and digits (with inner apostrophes and dots, as in "don't", "U.S.");
# no stop words, so that every word of a phrase counts.
WORD_PATTERN = r"\w+(?:['’.]\w+)*"


def make_analyzer() -> object:
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


ANALYZER = make_analyzer()
# The same words, reduced to their stems (Porter): "sanctions", "sanctioned" -> "sanction".
STEM_ANALYZER = RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | StemFilter(stemfn=porter_stem)


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The stem ``STEM_ANALYZER`` gives a lower-cased word."""
    return porter_stem(word)


Postings = list[tuple[str, int, float, bytes]]


@dataclass(frozen=True)
class PrecomputedText:
    """A field value: a text with the postings its ``content`` and ``stem`` fields index, worked out
    elsewhere (in an import worker process, ``index.bulk_analysis``). The keeper passes it as the
    value of those fields; their ``AnalyzedTextField`` and formats take the postings as they are."""

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


class WordStems(Frequency):
    """Whoosh's Frequency format over ``STEM_ANALYZER``, computed once per distinct word."""

    def __init__(self, field_boost: float = 1.0, pattern: str = WORD_PATTERN) -> None:
        super().__init__(field_boost=field_boost)
        self.pattern = re.compile(pattern)

    def word_values(
        self, value: str | PrecomputedText, analyzer: object, **kwargs: object
    ) -> Iterator[tuple[str, int, float, bytes]]:
        if isinstance(value, PrecomputedText):
            if self.field_boost == 1.0:
                yield from value.stem_postings
                return
            value = value.text
        words: defaultdict[str, int] = defaultdict(int)
        for word in self.pattern.findall(value):
            words[word.lower()] += 1
        stems: defaultdict[str, int] = defaultdict(int)
        for word, count in words.items():
            stems[stem_word(word)] += count
        for stem, count in stems.items():
            yield stem, count, count * self.field_boost, pack_uint(count)


class WordPositions(Positions):
    """Whoosh's Positions format, computed in one pass: regex words, lower-cased, counted by position.

    Produces exactly what ``Positions`` produces with ``ANALYZER`` (a test holds it to that) while
    skipping Whoosh's per-token objects, which cost more than half of indexing an article.
    """

    def __init__(self, field_boost: float = 1.0, pattern: str = WORD_PATTERN) -> None:
        super().__init__(field_boost=field_boost)
        self.pattern = re.compile(pattern)

    def word_values(
        self, value: str | PrecomputedText, analyzer: object, **kwargs: object
    ) -> Iterator[tuple[str, int, float, bytes]]:
        if isinstance(value, PrecomputedText):
            if self.field_boost == 1.0:
                yield from value.postings
                return
            value = value.text
        positions: defaultdict[str, list[int]] = defaultdict(list)
        for position, word in enumerate(self.pattern.findall(value)):
            positions[word.lower()].append(position)
        for word, word_positions in positions.items():
            yield word, len(word_positions), len(word_positions) * self.field_boost, self.encode(word_positions)


def analyze_text(text: str) -> tuple[Postings, Postings]:
    """What the ``content`` and ``stem`` fields index for ``text``: (word, count, weight, encoded value)."""
    return list(WordPositions().word_values(text, ANALYZER)), list(WordStems().word_values(text, STEM_ANALYZER))


def stemmed_text(**options: object) -> AnalyzedTextField:
    """A TEXT field of word stems without positions: single words match every form, phrases use ``content``."""
    field = AnalyzedTextField(analyzer=STEM_ANALYZER, phrase=False, **options)
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
        published=DATETIME(),  # the article's date (a highlight carries its article's)
        created=DATETIME(),  # when the article was imported, or the highlight made
    )


def article_key(document_id: int) -> str:
    return f"d{document_id}"


def annotation_key(annotation_id: int) -> str:
    return f"a{annotation_id}"


def tag_terms(tags: tuple[str, ...]) -> str:
    """Each tag and its ancestors, so ``tag:region`` finds highlights tagged ``region/iran``."""
    terms = dict.fromkeys(term for tag in tags for term in tag_and_ancestors(tag))
    return ",".join(terms)
