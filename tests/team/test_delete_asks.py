"""Deleting an article other members highlighted asks first, counting their highlights by member, private
ones included (only their numbers leave the server); a personal library never asks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pg_cluster import ThrowawayCluster
from team_members import Team, make_team

from annotations.errors import NotFound
from annotations.models import ParsedDocument
from app import Library
from ui.cli.parser import build_parser
from ui.cli.run import COMMANDS

WORDS = "one two three four five six seven eight nine ten eleven twelve"
TEXT = f"{WORDS}."


@pytest.fixture
def team(pg_cluster: ThrowawayCluster) -> Iterator[Team]:
    made = make_team(pg_cluster, alice=False, bob=False, carol=False)
    yield made
    pg_cluster.drop_database(made.database)


@pytest.fixture
def desks(team: Team, tmp_path: Path) -> Iterator[dict[str, Library]]:
    opened = {name: Library(tmp_path / name, background=False, team=url) for name, url in team.members.items()}
    yield opened
    for library in opened.values():
        library.close()


def highlight_words(library: Library, document_id: int, words: list[str], visibility: str = "team") -> None:
    for word in words:
        start = TEXT.index(word)
        library.annotations.add(document_id, start, start + len(word), visibility=visibility)


@pytest.fixture
def article(desks: dict[str, Library]) -> int:
    """Alice's article: alice 2 highlights, bob 4 (1 private), carol 3 (1 private)."""
    alice, bob, carol = desks["alice"], desks["bob"], desks["carol"]
    document_id = alice.store.add_document(ParsedDocument("Budget 2027", f"<p>{TEXT}</p>", TEXT, "md")).id
    highlight_words(alice, document_id, ["one", "two"])
    highlight_words(bob, document_id, ["three", "four", "five"])
    highlight_words(bob, document_id, ["six"], "private")
    highlight_words(carol, document_id, ["seven", "eight"])
    highlight_words(carol, document_id, ["nine"], "private")
    return document_id


def run(library: Library, *argv: str) -> int:
    arguments = build_parser().parse_args(list(argv))
    return COMMANDS[arguments.command](library, arguments)


def test_every_highlight_is_counted_by_creator_even_those_the_member_cannot_see(
    desks: dict[str, Library], team: Team, article: int
) -> None:
    alice = desks["alice"]
    assert len(alice.annotations.for_document(article)) == 7  # the two private ones are hidden from her
    assert alice.documents.highlights_by_creator(article) == {
        team.roles["bob"]: 4, team.roles["carol"]: 3, team.roles["alice"]: 2
    }
    others = alice.documents.others_work(article)
    assert others is not None
    assert others.summary() == f"7 highlights by others: {team.roles['bob']} 4, {team.roles['carol']} 3 (2 of them private)"


def test_the_counts_follow_visibility_changes_and_deletions(desks: dict[str, Library], team: Team, article: int) -> None:
    bob = desks["bob"]
    mine = [annotation for annotation in bob.annotations.for_document(article) if annotation.creator == team.roles["bob"]]
    bob.annotations.update(mine[0].id, visibility="private")
    bob.annotations.delete(mine[1].id)
    others = desks["carol"].documents.others_work(article)
    assert others is not None
    assert {(count.creator, count.highlights, count.private) for count in others.counts} == {
        (team.roles["bob"], 3, 2), (team.roles["alice"], 2, 0)
    }


def test_members_cannot_read_or_forge_the_counts_by_hand(desks: dict[str, Library], team: Team, article: int) -> None:
    with psycopg.connect(team.members["alice"], autocommit=True) as member:
        assert member.execute("SELECT count(*) FROM annotation_counts").fetchone() == (0,)
        member.execute("UPDATE annotation_counts SET highlights = 0")
        member.execute("DELETE FROM annotation_counts")
    assert sum(desks["alice"].documents.highlights_by_creator(article).values()) == 9


def test_the_command_line_refuses_to_delete_others_work_without_yes(
    desks: dict[str, Library], team: Team, article: int, capsys: pytest.CaptureFixture[str]
) -> None:
    alice = desks["alice"]
    assert run(alice, "article", "delete", str(article)) == 1
    error = capsys.readouterr().err
    assert error == (
        f"lectern: “Budget 2027” holds 7 highlights by others: {team.roles['bob']} 4, {team.roles['carol']} 3"
        " (2 of them private); add --yes to delete it with them\n"
    )
    assert alice.documents.get(article).title == "Budget 2027"
    assert run(alice, "article", "delete", str(article), "--yes", "--json") == 0
    assert '"highlights": 9' in capsys.readouterr().out
    with pytest.raises(NotFound):
        desks["carol"].documents.get(article)
    assert desks["carol"].documents.highlights_by_creator(article) == {}


def test_an_article_with_only_my_highlights_is_deleted_without_asking(
    desks: dict[str, Library], capsys: pytest.CaptureFixture[str]
) -> None:
    alice = desks["alice"]
    document_id = alice.store.add_document(ParsedDocument("Mine", f"<p>{TEXT}</p>", TEXT, "md")).id
    highlight_words(alice, document_id, ["one"], "private")
    assert alice.documents.others_work(document_id) is None
    assert run(alice, "article", "delete", str(document_id)) == 0
    assert capsys.readouterr().out == f"deleted #{document_id} “Mine” and its 1 highlight\n"


def test_a_personal_library_never_asks(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    document_id = library.store.add_document(ParsedDocument("Mine", f"<p>{TEXT}</p>", TEXT, "md")).id
    highlight_words(library, document_id, ["one", "two"])
    assert library.documents.highlights_by_creator(document_id) == {"": 2}
    assert library.documents.others_work(document_id) is None
    assert run(library, "article", "delete", str(document_id)) == 0
    assert capsys.readouterr().out == f"deleted #{document_id} “Mine” and its 2 highlights\n"
