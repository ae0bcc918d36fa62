"""The window on a team library where two members edit one highlight: the editor saves only the fields
changed in it (another member's change to the others stays), History… in the highlight's menu lists who
changed what and when, and deleting an article others highlighted says whose work goes with it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from team_members import Team

from annotations.models import Annotation
from app import Library
from ui.highlights.history_dialog import EMPTY_TEXT
from ui.main_window import MainWindow

QUOTE = "air defense support"


@pytest.fixture
def alice(team: Team, tmp_path: Path, article_file: Path) -> Iterator[Library]:
    """Alice's desktop: the article and her highlight of it."""
    library = Library(tmp_path / "alice", background=True, team=team.members["alice"])
    document = library.documents.import_file(article_file).value.document
    assert document is not None
    library.annotations.add_quote(document.id, QUOTE)
    yield library
    library.close()


@pytest.fixture
def bob(team: Team, tmp_path: Path) -> Iterator[Library]:
    library = Library(tmp_path / "bob", background=False, team=team.members["bob"])
    yield library
    library.close()


def her_highlight(library: Library) -> Annotation:
    [document] = library.documents.summaries()
    return library.annotations.for_document(document.id)[0]


def open_article(qtbot, window: MainWindow) -> int:  # type: ignore[no-untyped-def]
    [document] = window.library.documents.summaries()
    window.open_document(document.id)
    qtbot.waitUntil(lambda: window.highlight_panel.model.rowCount() >= 1, timeout=5000)
    return document.id


def history_lines(qtbot, window: MainWindow, annotation_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Choose the highlight in the panel and pick History… from its menu, as a user does."""
    window.highlight_panel.select_annotation(annotation_id)
    menu = window.highlight_panel.context_menu()
    [entry] = [action for action in menu.actions() if action.text() == "History…"]
    assert entry.isEnabled()
    controller = window.highlight_controller
    before = controller.history_dialog
    entry.trigger()
    qtbot.waitUntil(lambda: controller.history_dialog not in (None, before), timeout=5000)
    assert controller.history_dialog is not None and controller.history_dialog.isVisible()
    if before is not None:
        assert not before.isVisible()  # one History window at a time
    return controller.history_dialog.lines()


def test_history_lists_who_changed_what_newest_first(
    qtbot, alice: Library, bob: Library, team: Team, make_window: Callable[[Library], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(alice)
    open_article(qtbot, window)
    highlight = her_highlight(alice)
    assert history_lines(qtbot, window, highlight.id) == [EMPTY_TEXT]

    alice.annotations.update(highlight.id, color="blue")
    bob.annotations.update(highlight.id, note="Compare the 2024 figures")
    newest, oldest = history_lines(qtbot, window, highlight.id)
    assert newest.startswith(f"{team.roles['bob']} · ") and newest.endswith(" · note: — → “Compare the 2024 figures”")
    assert oldest.startswith(f"{team.roles['alice']} · ") and oldest.endswith(" · colour: “yellow” → “blue”")


def test_the_editor_saves_only_what_was_changed_in_it(
    qtbot, alice: Library, bob: Library, team: Team, make_window: Callable[[Library], MainWindow], settled
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(alice)
    open_article(qtbot, window)
    highlight = her_highlight(alice)
    window.edit_annotation(highlight.id)
    editor = window.editor
    assert editor is not None
    qtbot.waitExposed(editor)

    bob.annotations.update(highlight.id, color="green", tags=["sensors"])  # meanwhile, on Bob's desktop
    qtbot.keyClicks(editor.note_edit, "Alice's note")
    editor.save_button.click()
    settled(window)

    stored = alice.annotations.get(highlight.id)
    assert (stored.color, stored.tags, stored.note) == ("green", ("sensors",), "Alice's note")
    fields = [(entry.field, entry.by) for entry in alice.annotations.history(highlight.id)]
    assert fields == [("note", team.roles["alice"]), ("tags", team.roles["bob"]), ("color", team.roles["bob"])]


def test_deleting_an_article_others_highlighted_names_them_and_no_keeps_it(
    qtbot, alice: Library, bob: Library, team: Team, make_window: Callable[[Library], MainWindow], monkeypatch, settled
) -> None:  # type: ignore[no-untyped-def]
    [document] = bob.documents.summaries()
    bob.annotations.add_quote(document.id, "Radars are visible.")
    bob.annotations.add_quote(document.id, "Training is not.", visibility="private")
    window = make_window(alice)
    open_article(qtbot, window)
    asked: list[str] = []

    def answer(_parent, _title, text, *_rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.delete_document(document.id)
    settled(window)
    assert asked == [
        f"Delete “{document.title}”? It holds 2 highlights by others: {team.roles['bob']} 2 (1 of them private)."
        " This cannot be undone."
    ]
    assert alice.documents.get(document.id).title == document.title


def test_a_personal_library_offers_no_history(qtbot, window: MainWindow, article_file: Path) -> None:  # type: ignore[no-untyped-def]
    document = window.library.documents.import_file(article_file).value.document
    assert document is not None
    annotation = window.library.annotations.add_quote(document.id, QUOTE).value[0]
    window.open_document(document.id)
    qtbot.waitUntil(lambda: window.highlight_panel.model.rowCount() == 1, timeout=5000)
    window.highlight_panel.select_annotation(annotation.id)
    assert "History…" not in [action.text() for action in window.highlight_panel.context_menu().actions()]
