"""Publication periods: an article's stored date ("2024", "2024-09", "2024-09-20", "2024-09-20T08:00:00Z",
"20 September 2024", …) as the month or year a timeline counts it in.

The month and year are the ones the date states (never shifted to UTC: an article dated 1 October at 00:30
in Tehran belongs to October). A date naming only a year is counted under that year ("2024") in a monthly
timeline too, never guessed into January. An empty date, or one no reader of dates understands (``index.dates``),
is "undated": counted apart, never dropped.
"""

from __future__ import annotations

import re

from index.dates import parse_date

UNDATED = "undated"
BY = ("month", "year")
_ISO = re.compile(r"^(\d{4})(?!\d)(?:-(\d{1,2})(?!\d))?")


def period_of(published: str, by: str) -> str:
    """``"2024"``, ``"2024-09"`` or ``"undated"`` for a stored date, by ``"month"`` or ``"year"``."""
    text = published.strip()
    moment = parse_date(text) if text else None
    if moment is None:
        return UNDATED
    match = _ISO.match(text)
    if match:  # the date as written, not as parse_date turned it into UTC
        year, month = int(match.group(1)), int(match.group(2)) if match.group(2) else None
        if month is not None and not 1 <= month <= 12:
            return UNDATED
    else:
        year, month = moment.year, moment.month
    if by == "year" or month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}"


def every_period(found: set[str], by: str) -> list[str]:
    """``found`` in time order with the empty periods between the first and the last filled in (a chart's
    axis must not skip a quiet month), "undated" last."""
    dated = sorted(period for period in found if period != UNDATED)
    periods: list[str] = []
    if dated:
        first, last = int(dated[0][:4]), int(dated[-1][:4])
        if by == "year":
            periods = [f"{year:04d}" for year in range(first, last + 1)]
        else:
            months = [period for period in dated if len(period) == 7]
            low, high = (months[0], months[-1]) if months else ("", "")
            for year in range(first, last + 1):
                if f"{year:04d}" in found:
                    periods.append(f"{year:04d}")  # articles dated by their year alone, before its months
                periods += [
                    f"{year:04d}-{month:02d}" for month in range(1, 13) if low <= f"{year:04d}-{month:02d}" <= high
                ]
    return periods + ([UNDATED] if UNDATED in found else [])
