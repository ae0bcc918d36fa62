"""Reading an import candidate from disk: size limits, binary detection and encoding detection."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from annotations.errors import ImportRefused

MAX_IMPORT_BYTES = 20 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def read_source(path: Path, *, max_bytes: int = MAX_IMPORT_BYTES) -> bytes:
    """Return the bytes of ``path``, refusing missing, empty and oversize files before reading them."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"{path.name}: cannot be read ({error.strerror or error})") from error
    if not path.is_file():
        raise ImportRefused(f"{path.name}: not a file")
    if size == 0:
        raise ImportRefused(f"{path.name}: the file is empty")
    if size > max_bytes:
        raise ImportRefused(
            f"{path.name}: {size / 1024 / 1024:.1f} MB is over the {max_bytes // 1024 // 1024} MB import limit"
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"{path.name}: cannot be read ({error.strerror or error})") from error


def decode_text(data: bytes, name: str, *, html: bool = False) -> str:
    """Decode ``data`` as text: a BOM, then strict UTF-8, then a declared HTML charset, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data, encoding, name)
    if _looks_binary(data):
        raise ImportRefused(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8")  # valid UTF-8 beyond ASCII almost never happens by accident
    except UnicodeDecodeError:
        pass
    if html:
        declared = _META_CHARSET.search(data[:_SNIFF_BYTES])
        if declared:
            encoding = declared.group(1).decode("ascii", "replace")
            try:
                # Python also registers codecs that are not text encodings ("zlib", "rot13", "hex"): a page
                # naming one has declared nothing usable, so detection decides, as for an unknown name.
                return data.decode(encoding, errors="replace")
            except LookupError:
                pass
    western = _plausible_western_european(data)
    if western is not None:
        return western
    best = from_bytes(data).best()
    if best is None:
        raise ImportRefused(f"{name}: the text encoding could not be recognised")
    return str(best)


def _plausible_western_european(data: bytes) -> str | None:
    """Windows-1252 text, if ``data`` reads as mostly-ASCII Western European prose in it.

    Detectors guess poorly on short Western texts ("Café déjà vu" comes out as Arabic); such text
    has a few accented letters among many plain ones, while Cyrillic or Greek bytes read as
    Windows-1252 turn nearly every letter into an accented one.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [char for char in text if char.isalpha()]
    accented = sum(1 for char in letters if not char.isascii())
    if not letters or accented == 0 or accented / len(letters) > 0.5:
        return None
    if any(char in _UNLIKELY_CP1252 for char in text):
        return None
    return text


_UNLIKELY_CP1252 = frozenset("ƒˆ‰Š‹ŒŽ˜™š›œžŸ¤¦¨¯¸¹³²¼½¾×÷ÐÞðþ")


def _decode_with(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{name}: not valid {encoding} text ({error.reason})") from error


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\v\x1b")
    return controls > len(sample) * 0.05
