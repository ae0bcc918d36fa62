"""Who sees and changes what in a team library: enforced by the server's row-level security, so it holds
for the store, for the app, and for a member who types SQL by hand with their own login."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from team_setup import Team, document, team_fixture  # noqa: F401 - the fixture

from annotations.errors import InvalidSelection, LecternError
from annotations.store import Store
from app.exports.jsonld import web_annotation
from app.exports.options import ExportOptions
from app.exports.scope import ExportScope


def test_a_private_highlight_is_seen_by_its_creator_alone(team: Team) -> None:
    alice, bob, carol = team.store("alice"), team.store("bob"), team.store("carol")
    doc = alice.add_document(document())
    shared = alice.add_annotation(doc.id, 4, 12, tags=["budget"])
    private = alice.add_annotation(doc.id, 13, 22, tags=["doubt"], note="ask the press office", visibility="private")

    assert [(a.id, a.visibility) for a in alice.annotations_for(doc.id)] == [(shared.id, "team"), (private.id, "private")]
    assert private.creator == team.names["alice"] and private.modified_by == team.names["alice"]
    for other in (bob, carol):  # carol is an admin: privacy holds for admins too
        assert [a.id for a in other.annotations_for(doc.id)] == [shared.id]
        assert other.find_annotation(private.id) is None
        assert other.annotation_count() == 1
        assert [s.highlights for s in other.document_summaries()] == [1]


def test_hand_written_sql_as_another_member_shows_nothing_private(team: Team) -> None:
    alice = team.store("alice")
    doc = alice.add_document(document())
    private = alice.add_annotation(doc.id, 13, 22, tags=["doubt"], note="ask the press office", visibility="private")
    claim = alice.claims.add("The budget is optimistic")
    alice.claims.link(claim.id, private.id, "supports")

    with team.raw("bob") as bob:
        assert bob.execute("SELECT id, note FROM annotations").fetchall() == []
        assert bob.execute("SELECT * FROM annotation_tags").fetchall() == []
        assert bob.execute("SELECT * FROM claim_links").fetchall() == []
        assert bob.execute("SELECT count(*) FROM annotations WHERE note LIKE '%press%'").fetchone() == (0,)
        # nor can bob change or delete what he cannot see
        assert bob.execute("UPDATE annotations SET note = 'mine now'").rowcount == 0
        assert bob.execute("DELETE FROM annotations").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor turn off the rules
            bob.execute("ALTER TABLE annotations DISABLE ROW LEVEL SECURITY")
    with team.raw("alice") as own:
        assert own.execute("SELECT id, note FROM annotations").fetchall() == [(private.id, "ask the press office")]
        assert len(own.execute("SELECT * FROM claim_links").fetchall()) == 1


def test_only_the_creator_or_an_admin_changes_a_team_highlight(team: Team) -> None:
    alice, bob, carol = team.store("alice"), team.store("bob"), team.store("carol")
    doc = alice.add_document(document())
    highlight = alice.add_annotation(doc.id, 4, 12, note="first")

    message = f"only its creator ({team.names['alice']}) or a team admin can change this highlight"
    with pytest.raises(LecternError, match=message.replace("(", r"\(").replace(")", r"\)")):
        bob.update_annotation(highlight.id, note="bob was here")
    with pytest.raises(LecternError, match="only its creator"):
        bob.delete_annotation(highlight.id)
    assert alice.annotation(highlight.id).note == "first"

    with team.raw("bob") as raw:  # the server refuses the same by hand, in one line
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only its creator"):
            raw.execute("UPDATE annotations SET color = 'red' WHERE id = %s", (highlight.id,))
        assert raw.execute("DELETE FROM annotations WHERE id = %s", (highlight.id,)).rowcount == 0

    edited = carol.update_annotation(highlight.id, note="checked by the lead")
    assert (edited.note, edited.creator, edited.modified_by) == (
        "checked by the lead", team.names["alice"], team.names["carol"])  # fmt: skip
    with team.raw("carol") as raw:  # the creator cannot be rewritten, even by an admin
        raw.execute("UPDATE annotations SET creator = %s WHERE id = %s", (team.names["carol"], highlight.id))
    assert alice.annotation(highlight.id).creator == team.names["alice"]
    carol.delete_annotation(highlight.id)
    assert alice.find_annotation(highlight.id) is None


def test_an_admin_cannot_hide_someone_elses_highlight(team: Team) -> None:
    alice, carol = team.store("alice"), team.store("carol")
    doc = alice.add_document(document())
    highlight = alice.add_annotation(doc.id, 4, 12)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the new row would leave the admin's sight
        carol.update_annotation(highlight.id, visibility="private")
    assert alice.annotation(highlight.id).visibility == "team"


def test_any_member_may_delete_an_article_with_everyones_highlights(team: Team) -> None:
    alice, bob = team.store("alice"), team.store("bob")
    doc = alice.add_document(document())
    alice.add_annotation(doc.id, 13, 22, visibility="private")
    bob.delete_document(doc.id)
    assert alice.all_annotations() == [] and alice.document_count() == 0


def test_cleaning_up_tags_keeps_a_tag_only_others_private_highlights_carry(team: Team) -> None:
    alice, bob = team.store("alice"), team.store("bob")
    doc = alice.add_document(document())
    private = alice.add_annotation(doc.id, 13, 22, tags=["hunch"], visibility="private")
    mine = bob.add_annotation(doc.id, 4, 12, tags=["budget"])
    bob.update_annotation(mine.id, tags=[])  # bob's store drops the tags no highlight it sees carries
    assert alice.annotation(private.id).tags == ("hunch",)
    with team.raw("bob") as raw:
        assert [row[0] for row in raw.execute("SELECT name FROM tags")] == ["hunch"]
    alice.update_annotation(private.id, visibility="team")  # made public, its tag link becomes a team one
    with team.raw("bob") as raw:
        assert raw.execute("SELECT count(*) FROM annotation_tags").fetchone() == (1,)
        assert raw.execute("SELECT private_uses FROM tags WHERE name = 'hunch'").fetchone() == (0,)


def test_reading_places_and_saved_searches_are_each_members_own(team: Team) -> None:
    alice, bob = team.store("alice"), team.store("bob")
    doc = alice.add_document(document())
    assert alice.reading.save(doc.id, 40, 0.5) and bob.reading.save(doc.id, 10, 0.1)
    assert alice.reading.save(doc.id, 44, 0.6)
    assert (alice.reading.get(doc.id).position, bob.reading.get(doc.id).position) == (44, 10)
    alice.saved_searches.add("budget watch", "budget")
    bob.saved_searches.add("budget watch", "budget OR ministry")  # the same name: each member's own list
    assert [s.query for s in alice.saved_searches.all()] == ["budget"]
    assert [s.query for s in bob.saved_searches.all()] == ["budget OR ministry"]


def test_library_settings_are_read_by_members_and_written_by_admins(team: Team) -> None:
    with team.raw("carol") as admin:
        admin.execute("INSERT INTO library_state (name, value) VALUES ('team_note', 'hello')")
    with team.raw("bob") as member:
        assert member.execute("SELECT value FROM library_state WHERE name = 'team_note'").fetchone() == ("hello",)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            member.execute("INSERT INTO library_state (name, value) VALUES ('x', 'y')")
        assert member.execute("UPDATE library_state SET value = 'changed'").rowcount == 0


def test_the_app_makes_private_highlights_and_undo_keeps_visibility(team: Team, tmp_path: Path) -> None:
    from app import Library

    library = Library(tmp_path / "alice-data", background=False, team=team.url("alice"))
    try:
        doc = library.store.add_document(document())
        made = library.annotations.add(doc.id, 13, 22, visibility="private").value
        assert made.visibility == "private"
        quoted = library.annotations.add_quote(doc.id, "budget", visibility="private").value
        assert [a.visibility for a in quoted] == ["private"]
        assert library.annotations.update(made.id, visibility="team").value.visibility == "team"
        library.history.undo()
        assert library.store.annotation(made.id).visibility == "private"
        library.history.redo()
        assert library.store.annotation(made.id).visibility == "team"
        library.annotations.delete(quoted[0].id)
        library.history.undo()  # comes back private, and still alice's
        back = library.store.annotation(quoted[0].id)
        assert (back.visibility, back.creator) == ("private", team.names["alice"])
    finally:
        library.close()
    assert [a.id for a in team.store("bob").all_annotations()] == [made.id]


def test_exports_name_who_made_each_highlight(team: Team, tmp_path: Path) -> None:
    from app import Library

    alice = team.store("alice")
    doc = alice.add_document(document())
    alice.add_annotation(doc.id, 4, 12)
    library = Library(tmp_path / "carol-data", background=False, team=team.url("carol"))
    try:
        csv_path = tmp_path / "out.csv"
        library.exports.export(ExportScope(), ExportOptions(format="csv", style=""), csv_path)
        header, row = csv_path.read_text(encoding="utf-8").splitlines()[:2]
        assert header.endswith("creator,modified_by,visibility")
        assert row.endswith(f"{team.names['alice']},{team.names['alice']},team")
    finally:
        library.close()
    node = web_annotation(doc, alice.all_annotations()[0])
    assert node["creator"] == {"type": "Person", "name": team.names["alice"]}
    assert node["lectern:visibility"] == "team"


def test_a_personal_library_accepts_visibility_and_keeps_every_highlight_visible(tmp_path: Path) -> None:
    store = Store(tmp_path / "lectern.sqlite3")
    try:
        doc = store.add_document(document())
        made = store.add_annotation(doc.id, 4, 12, visibility="private")
        assert (made.visibility, made.creator) == ("team", "")  # one reader: nothing to hide from
        assert store.update_annotation(made.id, visibility="private").visibility == "team"
        with pytest.raises(InvalidSelection, match="unknown visibility"):
            store.add_annotation(doc.id, 13, 22, visibility="secret")
    finally:
        store.close()
