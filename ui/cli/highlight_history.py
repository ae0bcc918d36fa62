"""``annotation history ID [--json]``: who changed what in a highlight, and when (newest first).

A team library's server records each field a save replaced; a personal library keeps no such record (its
undo stack is its history), so there the answer is always empty.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ui.cli.output import EXIT_OK, print_json

if TYPE_CHECKING:
    from annotations.store_history import HistoryEntry
    from app import Library


def history_json(entry: HistoryEntry) -> dict[str, object]:
    return {"field": entry.field, "old": entry.old, "new": entry.new, "by": entry.by, "at": entry.at.isoformat()}


def history_line(entry: HistoryEntry) -> str:
    """``2026-12-05 10:42 bob  note: “old” → “new”`` (a deletion: ``deleted “quote”``)."""
    when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
    if entry.field == "deleted":
        return f"{when} {entry.by}  deleted “{entry.old}”"
    if entry.field == "restored":
        return f"{when} {entry.by}  restored"
    return f"{when} {entry.by}  {entry.field}: “{entry.old or ''}” → “{entry.new or ''}”"


def command_annotation_history(library: Library, arguments: argparse.Namespace) -> int:
    entries = library.annotations.history(arguments.annotation_id)  # NotFound: "no annotation #N"
    if arguments.json:
        print_json([history_json(entry) for entry in entries])
    elif not entries:
        print(f"#{arguments.annotation_id}: no changes since it was made")
    else:
        for entry in entries:
            print(history_line(entry).replace("\n", " "))
    return EXIT_OK
