"""Every form of a word, in its article's language: stems per language for the ``stem`` field.

A word's stem term is ``"<language>:<stem>"`` ("ru:оборон"), the language being the article's when the word
is in that language's script, else the usual language of the word's script (a Latin-script name in a
Russian article is stemmed as English). Digits and scripts without a stemmer keep the word as it is
(``":2024"``); CJK characters have no forms and no stem term. A plain query word matches a word of an
article in language L when both give the same term for L; the query expands to one term per language the
library holds (``stem_terms``).

Stemmers: Snowball's, through PyStemmer (C), for 30 languages; English keeps Whoosh's Porter stemmer,
as before; Ukrainian has Lectern's light stemmer (``index.language.ukrainian``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from whoosh.lang.porter import stem as porter_stem

from index.language import ukrainian
from index.language.normalize import normalize_word
from index.language.scripts import script_of

_SNOWBALL = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
_SCRIPT_OF_LANGUAGE = {
    "ar": "arabic",
    "fa": "arabic",
    "ur": "arabic",
    "ru": "cyrillic",
    "uk": "cyrillic",
    "bg": "cyrillic",
    "sr": "cyrillic",
    "mk": "cyrillic",
    "be": "cyrillic",
    "kk": "cyrillic",
    "el": "greek",
    "he": "hebrew",
    "yi": "hebrew",
    "hi": "devanagari",
    "ne": "devanagari",
    "hy": "armenian",
    "zh": "cjk",
    "ja": "cjk",
    "ko": "cjk",
    "th": "thai",
    "ka": "georgian",
}
# The language a word of this script is stemmed as when its article is in another script.
_SCRIPT_DEFAULT = {"latin": "en", "cyrillic": "ru", "arabic": "ar", "greek": "el", "devanagari": "hi", "armenian": "hy"}
# Persian's stemmer expects Persian yeh and kaf; the matching form has the Arabic letters.
_TO_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"})


def language_script(language: str) -> str:
    return _SCRIPT_OF_LANGUAGE.get(language, "latin") if language else ""


def token_language(word: str, article_language: str) -> str:
    """The language a (normalised) word is stemmed as in an article of ``article_language``."""
    script = script_of(word)
    if article_language and language_script(article_language) == script:
        return article_language
    return _SCRIPT_DEFAULT.get(script, "")


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Callable[[str], str] | None:
    if language == "en":
        return porter_stem
    if language == "uk":
        return ukrainian.stem
    algorithm = _SNOWBALL.get(language)
    if algorithm is None:
        return None
    import Stemmer  # PyStemmer: loaded when a language needs it

    stemmer = Stemmer.Stemmer(algorithm)
    if language == "fa":
        return lambda word: normalize_word(stemmer.stemWord(word.translate(_TO_PERSIAN_LETTERS)))
    return stemmer.stemWord


@lru_cache(maxsize=300_000)
def stem_term(word: str, article_language: str) -> str | None:
    """The ``stem`` field's term for a normalised word of an article in ``article_language``; None for CJK."""
    if script_of(word) == "cjk":
        return None
    language = token_language(word, article_language)
    stemmer = _stemmer(language)
    return f"{language}:{stemmer(word) if stemmer is not None else word}"


def stem_terms(word: str, languages: Iterable[str]) -> list[str]:
    """The terms a plain query word matches in articles of any of ``languages`` (each once)."""
    return list(dict.fromkeys(term for language in languages if (term := stem_term(word, language)) is not None))
