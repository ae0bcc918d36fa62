"""Window-wide accessibility passes: every shortcut named in its tooltip, every control given a name.

Menus show an action's key beside it (Qt does), but a toolbar button, a hover over a tool button or a
screen reader's tooltip did not: "Export…" without "(Ctrl+E)". These passes are generic, not a list:
they run over whatever actions and buttons the window holds when it is built, again on each menu
before it opens and whenever an action is added to the window or a menu, so features added later
get the same treatment without touching this file. An action whose text, tooltip or key changes
afterwards (Undo's "Undo Add Highlight") is followed through its ``changed`` signal.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QMainWindow, QMenu, QToolButton, QWidget

_BASE, _SET, _DERIVED = "a11yTipBase", "a11yTipSet", "a11yTipFromText"  # dynamic properties on each action


def key_text(keys: QKeySequence) -> str:
    return keys.toString(QKeySequence.SequenceFormat.NativeText)


def names_key(tip: str, key: str) -> bool:
    """Whether ``tip`` already names ``key`` as a key ("(Alt+Left, or the mouse's back button)"), not as part
    of a word or of a longer key: "T" is not named by "Tag", nor "F3" by "Shift+F3"."""
    return re.search(rf"(?<![\w+]){re.escape(key)}(?![\w+])", tip) is not None


def tip_with_key(tip: str, key: str) -> str:
    """``tip`` ending in ``(key)``: "Search Everything (Ctrl+K)"; a tip that already names the key stays as it is."""
    tip = tip.rstrip()
    if not key or names_key(tip, key):
        return tip
    return f"{tip} ({key})" if tip else key


def plain_action_text(text: str) -> str:
    """A menu text as a tooltip: without its mnemonic ``&`` (``&&`` is a literal one) and trailing dots."""
    out, skip = [], False
    for i, char in enumerate(text):
        if skip:
            skip = False
            continue
        if char == "&":
            if i + 1 < len(text) and text[i + 1] == "&":
                out.append("&")
                skip = True
            continue
        out.append(char)
    return "".join(out).rstrip(".…").strip()


def _qt_default_tip(text: str) -> str:
    """The tooltip Qt gives an action with this text and none of its own."""
    return QAction(text).toolTip()


def show_key_in_tooltip(action: QAction) -> None:
    """Give an action with a shortcut a tooltip ending in its key, keeping any tooltip it was given."""
    keys = action.shortcut()
    if keys.isEmpty():
        return
    current = action.toolTip()
    ours = action.property(_SET)
    if current == ours:  # the tooltip is ours: rebuild it if the text it came from or the key changed
        derived = bool(action.property(_DERIVED))
        base = plain_action_text(action.text()) if derived else str(action.property(_BASE))
    else:  # first time, or someone set a new text or tooltip since
        derived = current == _qt_default_tip(action.text())
        base = plain_action_text(action.text()) if derived else current
    wanted = tip_with_key(base, key_text(keys))
    action.setProperty(_BASE, base)
    action.setProperty(_DERIVED, derived)
    action.setProperty(_SET, wanted)
    if current != wanted:
        action.setToolTip(wanted)


def _follow(action: QAction) -> None:
    if action.property("a11yFollowed"):
        return
    action.setProperty("a11yFollowed", True)
    action.changed.connect(lambda: show_key_in_tooltip(action))


def show_shortcuts_in_tooltips(root: QObject) -> None:
    """Every action and button under ``root`` with a shortcut gets its key at the end of its tooltip."""
    for action in root.findChildren(QAction):
        _follow(action)
        show_key_in_tooltip(action)
    if isinstance(root, QWidget):
        for action in root.actions():
            _follow(action)
            show_key_in_tooltip(action)
        for button in root.findChildren(QAbstractButton):
            keys = button.shortcut()
            if not keys.isEmpty() and not (hasattr(button, "defaultAction") and button.defaultAction()):
                button.setToolTip(tip_with_key(button.toolTip() or plain_action_text(button.text()), key_text(keys)))


def name_unlabelled_controls(root: QWidget) -> None:
    """Give controls a screen reader could not name (icon-only or symbol buttons, bare fields) a name from
    what a sighted user reads: the tooltip, the placeholder. A name already set is kept."""
    for button in root.findChildren(QAbstractButton):
        if button.accessibleName():
            continue
        if not any(char.isalnum() for char in button.text()):  # "", "?", "✕", an icon
            name = plain_action_text(button.toolTip().split("\n")[0]) or _action_name(button)
            if name:
                button.setAccessibleName(name)
    for field in root.findChildren(QLineEdit):
        for clear in field.findChildren(QToolButton):  # the clear button of a field with one
            if not clear.accessibleName():
                clear.setAccessibleName("Clear")
        if not field.accessibleName() and field.placeholderText():
            field.setAccessibleName(field.placeholderText())
    for box in root.findChildren(QComboBox):
        if not box.accessibleName() and box.toolTip():
            box.setAccessibleName(box.toolTip().split("\n")[0])


def _action_name(button: QAbstractButton) -> str:
    action = button.defaultAction() if hasattr(button, "defaultAction") else None
    return plain_action_text(action.text()) if action is not None else ""


class _ActionWatcher(QObject):
    """Applies the tooltip pass to actions added later to the window, its menu bar or a menu."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ActionAdded, QEvent.Type.ActionChanged) and isinstance(event, QActionEvent):
            action = event.action()
            if action is not None:
                _follow(action)
                show_key_in_tooltip(action)
                menu = action.menu()
                if isinstance(menu, QMenu):
                    watch_menu(menu, self)
        return False


def watch_menu(menu: QMenu, watcher: QObject) -> None:
    if menu.property("a11yWatched"):
        return
    menu.setProperty("a11yWatched", True)
    menu.installEventFilter(watcher)
    menu.aboutToShow.connect(lambda: show_shortcuts_in_tooltips(menu))


def make_accessible(window: QWidget) -> None:
    """Run both passes over the built window and keep the tooltips right as actions come and change."""
    watcher = _ActionWatcher(window)
    window.installEventFilter(watcher)
    if isinstance(window, QMainWindow):
        window.menuBar().installEventFilter(watcher)
    for menu in window.findChildren(QMenu):
        watch_menu(menu, watcher)
    show_shortcuts_in_tooltips(window)
    name_unlabelled_controls(window)
