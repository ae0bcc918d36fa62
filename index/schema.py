"""The Whoosh schema: one index entry per article and one per highlight."""

from __future__ import annotations

from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

# Bump when the schema or the analysis changes: an index of another version is rebuilt from SQLite.
INDEX_SCHEMA_VERSION = 2

# Words are runs of letters and digits (with inner apostrophes and dots, as in "don't", "U.S.");
# no stop words, so that every word of a phrase counts.
WORD_PATTERN = r"\w+(?:['’.]\w+)*"


def make_analyzer() -> object:
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


ANALYZER = make_analyzer()

SEARCHABLE_FIELDS = ("content", "title", "note", "tag")


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
        content=TEXT(analyzer=ANALYZER, phrase=True),
        quote=TEXT(analyzer=ANALYZER, phrase=True),
        note=TEXT(analyzer=ANALYZER, phrase=True),
        tag=KEYWORD(commas=True, lowercase=True, scorable=True, stored=True),
        color=ID(stored=True),
    )


def article_key(document_id: int) -> str:
    return f"d{document_id}"


def annotation_key(annotation_id: int) -> str:
    return f"a{annotation_id}"


def tag_terms(tags: tuple[str, ...]) -> str:
    """Each tag and its ancestors, so ``tag:region`` finds highlights tagged ``region/iran``."""
    terms: dict[str, None] = {}
    for tag in tags:
        parts = tag.split("/")
        for depth in range(1, len(parts) + 1):
            terms.setdefault("/".join(parts[:depth]), None)
    return ",".join(terms)
