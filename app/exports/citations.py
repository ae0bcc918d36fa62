"""Formatted references for a highlight or a passage: Chicago (notes, author-date), APA and MLA.

An article's metadata becomes one CSL-JSON reference (``csl_item``): authors split from the byline, the
title, the site as the container, the published date as far as it can be read, the URL when the source is
a web address, and the import date as the date it was accessed. citeproc-py formats it (``app.exports.csl``)
as HTML; plain text and Markdown are derived from that HTML, so the three always say the same.

Formatting never raises: odd metadata (no author, no date, "2024", "May 2024", a date that is no date)
gives a shorter reference, and should citeproc-py itself fail, a plain reference is built by hand.
"""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from annotations.models import Document

NOTE_STYLES = frozenset({"chicago-note"})
BIBLIOGRAPHY_HEADINGS = {
    "chicago-note": "Bibliography",
    "chicago-author-date": "References",
    "apa": "References",
    "mla": "Works Cited",
}
CSL_TYPE = "webpage"  # an article on a site (or a file): the site is its container, the URL its locator


@dataclass(frozen=True)
class Citation:
    """A quote with its reference, three ways: plain text, HTML (rich text) and Markdown."""

    text: str
    html: str
    markdown: str


@dataclass(frozen=True)
class Reference:
    """One article's reference in one style, as HTML fragments: ``citation`` is the note (note styles)
    or the in-text parenthesis, ``entry`` the bibliography entry ("" when not asked for)."""

    style: str
    citation: str
    entry: str = ""

    @property
    def is_note(self) -> bool:
        return self.style in NOTE_STYLES


def reference(document: Document, style: str, *, entry: bool = True) -> Reference:
    """``document``'s reference in ``style`` (one of options.STYLES); never raises."""
    item = csl_item(document)
    return finished_reference(style, item, rendered(style, item, entry), entry)


def rendered(style: str, item: dict[str, Any], entry: bool) -> tuple[str, str] | None:
    """citeproc-py's HTML for a CSL-JSON item (note or in-text citation, entry), or None if it failed.
    A module-level function of plain data: worker processes run it too (``app.exports.references``)."""
    from app.exports import csl  # citeproc-py loads only when something is cited

    try:
        return csl.render(style, item, bibliography=entry)
    except Exception:  # citeproc-py is alpha software: odd input must not cost the user the export
        return None


def finished_reference(style: str, item: dict[str, Any], html: tuple[str, str] | None, entry: bool) -> Reference:
    """The reference from citeproc-py's HTML, with what it leaves undone done (or built by hand)."""
    if html is None:
        return _fallback(style, item, entry)
    return Reference(style, _tidy(html[0], item), _tidy(html[1], item))


def quote_citation(quote: str, document: Document, style: str) -> Citation:
    """``quote`` (from ``document``) run in with its reference in ``style``: a note style gives the quote
    with a footnote mark and the note below it; the others the quote, the in-text citation and, below,
    the bibliography entry."""
    ref = reference(document, style)
    words = run_in(quote)
    if ref.is_note:
        words = words.rstrip(",;:")
        return Citation(
            text=f"“{words}”¹\n\n1. {html_to_text(ref.citation)}",
            html=f"<p>“{_escape_html(words)}”<sup>1</sup></p>\n<p>1. {ref.citation}</p>",
            markdown=f"“{escape_markdown(words)}”[^1]\n\n[^1]: {html_to_markdown(ref.citation)}",
        )
    body, closing = quote_and_closing(words)
    return Citation(
        text=f"“{body}” {html_to_text(ref.citation)}{closing}\n\n{html_to_text(ref.entry)}",
        html=f"<p>“{_escape_html(body)}” {ref.citation}{closing}</p>\n<p>{ref.entry}</p>",
        markdown=f"“{escape_markdown(body)}” {html_to_markdown(ref.citation)}{closing}\n\n"
        f"{html_to_markdown(ref.entry)}",
    )


def run_in(quote: str) -> str:
    """A quote as it runs in a sentence: one line, its own double quotation marks made single."""
    words = " ".join(quote.split())
    words = words.replace("“", "‘").replace("”", "’")
    straight = iter(("‘", "’") * (words.count('"') // 2 + 1))
    return re.sub('"', lambda _match: next(straight), words)


def quote_and_closing(words: str) -> tuple[str, str]:
    """Where the sentence's full stop goes around a parenthetical citation: “… visible” (Doe 2025).
    A question or exclamation stays inside the quotation marks."""
    words = words.rstrip(",;:")
    if words.endswith("."):
        return words.rstrip("."), "."
    return words, "."


# -- metadata ------------------------------------------------------------------------------------
def csl_item(document: Document) -> dict[str, Any]:
    """The CSL-JSON reference for an article (only the variables it has)."""
    item: dict[str, Any] = {
        "id": document.uuid or f"document-{document.id}",
        "type": CSL_TYPE,
        "title": " ".join(document.title.replace("“", '"').replace("”", '"').split()) or "Untitled",
    }
    authors = split_byline(document.byline)
    if authors:
        item["author"] = authors
    site = " ".join(document.site.split())
    if site and site.casefold() != item["title"].casefold():
        item["container-title"] = site
    issued = date_parts(document.published)
    if issued:
        item["issued"] = {"date-parts": [issued]}
    accessed = date_parts(document.imported_at)
    if accessed:
        item["accessed"] = {"date-parts": [accessed]}
    if re.match(r"https?://\S+$", document.source.strip(), re.IGNORECASE):
        item["URL"] = document.source.strip()
    return item


_BY = re.compile(r"^(?:by|von|par|por)\s+", re.IGNORECASE)
_ET_AL = re.compile(r",?\s+(?:et\.?\s+al\.?|and others)\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:;|\||&|\band\b|,)\s*", re.IGNORECASE)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "m.d."}
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "ter", "ten", "bin",
              "ibn", "al", "el", "dos", "das", "st."}  # fmt: skip
_ORGANISATIONS = {
    "agency", "association", "bureau", "board", "center", "centre", "commission", "committee", "corporation",
    "council", "department", "desk", "editors", "editorial", "foundation", "group", "inc", "inc.", "institute",
    "institution", "ltd", "ministry", "network", "news", "office", "press", "project", "reporters", "service",
    "staff", "team", "university", "wire",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _split_byline(byline: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    text = _BY.sub("", " ".join(byline.split()))
    text = _ET_AL.sub("", text).strip(" ,;|&")
    if not text:
        return ()
    parts = [part for part in _SEPARATORS.split(text) if part.strip(" .")]
    if len(parts) == 2 and [separator.strip() for separator in _SEPARATORS.findall(text)] == [","]:
        family, given = parts
        if _looks_inverted(family, given):  # "Doe, Jane": one person, family name first
            return ((("family", family), ("given", given)),)
    people: list[tuple[tuple[str, str], ...]] = []
    for part in parts:
        lowered = part.casefold()
        if lowered in _SUFFIXES and people and people[-1][0][0] == "family":
            people[-1] = (*people[-1], ("suffix", part))
        elif lowered.rstrip(".") not in ("et al", "others"):
            people.append(_person(part))
    return tuple(people)


def split_byline(byline: str) -> list[dict[str, str]]:
    """Authors from a byline: "By Jane Doe and Richard Roe", "Jane Doe, Richard Roe", "Doe, Jane";
    an organisation ("RAND Corporation", "Reuters") stays one literal name."""
    return [dict(person) for person in _split_byline(byline)]


def _looks_inverted(family: str, given: str) -> bool:
    family_words, given_words = family.split(), given.split()
    if not family_words or not given_words or len(given_words) > 3:
        return False
    if any(word.casefold().strip(".,") in _ORGANISATIONS for word in family_words + given_words):
        return False
    return len([word for word in family_words if word.casefold() not in _PARTICLES]) == 1


def _person(name: str) -> tuple[tuple[str, str], ...]:
    words = name.split()
    if (
        len(words) < 2
        or any(character.isdigit() for character in name)
        or any(word.casefold().strip(".,()") in _ORGANISATIONS for word in words)
        or "@" in name
    ):
        return (("literal", name),)
    if name.isupper():  # "JANE DOE", as some sites print bylines
        words = [word.capitalize() for word in words]
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].casefold() in _PARTICLES:
        family_start -= 1
    return (("family", " ".join(words[family_start:])), ("given", " ".join(words[:family_start])))


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "janvier", "januar", "enero"),
            ("february", "feb", "février", "fevrier", "februar", "febrero"),
            ("march", "mar", "mars", "märz", "marz", "marzo"),
            ("april", "apr", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juin", "juni", "junio"),
            ("july", "jul", "juillet", "juli", "julio"),
            ("august", "aug", "août", "aout", "agosto"),
            ("september", "sep", "sept", "septembre", "septiembre"),
            ("october", "oct", "octobre", "oktober", "octubre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "décembre", "decembre", "dezember", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?!\d)")
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?!\d)")  # 20240504


def date_parts(text: str) -> list[int] | None:
    """[year], [year, month] or [year, month, day] from an ISO date ("2024-05-04T…", "2024-05", "2024")
    or one with a month's name ("May 2024", "4 May 2024", "May 4, 2024"); None when there is no year."""
    match = _ISO.match(text) or _COMPACT.match(text)
    if match:
        return _valid(*(int(group) for group in match.groups() if group is not None))
    tokens = re.findall(r"\d+|[^\W\d_]+", text.casefold())
    years = [int(token) for token in tokens if len(token) == 4 and token.isdigit()]
    if not years:
        return None
    months = [(position, _MONTHS[token]) for position, token in enumerate(tokens) if token in _MONTHS]
    if not months:
        return _valid(years[0])
    position, month = months[0]
    beside = [tokens[at] for at in (position - 1, position + 1) if 0 <= at < len(tokens)]
    days = [int(token) for token in beside if token.isdigit() and len(token) <= 2]  # "4 May", "May 4"
    return _valid(years[0], month, days[0] if days else None)


def _valid(year: int, month: int | None = None, day: int | None = None) -> list[int] | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None or not 1 <= month <= 12:
        return [year]
    if day is None or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return [year, month]
    return [year, month, day]


# -- what citeproc-py leaves to do -----------------------------------------------------------------
def _tidy(rendered: str, item: dict[str, Any]) -> str:
    rendered = _punctuation_inside_quotes(_typographic_quotes(rendered))
    if "author" not in item:
        rendered = _title_once(rendered, item["title"])
    return rendered


def _punctuation_inside_quotes(rendered: str) -> str:
    """American usage (all four styles' en-US locale): a comma or full stop goes inside the closing
    quotation mark — “Title,” — and a title's own ? or ! (or .) takes the place of it."""
    rendered = re.sub(r"”([.,])", r"\1”", rendered)
    rendered = re.sub(r"([?!.])[.,]”", r"\1”", rendered)
    return re.sub(r"([?!])((?:</[a-z]+>)?)\.(?=\s|$)", r"\1\2", rendered)  # “Only literal?”, not “?.”


def _typographic_quotes(rendered: str) -> str:
    """A title's own "quotes": single inside the style's quotation marks (“Why ‘Radars’ Matter”), else
    curly. HTML tags are left alone."""
    pieces = re.split(r"(<[^>]*>)", rendered)
    depth, opened = 0, False  # inside the style's “…”? inside a pair of the title's own?
    for number, piece in enumerate(pieces):
        if piece.startswith("<"):
            continue
        characters = []
        for character in piece:
            if character == "“":
                depth += 1
            elif character == "”":
                depth = max(0, depth - 1)
            elif character == '"':
                opened = not opened
                character = ("‘" if opened else "’") if depth else ("“" if opened else "”")
            characters.append(character)
        pieces[number] = "".join(characters)
    return "".join(pieces)


_TITLE_SEGMENT = re.compile(r"“[^”]*”|<i>[^<]*</i>")


def _title_once(rendered: str, title: str) -> str:
    """Without an author the title moves to the front; citeproc-py then prints it a second time."""
    wanted = _comparable(title)
    found = [match for match in _TITLE_SEGMENT.finditer(rendered) if _comparable(match.group()) == wanted]
    if len(found) < 2:
        return rendered
    second = found[1]
    end = second.end() + (1 if rendered[second.end() : second.end() + 1] in (".", ",") else 0)
    start = second.start()
    while start > 0 and rendered[start - 1] == " ":
        start -= 1
    return rendered[:start] + rendered[end:]


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip().casefold()


def _fallback(style: str, item: dict[str, Any], entry: bool) -> Reference:
    """A plain reference, should citeproc-py fail: Author, “Title,” Site, 2024, URL."""
    people = item.get("author", [])
    authors = " and ".join(
        person.get("literal") or " ".join(filter(None, (person.get("given"), person.get("family"))))
        for person in people
    )
    year = str(item["issued"]["date-parts"][0][0]) if "issued" in item else "n.d."
    pieces = (authors, f"“{item['title']}”", item.get("container-title", ""), year, item.get("URL", ""))
    full = _punctuation_inside_quotes(_escape_html(", ".join(piece for piece in pieces if piece) + "."))
    if style in NOTE_STYLES:
        return Reference(style, full, full if entry else "")
    first = people[0] if people else {}
    name = first.get("family") or first.get("literal") or f"“{item['title']}”"
    return Reference(style, _escape_html(f"({name} {year})"), full if entry else "")


# -- HTML to text and Markdown -------------------------------------------------------------------------
_TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")


def html_to_text(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def html_to_markdown(fragment: str) -> str:
    """citeproc-py's HTML (only <i>, <b> and a few more) as Markdown: *italic*, **bold**."""
    pieces: list[str] = []
    position = 0
    for tag in _TAG.finditer(fragment):
        pieces.append(escape_markdown(html.unescape(fragment[position : tag.start()])))
        pieces.append({"i": "*", "b": "**"}.get(tag.group(2), ""))
        position = tag.end()
    pieces.append(escape_markdown(html.unescape(fragment[position:])))
    return "".join(pieces)


_INLINE = re.compile(r"([\\`*\[\]])|(?<![\w])_|_(?![\w])|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


_SPECIAL = re.compile(r"[\\`*\[\]_<&]")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as it is: the characters that would start emphasis, code, a link or
    HTML are escaped (an underscore inside a word is not: it never starts emphasis)."""
    if _SPECIAL.search(text) is None:  # most text: nothing to escape
        return text
    return _INLINE.sub(lambda match: "\\" + match.group(), text)


def _escape_html(text: str) -> str:
    return html.escape(text, quote=False)
