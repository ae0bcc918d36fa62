"""Renaming, merging, moving, deleting and describing tags: the questions, then the operation.

The Tags panel asks (intent signals with a tag's name); this controller opens the dialog, runs the
undoable app operation through ``Operations`` and, once it is done, closes the dialog and moves the
tree's selection to the result. A core error (a name clash) stays in the dialog, to correct there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from shiboken6 import isValid

from annotations.tags import normalize_tag
from app import Applied, Library
from ui.controller import Controller
from ui.operations import Operations
from ui.plain_text import plain_message_box
from ui.tags.dialogs import TOP_LEVEL, TagChoiceDialog, TagDetailsDialog, TagDialog
from ui.tags.manager import TagManager


class TagController(Controller):
    """Answers the Tags panel's requests; ``dialog`` is the question open now, if any."""

    def __init__(self, library: Library, operations: Operations, manager: TagManager) -> None:
        super().__init__(library, operations, manager)
        self.manager = manager
        self.dialog: QDialog | None = None
        manager.rename_requested.connect(self.ask_rename)
        manager.merge_requested.connect(self.ask_merge)
        manager.move_requested.connect(self.ask_move)
        manager.moved.connect(self.move_tag)
        manager.delete_requested.connect(self.ask_delete)
        manager.details_requested.connect(self.ask_details)

    # -- operations (each one undoable in the core) ----------------------------------------------
    def rename_tag(self, old: str, new: str, dialog: TagDialog | None = None) -> None:
        """Rename ``old`` (with its children) to ``new`` on every highlight."""
        new_name = normalize_tag(new)
        self._apply(lambda: self.library.tags.rename(old, new), "Renaming the tag",
                    f"Renamed “{old}” to “{new_name}”", new_name, dialog)  # fmt: skip

    def merge_tags(self, source: str, target: str, dialog: TagDialog | None = None) -> None:
        """Give every highlight tagged ``source`` the tag ``target`` instead."""
        self._apply(lambda: self.library.tags.merge(source, target), "Merging the tags",
                    f"Merged “{source}” into “{target}”", normalize_tag(target), dialog)  # fmt: skip

    def move_tag(self, name: str, parent: str, dialog: TagDialog | None = None) -> None:
        """Move ``name`` (with its children) under ``parent``, or to the top level for ``""``."""
        leaf = name.rsplit("/", 1)[-1]
        target = f"{normalize_tag(parent)}/{leaf}" if parent.strip() else leaf
        where = f"under “{normalize_tag(parent)}”" if parent.strip() else "to the top level"
        self._apply(lambda: self.library.tags.move(name, parent), "Moving the tag", f"Moved “{name}” {where}",
                    target, dialog)  # fmt: skip

    def delete_tag(self, name: str) -> None:
        """Remove ``name`` (with its children) from every highlight."""
        self._apply(lambda: self.library.tags.delete(name), "Deleting the tag", f"Deleted the tag “{name}”", None)

    def set_details(self, name: str, color: str, description: str, dialog: TagDialog | None = None) -> None:
        """Give a tag a colour (or none) and a description."""
        self._apply(lambda: self.library.tags.set_details(name, color=color, description=description),
                    "Saving the tag's details", f"Saved the details of “{name}”", name, dialog,
                    count=False)  # fmt: skip

    def _apply(
        self,
        operation: Callable[[], Applied[Any]],
        what: str,
        done: str,
        select: str | None,
        dialog: TagDialog | None = None,
        count: bool = True,
    ) -> None:
        def succeeded(changed: Any) -> None:
            if dialog is not None and isValid(dialog):
                dialog.accept()
            self.manager.refresh(select)  # now, not with the other views' burst: the user is looking at it
            suffix = f" on {changed} highlight{'s' if changed != 1 else ''}" if count else ""
            self.say(f"{done}{suffix}. Undo with Ctrl+Z.")

        def failed(message: str, _error: BaseException) -> None:
            if dialog is not None and isValid(dialog):
                dialog.set_busy(False)
                dialog.show_error(message)
            else:
                self.say(message)

        if dialog is not None:
            dialog.set_busy(True)  # one answer at a time
        self.operations.run(operation, success=succeeded, failure=failed, what=what)

    # -- asking the user -------------------------------------------------------------------------
    def ask_rename(self, name: str) -> None:
        node = self.manager.node(name)
        if node is None:
            return
        children = f" Tags below it follow (“{node.children[0].name}” too)." if node.children else ""
        dialog = TagChoiceDialog("Rename tag", f"Rename “{name}” on every highlight.{children}", "New name",
                                 text=name, parent=self.manager)  # fmt: skip
        dialog.chosen.connect(lambda new: self.rename_tag(name, new, dialog))
        self._open(dialog)

    def ask_merge(self, name: str) -> None:
        node = self.manager.node(name)
        if node is None:
            return
        family = {name, *(child.name for child in node.walk())}
        targets = [tag.name for tag in self.library.tags.counts() if tag.name not in family]
        dialog = TagChoiceDialog(
            "Merge tags",
            f"Give every highlight tagged “{name}” the tag below instead; “{name}” goes away.",
            "Merge into",
            choices=targets,
            parent=self.manager,
        )
        dialog.chosen.connect(lambda target: self.merge_tags(name, target, dialog))
        self._open(dialog)

    def ask_move(self, name: str) -> None:
        node = self.manager.node(name)
        if node is None:
            return
        current = node.parent.name if node.parent is not None else ""
        banned = {name, current, *(child.name for child in node.walk())}
        parents = sorted(candidate.name for candidate in self.manager.model.root.walk() if candidate.name not in banned)
        below = " and the tags below it" if node.children else ""
        dialog = TagChoiceDialog(
            "Move tag",
            f"Move “{name}”{below} under another tag (a new one is fine).",
            "New parent",
            choices=parents,
            special={TOP_LEVEL: ""} if current else {},
            parent=self.manager,
        )
        dialog.text_edit.clear()
        dialog.chosen.connect(lambda parent: self.move_tag(name, parent, dialog))
        self._open(dialog)

    def ask_details(self, name: str) -> None:
        node = self.manager.node(name)
        if node is None:
            return
        dialog = TagDetailsDialog(name, node.color, node.description, self.manager)
        dialog.saved.connect(lambda tag, color, text: self.set_details(tag, color, text, dialog))
        self._open(dialog)

    def ask_delete(self, name: str) -> None:
        """Ask first, naming the number of highlights that lose the tag."""
        node = self.manager.node(name)
        if node is None:
            return
        count = node.total if node.children else node.own
        below = f" and the {len(list(node.walk()))} tags below it" if node.children else ""
        box = plain_message_box(QMessageBox(QMessageBox.Icon.Question, "Delete tag", "", parent=self.manager))
        box.setObjectName("deleteTagConfirm")
        box.setText(
            f"Remove the tag “{name}”{below} from {count} highlight{'s' if count != 1 else ''}?"
            if count else f"Delete the tag “{name}”{below}? No highlight carries it."
        )  # fmt: skip
        box.setInformativeText("The highlights themselves stay. Edit → Undo (Ctrl+Z) brings the tag back.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda result: self.delete_tag(name) if result == QMessageBox.StandardButton.Yes else None)
        self._open(box)

    def _open(self, dialog: QDialog) -> None:
        """One question at a time, non-blocking; closing it hands the keyboard back to the window."""
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.finished.connect(lambda _result: self.manager.window().activateWindow())  # Ctrl+Z works at once
        dialog.open()
