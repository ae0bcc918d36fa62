"""Choosing a saved page's article title: "Headline", not "Headline | Site Name"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# " | ", " - ", " — ", " · ", " :: ", " » ", " / " between the headline and the site's name.
_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»/\\~]|::|//)\s+")


def choose_title(candidates: Iterable[str], *, site_names: Iterable[str] = (), headings: Iterable[str] = ()) -> str:
    """The first non-empty candidate, without a trailing or leading part that names the site.

    A page heading that spells the first parts of the title exactly ("Headline" for "Headline - Site")
    also settles where the headline ends, even when the site's name is not known.
    """
    names = {_key(name) for name in site_names if _key(name)}
    heading_keys = {_key(heading) for heading in headings if _key(heading)}
    for candidate in candidates:
        title = " ".join(candidate.split())
        if title:
            return _strip_site_name(title, names, heading_keys)
    return ""


def _strip_site_name(title: str, site_names: set[str], headings: set[str]) -> str:
    parts = _split(title)
    if len(parts) == 1:
        return title
    for count in range(1, len(parts)):
        if _key(_join(title, parts[:count])) in headings:
            return _join(title, parts[:count])
    while len(parts) > 1 and _names_site(parts[-1][2], site_names):
        parts = parts[:-1]
    while len(parts) > 1 and _names_site(parts[0][2], site_names):
        parts = parts[1:]
    return _join(title, parts)


def _split(title: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each part of ``title`` between separators."""
    parts, start = [], 0
    for match in _SEPARATOR.finditer(title):
        parts.append((start, match.start(), title[start : match.start()]))
        start = match.end()
    parts.append((start, len(title), title[start:]))
    return [part for part in parts if part[2].strip()]


def _join(title: str, parts: list[tuple[int, int, str]]) -> str:
    """The stretch of ``title`` from the first to the last of ``parts``, separators included."""
    return title[parts[0][0] : parts[-1][1]].strip()


def _names_site(part: str, site_names: set[str]) -> bool:
    key = _key(part)
    if not key:
        return False
    return any(
        key == name or (len(key) >= 3 and key in name) or (len(name) >= 3 and name in key) for name in site_names
    )


def _key(text: str) -> str:
    """Letters and digits only, case-folded: "The Verge" and "theverge.com" share "theverge"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())
