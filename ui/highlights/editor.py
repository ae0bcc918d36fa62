"""The small highlight editor: tags (comma-separated, with completion) and a note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotations.models import HIGHLIGHT_COLORS, Annotation
from annotations.tags import normalize_tags
from ui.highlights.completion import MAX_SUGGESTIONS, suggest_tags
from ui.plain_text import plain_label
from ui.reader.pane import color_swatch


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class TagLineEdit(QLineEdit):
    """Comma-separated tags; completion offers existing tags for the part after the last comma.

    ``known_tags`` come most used first (as ``Library.tags()`` orders them) and the popup keeps that
    order; a fragment matches the start of any path segment, so ``iran`` offers ``region/iran``."""

    def __init__(self, known_tags: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("air-defense, region/iran")
        self.known_tags = list(known_tags)
        self.completer_model = QStringListModel(self)
        self.tag_completer = QCompleter(self.completer_model, self)
        self.tag_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.tag_completer.setMaxVisibleItems(MAX_SUGGESTIONS)
        self.tag_completer.setWidget(self)
        self.tag_completer.activated[str].connect(self._on_completion_chosen)
        self.textEdited.connect(self._on_text_edited)

    def current_fragment(self) -> str:
        return self.text().rsplit(",", 1)[-1].strip()

    def suggestions(self) -> list[str]:
        """What the popup offers for the text as it is, in the order shown."""
        return self.completer_model.stringList()

    def _on_text_edited(self, _text: str) -> None:
        entered = split_tags(self.text().rsplit(",", 1)[0]) if "," in self.text() else []
        matches = suggest_tags(self.known_tags, self.current_fragment(), exclude=entered)
        self.completer_model.setStringList(matches)
        if matches:
            self.tag_completer.complete()
            self.tag_completer.popup().setCurrentIndex(QModelIndex())  # Enter keeps what was typed; Down picks
        else:
            self.tag_completer.popup().hide()

    def _on_completion_chosen(self, tag: str) -> None:
        head = self.text().rsplit(",", 1)[0] if "," in self.text() else ""
        chosen = [*split_tags(head), tag]
        self.setText(", ".join(chosen) + ", ")
        self.completer_model.setStringList([])


class AnnotationEditor(QDialog):
    """Edits one highlight's colour, tags and note; ``saved(id, colour, tags, note)`` on Save."""

    saved = Signal(int, str, list, str)

    def __init__(self, annotation: Annotation, known_tags: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationEditor")
        self.setWindowTitle("Highlight")
        self.annotation_id = annotation.id
        self.opened = annotation  # the values it opened with: a save sends only what differs from them
        self.setMinimumWidth(420)

        quote = plain_label(QLabel(f"“{_shorten(annotation.exact, 220)}”"))
        quote.setObjectName("editorQuote")
        quote.setWordWrap(True)
        self.color_box = QComboBox()
        for color in HIGHLIGHT_COLORS:
            self.color_box.addItem(color_swatch(color), color.capitalize(), color)
        self.color_box.setCurrentIndex(HIGHLIGHT_COLORS.index(annotation.color))
        self.tags_edit = TagLineEdit(known_tags)
        self.tags_edit.setText(", ".join(annotation.tags))
        self.note_edit = QPlainTextEdit(annotation.note)
        self.note_edit.setPlaceholderText("A note (Markdown)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(96)

        form = QFormLayout()
        self.form = form
        form.addRow("Colour", self.color_box)
        form.addRow("Tags", self.tags_edit)
        form.addRow("Note", self.note_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.tags_edit.setFocus()
        # Ctrl+Enter saves from anywhere; the note, where Enter starts a new line, would take the keys for
        # itself before any shortcut, so its key presses are looked at first. Escape cancels (QDialog's own).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._on_save)
        self.note_edit.installEventFilter(self)
        self.save_button.setToolTip("Save (Ctrl+Enter)")

    def add_row(self, label: str, widget: QWidget) -> None:
        """Another part of the window adds its own row (the claims: ``ui/claims/editor_links.py``); it
        saves its row itself when ``saved`` is emitted, so the editor stays about the highlight."""
        self.form.addRow(label, widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.note_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._on_save()
            return True
        return super().eventFilter(watched, event)

    def changes(self) -> dict[str, Any]:
        """Only the fields changed since the editor opened (``color``, ``tags``, ``note``), so that a save
        leaves alone what another member changed meanwhile: on a team library the last writer wins per
        field, never for the whole highlight."""
        changed: dict[str, Any] = {}
        color = str(self.color_box.currentData())
        if color != self.opened.color:
            changed["color"] = color
        tags = split_tags(self.tags_edit.text())
        if set(normalize_tags(tags)) != set(normalize_tags(self.opened.tags)):
            changed["tags"] = tags
        note = self.note_edit.toPlainText().strip()
        if note != self.opened.note.strip():
            changed["note"] = note
        return changed

    def _on_save(self) -> None:
        self.saved.emit(
            self.annotation_id,
            str(self.color_box.currentData()),
            split_tags(self.tags_edit.text()),
            self.note_edit.toPlainText().strip(),
        )
        self.accept()


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
