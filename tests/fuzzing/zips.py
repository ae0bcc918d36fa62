"""Zip archives written byte by byte, so a test can make one lie: declared sizes, names, flags, truncation.

``zipfile`` cannot write a member whose header understates its size, two members of one name without a
warning, or a name like ``../../evil``; DOCX and REFI-QDA inputs need all of these.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

_DOS_TIME, _DOS_DATE = 0, (2024 - 1980) << 9 | 1 << 5 | 1


@dataclass(frozen=True)
class Member:
    """One file in the archive. ``declared_size``/``crc`` override the true values (to lie); ``raw`` is the
    already-compressed payload (a bomb built once and reused)."""

    name: str | bytes
    data: bytes = b""
    deflate: bool = True
    raw: bytes | None = None
    true_size: int | None = None  # with ``raw``: the inflated size
    declared_size: int | None = None
    crc: int | None = None
    flags: int = 0
    method: int | None = None  # the compression method the headers name (8 deflate, 0 stored, others unknown)


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


@lru_cache(maxsize=8)
def zeros_bomb(size: int) -> tuple[bytes, int]:
    """``size`` zero bytes deflated (about size / 1000 bytes) and their CRC, computed in chunks."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    out, crc, left = [], 0, size
    while left:
        piece = chunk[: min(left, len(chunk))]
        out.append(packer.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    out.append(packer.flush())
    return b"".join(out), crc


def build_zip(members: list[Member], comment: bytes = b"") -> bytes:
    out = bytearray()
    central = bytearray()
    for member in members:
        name = member.name.encode("utf-8", "surrogatepass") if isinstance(member.name, str) else member.name
        if member.raw is not None:
            payload, size, crc = member.raw, member.true_size or 0, member.crc or 0
        else:
            payload = deflated(member.data) if member.deflate else member.data
            size, crc = len(member.data), zlib.crc32(member.data)
        size = member.declared_size if member.declared_size is not None else size
        crc = member.crc if member.crc is not None else crc
        method = 8 if (member.deflate or member.raw is not None) else 0
        method = member.method if member.method is not None else method
        flags = member.flags | 0x800  # names are UTF-8
        offset = len(out)
        out += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, method, _DOS_TIME, _DOS_DATE, crc & 0xFFFFFFFF,
            len(payload) & 0xFFFFFFFF, size & 0xFFFFFFFF, len(name), 0,
        )  # fmt: skip
        out += name + payload
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, flags, method, _DOS_TIME, _DOS_DATE, crc & 0xFFFFFFFF,
            len(payload) & 0xFFFFFFFF, size & 0xFFFFFFFF, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
    start = len(out)
    out += central
    out += struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members) & 0xFFFF, len(members) & 0xFFFF, len(central), start,
        len(comment),
    )  # fmt: skip
    return bytes(out + comment)
