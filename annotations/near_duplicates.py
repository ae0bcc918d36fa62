"""Near-duplicate texts (syndicated copies): MinHash signatures, LSH bands, and the exact similarity.

A text becomes a set of *shingles*: every run of ``SHINGLE_TOKENS`` consecutive tokens, where a token is a
lower-cased run of word characters, or a single character of Chinese or Japanese script (those languages
write no spaces, so their shingles are character n-grams; Korean writes spaces and is read as words).

The *similarity* of two texts is the Jaccard index of their shingle sets: shared shingles over all
shingles. Jaccard rather than containment, because it is symmetric and falls with every paragraph only one
side has: an article that quotes a paragraph of another shares a small part of either text (about 5 % for
one paragraph of two ten-paragraph articles), whereas the containment of a short text quoted whole in a
long one is 100 %. ``benchmarks/near_duplicates.py`` measured the threshold on generated wire stories of about
800 words: a copy with another headline, byline and footer is 86 % or more the same as its original, with a
paragraph dropped 73 % or more, with three sentences reworded 78 %; another story on the same topic (the same
stock phrases) at most 29 %, one quoting a paragraph about 5 %. At 70 % every link was right and 93 % of the
copies were linked on arrival (at 80 %: 85 %). A story cut to 60 % of its length (about 58 %) is not a copy:
containment would catch it, but would also make a short text quoted whole in a long one a copy.

Finding the candidates among thousands of articles uses a MinHash signature of ``PERMUTATIONS`` values
(one-permutation hashing: see ``minhash``); two signatures agree in a position with probability equal to the
Jaccard index. The signature is cut into ``BANDS`` bands of ``ROWS`` values; two texts whose signatures agree
on a whole band share its bucket, so a lookup of the text's buckets finds nearly every article above about
50 % similarity (99 % of those at 70 %), and the exact Jaccard of the shingle sets decides. 5-word shingles
kept distinct stories furthest apart (3 words: up to 42 % for stories on the same topic); 128 values found
nothing more than 64. A 1,000-word article's fingerprint takes about 0.4 ms (on a busy 2-CPU machine).

Every constant below is part of the stored fingerprints: change one and bump ``SIGNATURE_VERSION``, so
that older fingerprints are computed again (``CopyTable.refresh``, through ``app/copies.py``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

SHINGLE_TOKENS = 5  # tokens per shingle (words, or CJK characters)
PERMUTATIONS = 64  # MinHash values per signature
BANDS, ROWS = 16, 4  # LSH: BANDS * ROWS == PERMUTATIONS; an article is a candidate above ~(1/16)^(1/4) = 50 %
THRESHOLD = 0.7  # Jaccard similarity from which an article is a copy of another (measured: see the module doc)
ESTIMATE_MARGIN = 0.2  # candidates whose MinHash estimate is this far below THRESHOLD are not compared exactly
MIN_SHINGLES = 20  # shorter texts (a title, a caption) get no fingerprint: they are too short to call copies
SIGNATURE_VERSION = 2  # the first byte of a stored signature (1: tokens hashed with CRC-32)

# Han (with extensions and compatibility ideographs), Hiragana, Katakana, half-width Katakana.
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")
_CJK_CHARACTER = re.compile(f"[{_CJK}]")
_WORD_CHARACTER = re.compile(r"\w")
_SEPARATOR, _WORD_PART, _CJK_TOKEN = 0, 1, 2  # what a character is to the tokens
_ASCII_KINDS = np.array([_WORD_PART if _WORD_CHARACTER.match(chr(code)) else _SEPARATOR for code in range(128)],
                        dtype=np.uint8)  # fmt: skip


def _constants(name: str, count: int) -> np.ndarray:
    """``count`` fixed odd 64-bit numbers, derived from ``name`` (never from a random generator whose
    stream could change between numpy versions: the stored signatures depend on them)."""
    values = []
    for number in range(count):
        digest = hashlib.blake2b(f"lectern-minhash-{name}-{number}".encode(), digest_size=8).digest()
        values.append(int.from_bytes(digest, "little") | 1)
    return np.array(values, dtype=np.uint64)


_POSITION = _constants("position", 16)  # a token's weight by its place in the shingle (up to 16 tokens)
_BASE = _constants("base", 1)[0]  # the polynomial hash of a token's characters
_BASE_INVERSE = np.uint64(pow(int(_BASE), -1, 1 << 64))  # odd, so invertible modulo 2**64
_DENSIFY = _constants("densify", 1)[0]
_BAND_MIX = _constants("band", 64)


def tokens(text: str) -> list[str]:
    """The text's words, lower-cased, with each Chinese or Japanese character a token of its own (what
    ``token_hashes`` hashes, without making the strings)."""
    return _TOKEN.findall(text.lower())


def token_hash(token: str) -> int:
    """One token's hash, as ``token_hashes`` computes it for every token of a text at once."""
    value = 0
    for place, character in enumerate(token):
        value = (value + ord(character) * pow(int(_BASE), place, 1 << 64)) % (1 << 64)
    return int(_mix(np.array([value], dtype=np.uint64))[0])


def token_hashes(text: str) -> np.ndarray:
    """The hash of each of ``tokens(text)``, in order, computed over the text's characters in numpy (making
    a string and hashing it per token took three quarters of a fingerprint's time): each character's kind
    (part of a word, a CJK character, a separator) marks where tokens start and end, and a token's hash is
    the polynomial of its characters, read from prefix sums."""
    codes = np.frombuffer(text.lower().encode("utf-32-le"), dtype="<u4")
    if not len(codes):
        return np.empty(0, dtype=np.uint64)
    kinds = _ASCII_KINDS.take(np.minimum(codes, 127))
    wide = codes > 127
    if wide.any():
        distinct, where = np.unique(codes[wide], return_inverse=True)
        kinds[wide] = np.array([_kind(chr(int(code))) for code in distinct], dtype=np.uint8)[where]
    word = kinds == _WORD_PART
    cjk = kinds == _CJK_TOKEN
    before = np.concatenate(([False], word[:-1]))
    after = np.concatenate((word[1:], [False]))
    starts = np.flatnonzero((word & ~before) | cjk)
    ends = np.flatnonzero((word & ~after) | cjk) + 1
    if not len(starts):
        return np.empty(0, dtype=np.uint64)
    powers, inverse = _powers(len(codes))
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes * powers, dtype=np.uint64, out=prefix[1:])
    return _mix((prefix[ends] - prefix[starts]) * inverse[starts])


_POWERS: tuple[np.ndarray, np.ndarray] = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))


def _powers(count: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**i and BASE**-i (modulo 2**64) for i < count, computed once for the longest text met so far."""
    global _POWERS
    if len(_POWERS[0]) < count:
        size = max(count, 2 * len(_POWERS[0]), 65_536)
        powers = np.cumprod(np.full(size, _BASE, dtype=np.uint64)) * _BASE_INVERSE  # wraps, as intended
        inverse = np.cumprod(np.full(size, _BASE_INVERSE, dtype=np.uint64)) * _BASE
        _POWERS = (powers, inverse)  # one assignment: a thread reading the old pair keeps a consistent one
    powers, inverse = _POWERS
    return powers[:count], inverse[:count]


def _kind(character: str) -> int:
    if _CJK_CHARACTER.match(character):
        return _CJK_TOKEN
    return _WORD_PART if _WORD_CHARACTER.match(character) else _SEPARATOR


def shingles(text: str, size: int = SHINGLE_TOKENS) -> np.ndarray:
    """The sorted, distinct 64-bit hashes of the text's shingles of ``size`` tokens (stable across processes
    and runs; other sizes only for ``benchmarks/near_duplicates.py``)."""
    words = token_hashes(text)
    if not len(words):
        return np.empty(0, dtype=np.uint64)
    width = min(size, len(words))
    count = len(words) - width + 1
    hashed = np.zeros(count, dtype=np.uint64)
    for place in range(width):
        hashed += words[place : place + count] * _POSITION[place]  # wraps modulo 2**64, as intended
    hashed = np.sort(_mix(hashed))
    distinct = np.empty(count, dtype=bool)
    distinct[0] = True
    np.not_equal(hashed[1:], hashed[:-1], out=distinct[1:])
    return hashed[distinct]  # np.unique does the same, with ten times the overhead on a short array


def _mix(values: np.ndarray) -> np.ndarray:
    """Spread the bits of each value (the finaliser of SplitMix64), so nearby sums hash far apart."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def minhash(hashed: np.ndarray, permutations: int = PERMUTATIONS) -> np.ndarray:
    """The PERMUTATIONS-value signature of sorted distinct shingle hashes, by one-permutation hashing.

    The hash's top bits choose one of PERMUTATIONS bins, and each bin keeps its smallest value: as the hashes
    are sorted, that is the first of each bin, found by a binary search (k independent hash functions
    would cost PERMUTATIONS times the work per shingle). An empty bin (a short text) borrows the value of
    the next non-empty bin to its right, mixed with the distance ("rotation" densification), so two texts
    agree in a bin with probability equal to their Jaccard index, as with classic MinHash."""
    shift = 64 - (permutations.bit_length() - 1)  # the top bits of a shingle hash choose its bin (a power of 2)
    edges = np.arange(permutations, dtype=np.uint64) << np.uint64(shift)
    starts = np.searchsorted(hashed, edges)
    ends = np.append(starts[1:], len(hashed))
    filled = starts < ends
    values = (hashed[np.minimum(starts, len(hashed) - 1)] >> np.uint64(shift - 32)) & np.uint64(0xFFFFFFFF)
    if not filled.all():
        positions = np.flatnonzero(filled)
        following = positions[np.searchsorted(positions, np.arange(permutations)) % len(positions)]
        distance = (following - np.arange(permutations)) % permutations
        borrowed = _mix(values[following] + distance.astype(np.uint64) * _DENSIFY) & np.uint64(0xFFFFFFFF)
        values = np.where(filled, values, borrowed)
    return values.astype(np.uint32)


@dataclass(frozen=True)
class Fingerprint:
    """A text's shingles (for the exact similarity) and its MinHash signature (for finding candidates)."""

    shingles: np.ndarray  # sorted distinct uint64
    signature: np.ndarray  # PERMUTATIONS uint32

    def to_bytes(self) -> bytes:
        """The signature as stored: a version byte, then PERMUTATIONS little-endian uint32."""
        return bytes([SIGNATURE_VERSION]) + self.signature.astype("<u4").tobytes()

    def buckets(self) -> list[tuple[int, int]]:
        """(band, bucket) of each LSH band: a signed 64-bit bucket, as SQLite stores integers."""
        return band_buckets(self.signature)


def fingerprint(text: str) -> Fingerprint | None:
    """The text's fingerprint, or None for a text too short to be called anyone's copy."""
    hashed = shingles(text)
    if len(hashed) < MIN_SHINGLES:
        return None
    return Fingerprint(hashed, minhash(hashed))


def signature_from_bytes(stored: bytes) -> np.ndarray | None:
    """A stored signature, or None when it is empty (a short text) or of another SIGNATURE_VERSION."""
    if len(stored) != 1 + 4 * PERMUTATIONS or stored[0] != SIGNATURE_VERSION:
        return None
    return np.frombuffer(stored, dtype="<u4", offset=1).astype(np.uint32)


def empty_signature() -> bytes:
    """What is stored for a text too short to fingerprint: marks it done, matches nothing."""
    return bytes([SIGNATURE_VERSION])


def band_buckets(signature: np.ndarray, bands: int = BANDS) -> list[tuple[int, int]]:
    """Each band's values combined into one number (with the band's number mixed in)."""
    rows = signature.astype(np.uint64).reshape(bands, -1)
    combined = (rows * _BAND_MIX[: rows.shape[1]]).sum(axis=1, dtype=np.uint64) + np.arange(bands, dtype=np.uint64)
    return [(band, int(value)) for band, value in enumerate(_mix(combined).view(np.int64))]


def estimated_similarity(first: np.ndarray, second: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard index: the share of positions where the signatures agree."""
    return float(np.count_nonzero(first == second)) / len(first)


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """The exact Jaccard index of two shingle sets (sorted distinct arrays)."""
    if not len(first) and not len(second):
        return 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared)


def is_copy(score: float) -> bool:
    return score >= THRESHOLD
