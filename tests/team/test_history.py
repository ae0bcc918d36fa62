"""Two members editing one highlight: the last writer wins per field, and the server keeps what each save
replaced (who, when, what), readable through the store, the app and ``annotation history --json``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from team_members import Team

from annotations.models import ParsedDocument
from app import Library
from ui.cli.parser import build_parser
from ui.cli.run import COMMANDS

TEXT = "The committee met on Tuesday. It agreed to publish the budget in full next spring."


@pytest.fixture
def desks(team: Team, tmp_path: Path) -> Iterator[tuple[Library, Library]]:
    """Alice's and Bob's desktops on the same team library, each with its own local cache."""
    alice = Library(tmp_path / "alice", background=False, team=team.members["alice"])
    bob = Library(tmp_path / "bob", background=False, team=team.members["bob"])
    yield alice, bob
    alice.close()
    bob.close()


def role(library: Library) -> str:
    return str(library.store.db.connection().execute("SELECT current_user").fetchone()[0])


def highlight(library: Library, **fields: object) -> int:
    document = library.store.add_document(ParsedDocument("Budget", f"<p>{TEXT}</p>", TEXT, "md"))
    start = TEXT.index("publish")
    return library.annotations.add(document.id, start, start + len("publish the budget"), **fields).value.id  # type: ignore[arg-type]


def test_two_members_changing_different_fields_both_keep_their_change(desks: tuple[Library, Library]) -> None:
    alice, bob = desks
    annotation_id = highlight(alice)
    alice.annotations.update(annotation_id, color="blue")
    bob.annotations.update(annotation_id, note="check the annex")
    stored = bob.annotations.get(annotation_id)
    assert (stored.color, stored.note) == ("blue", "check the annex")
    history = alice.annotations.history(annotation_id)
    assert [(entry.field, entry.old, entry.new, entry.by) for entry in history] == [
        ("note", "", "check the annex", role(bob)),
        ("color", "yellow", "blue", role(alice)),
    ]


def test_the_last_note_wins_and_the_first_stays_in_the_history_with_its_author(
    desks: tuple[Library, Library],
) -> None:
    alice, bob = desks
    annotation_id = highlight(alice)
    alice.annotations.update(annotation_id, note="Alice's reading")
    bob.annotations.update(annotation_id, note="Bob's reading")
    assert alice.annotations.get(annotation_id).note == "Bob's reading"
    newest, first = bob.annotations.history(annotation_id)
    assert (newest.old, newest.new, newest.by) == ("Alice's reading", "Bob's reading", role(bob))
    assert (first.old, first.new, first.by) == ("", "Alice's reading", role(alice))
    assert newest.at >= first.at


def test_a_new_highlight_has_no_history_and_tag_changes_are_one_entry_each(desks: tuple[Library, Library]) -> None:
    alice, bob = desks
    annotation_id = highlight(alice, tags=["budget"])
    assert alice.annotations.history(annotation_id) == []
    bob.annotations.update(annotation_id, tags=["budget", "spring"])
    bob.annotations.update(annotation_id, tags=["spring", "budget"])  # the same tags: nothing changed
    alice.annotations.update(annotation_id, tags=["spring"], style="underline")
    entries = [(entry.field, entry.old, entry.new, entry.by) for entry in bob.annotations.history(annotation_id)]
    assert entries == [
        ("tags", "budget, spring", "spring", role(alice)),
        ("style", "highlight", "underline", role(alice)),
        ("tags", "budget", "budget, spring", role(bob)),
    ]


def test_a_deleted_highlight_keeps_its_history_and_an_undo_brings_it_back(
    desks: tuple[Library, Library], team: Team
) -> None:
    alice, bob = desks
    annotation_id = highlight(alice)
    bob.annotations.update(annotation_id, color="green")
    alice.annotations.delete(annotation_id)
    with psycopg.connect(team.owner_url) as owner:  # kept on the server, shown to no member meanwhile
        kept = owner.execute(
            "SELECT field, changed_by FROM annotation_history WHERE annotation_id = %s ORDER BY id", (annotation_id,)
        ).fetchall()
    assert kept == [("color", role(bob)), ("deleted", role(alice))]
    with psycopg.connect(team.members["bob"]) as member:
        assert member.execute("SELECT count(*) FROM annotation_history").fetchone() == (0,)
    alice.history.undo()
    assert [entry.field for entry in bob.annotations.history(annotation_id)] == ["restored", "deleted", "color"]


def test_a_member_cannot_forge_or_erase_history_by_hand(desks: tuple[Library, Library], team: Team) -> None:
    alice, _ = desks
    annotation_id = highlight(alice)
    alice.annotations.update(annotation_id, note="kept")
    with psycopg.connect(team.members["bob"], autocommit=True) as member:
        assert member.execute("UPDATE annotation_history SET changed_by = 'nobody'").rowcount == 0
        assert member.execute("DELETE FROM annotation_history").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            member.execute(
                "INSERT INTO annotation_history (annotation_id, field, old_value, new_value, changed_by)"
                " VALUES (%s, 'note', 'x', 'y', %s)",
                (annotation_id, role(alice)),
            )
    assert [(entry.field, entry.by) for entry in alice.annotations.history(annotation_id)] == [("note", role(alice))]


def test_annotation_history_json_on_the_command_line(
    desks: tuple[Library, Library], capsys: pytest.CaptureFixture[str]
) -> None:
    alice, bob = desks
    annotation_id = highlight(alice)
    bob.annotations.update(annotation_id, note="see p. 4", color="pink")
    capsys.readouterr()
    arguments = build_parser().parse_args(["annotation", "history", str(annotation_id), "--json"])
    assert COMMANDS[arguments.command](alice, arguments) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [{key: row[key] for key in ("field", "old", "new", "by")} for row in rows] == [
        {"field": "note", "old": "", "new": "see p. 4", "by": role(bob)},
        {"field": "color", "old": "yellow", "new": "pink", "by": role(bob)},
    ]
    assert all(row["at"].startswith("20") and set(row) == {"field", "old", "new", "by", "at"} for row in rows)
    arguments = build_parser().parse_args(["annotation", "history", str(annotation_id)])
    COMMANDS[arguments.command](alice, arguments)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].endswith(f"{role(bob)}  note: “” → “see p. 4”")


def test_a_personal_library_has_no_history(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    annotation_id = highlight(library)
    library.annotations.update(annotation_id, note="mine")
    assert library.annotations.history(annotation_id) == []
    arguments = build_parser().parse_args(["annotation", "history", str(annotation_id)])
    assert COMMANDS[arguments.command](library, arguments) == 0
    assert capsys.readouterr().out == f"#{annotation_id}: no changes since it was made\n"
