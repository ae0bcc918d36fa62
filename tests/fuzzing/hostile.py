"""Pieces of hostile text and byte-level mutation, shared by every generator.

The pieces are what breaks text handling in practice: NULs and other controls, lone surrogates, bidi and
zero-width controls, non-characters, combining-mark floods, numbers no parser should trust, very long runs
without a break, and markup-looking text that must stay text.
"""

from __future__ import annotations

import random
from collections.abc import Callable

HOSTILE_PIECES: tuple[str, ...] = (
    "\x00",
    "\x00\x00\x00\x00",
    "\ud800",  # a lone high surrogate (not encodable as UTF-8 without surrogatepass)
    "\udfff",
    "\ud83d",  # half an emoji
    "\u202e",  # right-to-left override
    "Report\u202egnp.exe",
    "\u2066\u2067\u2068\u2069",
    "\u200b\u200c\u200d\u2060",
    "\ufeff",
    "\ufffe\uffff",
    "\ufdd0",
    "\ufffc\ufffd",
    "e" + "\u0301" * 300,
    "👩\u200d👩\u200d👧\u200d👦",
    "\U0001f600" * 20,
    "\u2028\u2029",
    "\r",
    "\x0b\x0c\x1c\x1d\x1e\x85",
    "\x1b[31m\x1b]0;title\x07",
    "\x7f\x80\x9f",
    "مرحبا بالعالم",
    "北京市中国",
    "שלום",
    "İıﬁßẞ",
    "9" * 400,
    "-0",
    "1e308",
    "1e999999",
    "-1e999999",
    "NaN",
    "Infinity",
    "18446744073709551616",
    "-9223372036854775809",
    "%s%n%x%d",
    "{{7*7}}${7*7}",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "../../../../etc/passwd",
    "C:\\Windows\\win.ini",
    "\\\\host\\share",
    "' OR 1=1 --",
    "]]>",
    "-->",
    "&amp;&lt;&#0;&#xD800;&#1114112;",
)


def hostile_piece(rng: random.Random) -> str:
    return rng.choice(HOSTILE_PIECES)


def hostile_text(rng: random.Random, pieces: int = 3, words: int = 8) -> str:
    """Ordinary words with hostile pieces mixed in."""
    parts = [rng.choice(WORDS) for _ in range(words)] + [hostile_piece(rng) for _ in range(pieces)]
    rng.shuffle(parts)
    return " ".join(parts)


def long_run(rng: random.Random, low: int = 10_000, high: int = 300_000) -> str:
    """One very long run of a single kind of character (a word without breaks, a flood of markup)."""
    char = rng.choice(("a", " ", "\n", "[", "<", "*", "_", "`", "(", "\u0301", "\u202e", "-", ">", "#", "|", "\\"))
    return char * rng.randint(low, high)


WORDS: tuple[str, ...] = (
    "sanctions", "radar", "export", "ministry", "report", "defense", "policy", "border", "council", "treaty",
    "budget", "coast", "winter", "battery", "analysis", "northern", "regional", "press", "trade", "minister",
)  # fmt: skip


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def encode(text: str) -> bytes:
    """UTF-8, keeping lone surrogates as the (invalid) bytes a careless writer would produce."""
    return text.encode("utf-8", "surrogatepass")


# -- byte-level mutation ----------------------------------------------------------------------------------------
_INTERESTING = (b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\xc0\x80", b"\x80", b"\n", b"\r")


def _flip(data: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 16)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)


def _insert(data: bytearray, rng: random.Random) -> None:
    at = rng.randint(0, len(data))
    chunk = rng.choice((rng.randbytes(rng.randint(1, 64)), rng.choice(_INTERESTING) * rng.randint(1, 512)))
    data[at:at] = chunk


def _delete(data: bytearray, rng: random.Random) -> None:
    if data:
        start = rng.randrange(len(data))
        del data[start : start + rng.randint(1, max(1, len(data) // 8))]


def _truncate(data: bytearray, rng: random.Random) -> None:
    if data:
        del data[rng.randrange(len(data)) :]


def _duplicate(data: bytearray, rng: random.Random) -> None:
    if data:
        start = rng.randrange(len(data))
        chunk = bytes(data[start : start + rng.randint(1, 256)])
        at = rng.randint(0, len(data))
        data[at:at] = chunk * rng.randint(1, 200)


def _overwrite(data: bytearray, rng: random.Random) -> None:
    if data:
        at = rng.randrange(len(data))
        chunk = rng.choice(_INTERESTING) * rng.randint(1, 8)
        data[at : at + len(chunk)] = chunk


MUTATIONS: dict[str, Callable[[bytearray, random.Random], None]] = {
    "flip": _flip,
    "insert": _insert,
    "delete": _delete,
    "truncate": _truncate,
    "duplicate": _duplicate,
    "overwrite": _overwrite,
}


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """``data`` after one to four random byte-level mutations, and their names."""
    out = bytearray(data)
    names = []
    for _ in range(rng.randint(1, 4)):
        name = rng.choice(tuple(MUTATIONS))
        MUTATIONS[name](out, rng)
        names.append(name)
    return bytes(out), "+".join(names)
