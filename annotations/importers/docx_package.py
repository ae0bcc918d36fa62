"""Checking a .docx package before python-docx opens it, which inflates every part into memory.

A .docx file is a zip package. Its central directory declares each member's inflated size, and
Python's zipfile never inflates a member past that size (a member that lies fails its CRC check),
so the declared sizes bound what opening the package can cost. A package whose parts would
inflate past these limits (a zip bomb) is refused before anything is inflated.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from annotations.errors import ImportRefused

MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_XML_PART_BYTES = 20 * 1024 * 1024  # word/document.xml of ~1,500 dense pages; parsed in about 5 s
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # everything python-docx loads, images included
MAX_MEMBERS = 10_000
MAX_XML_RATIO = 200  # word/document.xml compresses about 10:1; far more is a repeated pattern
_RATIO_CHECKED_FROM = 5 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MB = 1024 * 1024


def check_package(data: bytes, name: str) -> None:
    """Refuse ``data`` unless it is a zip package whose parts inflate within the limits."""
    if data.startswith(_OLE_MAGIC):
        raise ImportRefused(
            f"{name}: an encrypted or old-format (.doc) Word file; save it from Word as an unprotected .docx"
        )
    if not data.startswith(b"PK"):
        raise ImportRefused(f"{name}: not a Word .docx file (it is not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except UnicodeDecodeError as error:  # zipfile's own words ("'utf-8' codec can't decode byte 0xaf") say little
        raise ImportRefused(f"{name}: the .docx file is damaged (a name inside it is not valid UTF-8)") from error
    except NotImplementedError as error:  # zipfile: "zip file version 19.2" (a header naming a future zip format)
        raise ImportRefused(f"{name}: the .docx file is damaged (its zip headers name an unknown zip version)") from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise ImportRefused(f"{name}: the .docx file is damaged or truncated ({error})") from error
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(f"{name}: {len(members):,} parts is over the {MAX_MEMBERS:,}-part limit for a .docx")
    inflated = sum(member.file_size for member in members)
    if inflated > MAX_INFLATED_BYTES:
        raise ImportRefused(
            f"{name}: its parts inflate to {inflated / _MB:,.0f} MB, over the {MAX_INFLATED_BYTES // _MB} MB limit"
        )
    for member in members:
        _check_part(member, name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for member in members:
                _inflate_in_steps(package, member)
    except UnicodeDecodeError as error:  # a local header's name that is not the UTF-8 it claims to be
        raise ImportRefused(f"{name}: the .docx file is damaged (a name inside it is not valid UTF-8)") from error
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ImportRefused(f"{name}: the .docx file is damaged or truncated ({error})") from error
    except zlib.error as error:
        raise ImportRefused(f"{name}: the .docx file is damaged or truncated (a part's compressed data is corrupt)") from error


def _inflate_in_steps(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Inflate a part a megabyte at a time, checking its CRC, before python-docx reads it whole.

    zipfile stops at the declared size, but reading a part in one call lets the inflater expand all of
    it first: a part that declares 1 KB and holds 300 MB of zeros cost 650 MB before its CRC failed.
    In steps, a lying part fails after a megabyte."""
    try:
        with package.open(member) as part:
            while part.read(_MB):
                pass
    except (NotImplementedError, RuntimeError):  # an unknown method, an encrypted part: the importer says which
        return


def _check_part(member: zipfile.ZipInfo, name: str) -> None:
    if not member.filename.lower().endswith((".xml", ".rels")):
        return
    size = member.file_size
    if size > MAX_XML_PART_BYTES:
        raise ImportRefused(
            f"{name}: {member.filename} inflates to {size / _MB:,.0f} MB, "
            f"over the {MAX_XML_PART_BYTES // _MB} MB limit (a zip bomb?)"
        )
    if size > _RATIO_CHECKED_FROM and size > MAX_XML_RATIO * max(member.compress_size, 1):
        raise ImportRefused(
            f"{name}: {member.filename} inflates {size // max(member.compress_size, 1):,} times (a zip bomb?)"
        )
