"""Dates as articles state them ("2024", "2024-05-17T08:00:00Z", "17 May 2024") turned into datetimes for the index."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_ISO_PREFIX = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_WRITTEN_FORMATS = ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%B %Y", "%b %Y", "%m/%d/%Y", "%d.%m.%Y")


def parse_date(text: str) -> datetime | None:
    """The day ``text`` names (naive, UTC), or None when it names none Lectern can read."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is not None:
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    match = _ISO_PREFIX.match(text)
    if match:
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            return datetime(year, month, day)
        except ValueError:
            return None
    for pattern in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None
