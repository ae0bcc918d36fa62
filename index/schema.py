"""The Whoosh schema: one index entry per article and one per highlight."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.formats import Frequency, Positions
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

from annotations.tags import tag_and_ancestors

# Bump when the schema or the analysis changes: an index of another version is rebuilt from SQLite.
INDEX_SCHEMA_VERSION = 6  # 6: postings pickled at the newest protocol (index.whoosh_files), twice as fast to search

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


class AnalyzedText(str):
    """A text that carries its postings, worked out elsewhere (in an import worker process)."""

    postings: Postings
    stem_postings: Postings

    def __new__(cls, text: str, postings: Postings, stem_postings: Postings) -> AnalyzedText:
        made = super().__new__(cls, text)
        made.postings = postings
        made.stem_postings = stem_postings
        return made


class WordStems(Frequency):
    """Whoosh's Frequency format over ``STEM_ANALYZER``, computed once per distinct word."""

    def __init__(self, field_boost: float = 1.0, pattern: str = WORD_PATTERN) -> None:
        super().__init__(field_boost=field_boost)
        self.pattern = re.compile(pattern)

    def word_values(self, value: str, analyzer: object, **kwargs: object) -> Iterator[tuple[str, int, float, bytes]]:
        if isinstance(value, AnalyzedText) and self.field_boost == 1.0:
            yield from value.stem_postings
            return
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

    def word_values(self, value: str, analyzer: object, **kwargs: object) -> Iterator[tuple[str, int, float, bytes]]:
        if isinstance(value, AnalyzedText) and self.field_boost == 1.0:
            yield from value.postings
            return
        positions: defaultdict[str, list[int]] = defaultdict(list)
        for position, word in enumerate(self.pattern.findall(value)):
            positions[word.lower()].append(position)
        for word, word_positions in positions.items():
            yield word, len(word_positions), len(word_positions) * self.field_boost, self.encode(word_positions)


def analyze_text(text: str) -> tuple[Postings, Postings]:
    """What the ``content`` and ``stem`` fields index for ``text``: (word, count, weight, encoded value)."""
    return list(WordPositions().word_values(text, ANALYZER)), list(WordStems().word_values(text, STEM_ANALYZER))


def stemmed_text(**options: object) -> TEXT:
    """A TEXT field of word stems without positions: single words match every form, phrases use ``content``."""
    field = TEXT(analyzer=STEM_ANALYZER, phrase=False, **options)
    field.format = WordStems(field_boost=field.format.field_boost)
    return field


def phrase_text(**options: object) -> TEXT:
    """A TEXT field with positions (for phrases) analysed by ``ANALYZER``, indexed with ``WordPositions``."""
    field = TEXT(analyzer=ANALYZER, phrase=True, **options)
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
