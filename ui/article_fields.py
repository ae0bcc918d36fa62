"""What a researcher types into an article's details, read the same way in the window and the terminal.

No Qt here: the CLI's ``article edit`` and the Article Details dialog share these checks, so a
language or a date the one accepts the other accepts too.
"""

from __future__ import annotations

import re

from annotations.language import LANGUAGE_NAMES, language_name, normalize_code
from annotations.models import Document

# A date as researchers write it: a year, a month, a day, or a full ISO timestamp.
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][\d:.+\-Z]*)?)?)?$")
# Every ISO 639-1 code: a two-letter code Lectern has no name for is kept when it is one of these (the
# detector knows 97 languages); a three-letter one (ISO 639-2/3, thousands of them) when it has that shape.
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
    ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io
    is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr
    ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si
    sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh
    yi yo za zh zu""".split()
)
_ISO_639_3 = re.compile(r"^[a-z]{3}$")
# "Persian (fa)": how the dialog lists a language; typing the list's text back gives its code.
_NAME_AND_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[A-Za-z_-]+)\)$")
NOT_KNOWN = "Not known"
_NOT_KNOWN_WORDS = frozenset({"", "not known", "unknown", "none", "-"})


class UnknownLanguage(ValueError):
    """The typed text names no language; the message says what would do."""


def language_label(code: str) -> str:
    """``"fa"`` → ``"Persian (fa)"``; an unlisted code as itself; ``""`` → ``"Not known"``."""
    if not code:
        return NOT_KNOWN
    name = language_name(code)
    return f"{name} ({code})" if name != code else code


def parse_language(text: str) -> str:
    """The code meant by ``text``: a code (``fa``, ``pt-BR``), a name (``Persian``), ``"Persian (fa)"``,
    or "not known" (``""``). Any ISO 639-1 code, or a three-letter code, is accepted too, as the detector
    may give one the list lacks; anything else raises UnknownLanguage naming the known codes."""
    typed = " ".join(text.split())
    if typed.lower() in _NOT_KNOWN_WORDS:
        return ""
    written = _NAME_AND_CODE.match(typed)
    if written is not None:
        typed = written.group("code")
    by_name = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
    if typed.lower() in by_name:
        return by_name[typed.lower()]
    code = normalize_code(typed)
    if code in LANGUAGE_NAMES or code in ISO_639_1 or (_ISO_639_3.match(code) and code.isascii()):
        return code
    known = ", ".join(sorted(LANGUAGE_NAMES))
    raise UnknownLanguage(f"“{text.strip()}” is not a language code; use an ISO 639 code such as one of: {known}")


def date_problem(date: str) -> str:
    """Why ``date`` is not a publication date Lectern accepts, or ``""`` (an empty date is fine)."""
    if date.strip() and not _DATE.match(date.strip()):
        return "write the date as a year, year-month or year-month-day, e.g. 2024-05-17"
    return ""


def copy_description(document: Document, root: Document | None) -> str:
    """``"96 % the same as #12 (Reuters, 2024-09-20)"`` for a syndicated copy, ``""`` for any other article."""
    if document.copy_of is None or document.copy_of == document.id:
        return ""
    share = f"{round(100 * document.copy_similarity)} % the same as " if document.copy_similarity is not None else ""
    where = ", ".join(part for part in (root.site, root.published) if part) if root is not None else ""
    return f"{share or 'a copy of '}#{document.copy_of}" + (f" ({where})" if where else "")
