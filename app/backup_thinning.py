"""Which automatic backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months (by default).

As borg and restic count: periods that have a backup, newest first; a backup kept by one rule counts
for the others too. The newest backup is always kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime

from annotations.store_settings import BackupPolicy

# The defaults; a library may keep other counts (Preferences → Backups, ``annotations.store_settings``).
DAILY, WEEKLY, MONTHLY = BackupPolicy.daily, BackupPolicy.weekly, BackupPolicy.monthly


def backups_to_keep(
    times: Iterable[datetime], daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY
) -> set[datetime]:
    newest_first = sorted(set(times), reverse=True)
    keep: set[datetime] = set(newest_first[:1])
    rules: list[tuple[int, Callable[[datetime], Hashable]]] = [
        (daily, lambda when: when.date()),
        (weekly, lambda when: when.isocalendar()[:2]),
        (monthly, lambda when: (when.year, when.month)),
    ]
    for count, period in rules:
        seen: set[Hashable] = set()
        for when in newest_first:
            if len(seen) >= count:
                break
            if period(when) not in seen:
                seen.add(period(when))
                keep.add(when)
    return keep
