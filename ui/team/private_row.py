"""The highlight editor's Private checkbox, on a team library only.

Like the editor's other rows it writes nothing until Save (Cancel drops the change); on Save a changed
box becomes one undoable ``library.annotations.update(id, visibility=...)`` through ``Operations``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QWidget

PRIVATE = "private"
TEAM = "team"


class PrivateBox(QCheckBox):
    """Checked: only the highlight's creator (and the server's admins, for deleting) can see it."""

    def __init__(self, visibility: str, parent: QWidget | None = None) -> None:
        super().__init__("Private: only you can see this highlight", parent)
        self.setObjectName("privateBox")
        self.setToolTip("Unchecked, the whole team sees it; checked, the server shows it to no one else")
        self.opened_with = visibility
        self.setChecked(visibility == PRIVATE)

    def visibility(self) -> str:
        return PRIVATE if self.isChecked() else TEAM

    def changed(self) -> str | None:
        """The new visibility if the user changed it, else None."""
        return self.visibility() if self.visibility() != self.opened_with else None


def on_save(box: PrivateBox, write: Callable[[str], None]) -> Callable[..., None]:
    """A slot for the editor's ``saved`` signal that writes the visibility only when it changed."""

    def saved(*_values: object) -> None:
        changed = box.changed()
        if changed is not None:
            write(changed)

    return saved
