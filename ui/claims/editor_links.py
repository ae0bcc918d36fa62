"""The highlight editor's Claims row: the claims a highlight is evidence for, each with its stance.

Like the editor's tags and note, nothing here writes: changes wait for the editor's Save (Cancel drops
them), and ``plan()`` says what Save should do; ``ClaimsController`` carries it out, one undo step each.
A claim is chosen by typing (completion over every claim, by any part of its text); text that names
no claim becomes a new claim on Save.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotations.models import STANCES
from app.claims import ClaimSummary
from ui.plain_text import plain_label, plain_tooltip

TEXT_CHARS = 90  # a claim's text shown in a row; the whole text in its tooltip
NO_LINKS = "Not linked to any claim yet."


def choice_text(claim: ClaimSummary) -> str:
    """How a claim is offered for completion: "#12 Russian experts visited Tehran"."""
    return f"#{claim.id} {' '.join(claim.text.split())}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class LinkPlan:
    """What Save does: link (or re-stance) existing claims, unlink some, make new claims and link them."""

    link: tuple[tuple[int, str], ...] = ()  # claim id, stance
    unlink: tuple[int, ...] = ()  # claim ids
    new: tuple[tuple[str, str], ...] = ()  # claim text, stance

    @property
    def empty(self) -> bool:
        return not (self.link or self.unlink or self.new)


@dataclass
class _Entry:
    """One row: an existing claim (``claim_id``) or a claim to make on Save (``claim_id`` None)."""

    claim_id: int | None
    text: str
    stance: str
    widget: QWidget | None = field(default=None, repr=False)


class ClaimLinksEditor(QWidget):
    """The rows of linked claims (stance, text, ✕) and a line to link one more."""

    def __init__(
        self, claims: Sequence[ClaimSummary], links: Sequence[tuple[int, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("claimLinks")
        self.setMinimumWidth(380)  # the stance, a claim's text and ✕ side by side without clipping
        self._claims = {claim.id: claim for claim in claims}
        self._initial = dict(links)  # claim id -> stance, as stored when the editor opened
        self._entries: list[_Entry] = []

        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(2)
        self.empty_label = plain_label(QLabel(NO_LINKS))
        self.empty_label.setObjectName("panelHint")

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("claimLinkSearch")
        self.search_edit.setPlaceholderText("Find a claim, or type a new one")
        self.search_edit.setAccessibleName("Claim to link")
        self.search_edit.setToolTip("Type part of a claim to choose it, or a new claim's text; Enter links it")
        self.completer = QCompleter(QStringListModel([choice_text(c) for c in claims], self), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(10)
        self.search_edit.setCompleter(self.completer)
        self.search_edit.installEventFilter(self)  # Enter here links; it must not press Save
        # Queued: after the completer has finished with the line, the chosen claim is linked and the line emptied.
        self.completer.activated[str].connect(self._add_chosen, Qt.ConnectionType.QueuedConnection)
        self.new_stance = self._stance_box("supports")
        self.new_stance.setObjectName("claimLinkNewStance")
        self.new_stance.setAccessibleName("Stance of the new link")
        self.add_button = QPushButton("Link")
        self.add_button.setObjectName("claimLinkAdd")
        self.add_button.setAutoDefault(False)
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self._add_typed)
        self.search_edit.textChanged.connect(lambda text: self.add_button.setEnabled(bool(text.strip())))

        adding = QHBoxLayout()
        adding.setContentsMargins(0, 0, 0, 0)
        adding.addWidget(self.search_edit, 1)
        adding.addWidget(self.new_stance)
        adding.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.rows_layout)
        layout.addWidget(self.empty_label)
        layout.addLayout(adding)

        for claim_id, stance in links:
            claim = self._claims.get(claim_id)
            self._append(_Entry(claim_id, claim.text if claim else f"Claim #{claim_id}", stance))
        self._update_empty()

    # -- reading -----------------------------------------------------------------------------------
    def row_texts(self) -> list[str]:
        """Each row as read aloud: "Contradicts · Russian experts visited Tehran" ("(new claim)" if new)."""
        return [self._row_text(entry) for entry in self._entries]

    def plan(self) -> LinkPlan:
        """What Save should write: only what differs from the links stored when the editor opened."""
        now = {entry.claim_id: entry.stance for entry in self._entries if entry.claim_id is not None}
        link = tuple((claim_id, stance) for claim_id, stance in now.items() if self._initial.get(claim_id) != stance)
        unlink = tuple(claim_id for claim_id in self._initial if claim_id not in now)
        new = tuple((entry.text, entry.stance) for entry in self._entries if entry.claim_id is None)
        return LinkPlan(link, unlink, new)

    # -- changing ----------------------------------------------------------------------------------
    def add(self, typed: str, stance: str) -> None:
        """Link the claim ``typed`` names (its completion, its text or "#id"), else a new claim of that text.

        A claim already in the rows gets the stance instead of a second row."""
        text = " ".join(typed.split())
        if not text:
            return
        claim_id = self._claim_named(text)
        existing = next(
            (
                entry
                for entry in self._entries
                if entry.claim_id == claim_id and (claim_id is not None or entry.text.casefold() == text.casefold())
            ),
            None,
        )
        if existing is not None:
            self.set_stance(self._entries.index(existing), stance)
        else:
            claim_text = self._claims[claim_id].text if claim_id is not None else text
            self._append(_Entry(claim_id, claim_text, stance))
        self._update_empty()

    def set_stance(self, row: int, stance: str) -> None:
        entry = self._entries[row]
        entry.stance = stance
        box = entry.widget.findChild(QComboBox, "claimLinkStance") if entry.widget else None
        if box is not None:
            box.setCurrentIndex(STANCES.index(stance))

    def remove(self, row: int) -> None:
        entry = self._entries.pop(row)
        if entry.widget is not None:
            self.rows_layout.removeWidget(entry.widget)
            entry.widget.deleteLater()
        self._update_empty()
        self.search_edit.setFocus()

    def finish_typing(self) -> None:
        """Save with a claim typed but not yet linked links it too, as if Link had been pressed."""
        if self.search_edit.text().strip():
            self._add_typed()

    def _claim_named(self, text: str) -> int | None:
        match = re.fullmatch(r"#(\d+)(?:\s.*)?", text)
        if match and int(match.group(1)) in self._claims:
            return int(match.group(1))
        folded = text.casefold()
        return next((c.id for c in self._claims.values() if " ".join(c.text.split()).casefold() == folded), None)

    def _add_chosen(self, chosen: str) -> None:
        self.search_edit.setText(chosen)
        self._add_typed()

    def _add_typed(self) -> None:
        self.add(self.search_edit.text(), str(self.new_stance.currentData()))
        self.search_edit.clear()
        self.search_edit.setFocus()

    # -- the rows ----------------------------------------------------------------------------------
    def _stance_box(self, stance: str) -> QComboBox:
        box = QComboBox()
        for name in STANCES:
            box.addItem(name.capitalize(), name)
        box.setCurrentIndex(STANCES.index(stance))
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(max(len(name) for name in STANCES))
        box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # every row's stance as wide
        return box

    def _row_text(self, entry: _Entry) -> str:
        suffix = " (new claim)" if entry.claim_id is None else ""
        return f"{entry.stance.capitalize()} · {' '.join(entry.text.split())}{suffix}"

    def _append(self, entry: _Entry) -> None:
        row = QWidget()
        row.setObjectName("claimLinkRow")
        box = self._stance_box(entry.stance)
        box.setObjectName("claimLinkStance")
        box.setAccessibleName(f"Stance toward: {_short(entry.text)}")
        box.currentIndexChanged.connect(lambda _i, e=entry, b=box: setattr(e, "stance", str(b.currentData())))
        label = plain_label(QLabel(_short(entry.text) + ("  (new claim)" if entry.claim_id is None else "")))
        label.setObjectName("claimLinkText")
        label.setWordWrap(True)
        label.setToolTip(plain_tooltip(entry.text))
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        remove = QToolButton()
        remove.setObjectName("claimLinkRemove")
        remove.setText("✕")
        remove.setToolTip("Unlink from this claim (on Save)")
        remove.setAccessibleName(f"Unlink from: {_short(entry.text)}")
        remove.clicked.connect(lambda _checked=False, e=entry: self.remove(self._entries.index(e)))
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(box)
        line.addWidget(label, 1)
        line.addWidget(remove)
        entry.widget = row
        self._entries.append(entry)
        self.rows_layout.addWidget(row)

    def _update_empty(self) -> None:
        self.empty_label.setVisible(not self._entries)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier  # Ctrl+Enter still saves
            and self.search_edit.text().strip()
        ):
            self._add_typed()
            return True
        return super().eventFilter(watched, event)
