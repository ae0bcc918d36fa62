"""Titles and other metadata as one line of visible text, and sources that are web addresses or file paths.

Every importer (``importers/document_builder.py``), metadata edited in the window or the CLI
(``app/documents.py``) and annotation imports go through here, so a title such as ``Report\u202egnp.exe``
(a right-to-left override that shows as "Reportexe.png") or one padded with zero-width characters never
reaches the store (DESIGN §6).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Zero-width joiners (U+200C, U+200D) shape Persian, Indic scripts and emoji between two visible characters;
# anywhere else they only hide things.
_JOINERS = frozenset("\u200c\u200d")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") and char not in "\t\n\r"


def plain_line(value: str) -> str:
    """``value`` as one line: control and format characters (bidi overrides, zero-width spaces, BOM) removed,
    white space collapsed. Zero-width joiners stay between two visible characters."""
    if value.isascii() and value.isprintable():
        return " ".join(value.split())
    kept: list[str] = []
    for index, char in enumerate(value):
        if char in _JOINERS:
            before = value[index - 1] if index else ""
            after = value[index + 1] if index + 1 < len(value) else ""
            if before and after and not _invisible(before) and not _invisible(after) and not (before + after).isspace():
                kept.append(char)
            continue
        if not _invisible(char):
            kept.append(char)
    return " ".join("".join(kept).split())


def plain_text(value: str) -> str:
    """``value`` (a note: several lines) without control and format characters; line breaks and tabs stay."""
    return "".join(char for char in value if char in "\t\n" or not _invisible(char)).replace("\r", "")


def is_web_address(value: str) -> bool:
    """True for an http(s) address with a real host and nothing hidden in it."""
    if not value.lower().startswith(("http://", "https://")) or "\\" in value:
        return False
    if any(char.isspace() or _invisible(char) for char in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    host = parts.hostname or ""
    return bool(host) and not (parts.username or parts.password) and _plausible_host(host)


def _plausible_host(host: str) -> bool:
    if host.startswith("[") or ":" in host:  # an IPv6 literal; urlsplit has checked its brackets
        return True
    return all(label and all(char.isalnum() or char == "-" for char in label) for label in host.rstrip(".").split("."))


def is_local_path(value: str) -> bool:
    """True for a file path (absolute or relative, POSIX or Windows); False for anything with a URL scheme."""
    if not value or any(_invisible(char) for char in value):
        return False
    if _WINDOWS_DRIVE.match(value) or value.startswith("\\\\"):
        return True
    return _SCHEME.match(value) is None


def plain_source(value: str) -> str:
    """``value`` if it is an http(s) address or a file path, else "" (``javascript:…``, ``data:…``,
    ``file:…`` and other schemes are not sources)."""
    value = value.strip()
    if is_web_address(value) or is_local_path(value):
        return value
    return ""
