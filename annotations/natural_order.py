"""Ordering titles as people count: "Report 2" before "Report 10"."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d+")


def natural_key(text: str) -> str:
    """``text`` case-folded, with each run of digits padded to 20 places so that numbers compare by value."""
    return _DIGITS.sub(lambda number: number.group().zfill(20), text.casefold())
