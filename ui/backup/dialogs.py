"""The backup dialogs: confirming a restore, and the offer made when the library is found damaged."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from annotations.backup_archive import Manifest
from annotations.integrity import LibraryDamaged


class DamageChoice(Enum):
    RESTORE = "restore"
    START_EMPTY = "start empty"
    QUIT = "quit"


_WIDE = "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 460px; }"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def describe(manifest: Manifest) -> str:
    """“3 December 2026 at 21:04: 5,000 articles, 100,000 highlights, 42 tags”."""
    from datetime import datetime

    try:
        made = datetime.fromisoformat(manifest.created).astimezone().strftime("%-d %B %Y at %H:%M")
    except ValueError:
        made = manifest.created
    return f"{made}: {counts_text(manifest)}"


def counts_text(manifest: Manifest) -> str:
    """“5,000 articles, 100,000 highlights, 42 tags”."""
    counts = manifest.counts
    return (f"{_plural(counts.articles, 'article')}, {_plural(counts.highlights, 'highlight')},"
            f" {_plural(counts.tags, 'tag')}")  # fmt: skip


def restore_question(parent: QWidget | None, path: Path, manifest: Manifest) -> QMessageBox:
    """“Replace the library with this backup?” (Restore / Cancel); the caller opens it and reads the button."""
    box = QMessageBox(QMessageBox.Icon.Question, "Restore from Backup",
                      f"Replace the library with the backup {path.name}?", parent=parent)  # fmt: skip
    box.setObjectName("restoreQuestion")
    box.setStyleSheet(_WIDE)
    box.setInformativeText(
        f"The backup was made {describe(manifest)}.\n\nThe current library is kept in the data folder's"
        " “replaced” folder. Lectern reopens on the restored library and rebuilds the search index."
    )
    box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    return box


def damaged_offer(damage: LibraryDamaged, manifest: Manifest | None) -> tuple[QMessageBox, dict[object, DamageChoice]]:
    """The dialog shown at start when the database is damaged: restore the newest backup, or quit."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Lectern", "The library database is damaged.")
    box.setObjectName("damagedLibrary")
    box.setStyleSheet(_WIDE)
    kept = f"\n\nThe damaged file was kept in\n{damage.kept}" if damage.kept is not None else ""
    choices: dict[object, DamageChoice] = {}
    if damage.backup is not None and manifest is not None:
        offer = f"\n\nThe newest backup was made {describe(manifest)}. Restore it?"
        choices[box.addButton("Restore Backup", QMessageBox.ButtonRole.AcceptRole)] = DamageChoice.RESTORE
    else:
        offer = "\n\nThere is no automatic backup to restore."
        choices[box.addButton("Start an Empty Library", QMessageBox.ButtonRole.DestructiveRole)] = (
            DamageChoice.START_EMPTY
        )
    box.setInformativeText(f"SQLite reports: {damage.problem}.{kept}{offer}")
    choices[box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)] = DamageChoice.QUIT
    return box, choices
