"""The ``team`` commands and the CLI's visibility options, run as a researcher runs them, on a real server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pg_cluster import ThrowawayCluster
from team_setup import Team, document, team_fixture  # noqa: F401 - the fixture

from main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_init_add_list_and_remove_members(
    pg_cluster: ThrowawayCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = pg_cluster.new_database("cli")
    owner = pg_cluster.url(database)
    try:
        status, out, _ = run(capsys, "team", "init", owner, "--json")
        assert status == 0 and json.loads(out)["member_role"] == f"lectern_{database}_member"
        secret = tmp_path / "pw"
        secret.write_text("hunter2-but-longer\n")
        name = f"hana_{database}"
        status, out, _ = run(
            capsys, "--library", owner, "team", "add-member", name, "--admin", "--password-file", str(secret), "--json"
        )
        assert status == 0 and json.loads(out) == {"name": name, "admin": True}
        status, out, _ = run(capsys, "--library", owner, "team", "members", "--json")
        assert status == 0 and json.loads(out) == [{"name": name, "admin": True}]
        hana = pg_cluster.url(database, user=name, password="hunter2-but-longer")
        status, out, _ = run(capsys, "--library", hana, "team", "members")  # she logs in with that password
        assert status == 0 and out.strip() == f"{name} (admin)"
        status, out, _ = run(capsys, "--library", owner, "team", "remove-member", name, "--json")
        assert status == 0 and json.loads(out) == {"removed": name}
        status, out, _ = run(capsys, "--library", owner, "team", "members")
        assert out.strip() == "no members"
    finally:
        pg_cluster.drop_database(database)


def test_a_password_can_come_on_stdin(team: Team, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    import io

    name = f"ivan_{team.database}"
    monkeypatch.setattr("sys.stdin", io.StringIO("from-a-pipe\n"))
    status, _, _ = run(capsys, "--library", team.owner_url, "team", "add-member", name)
    assert status == 0
    url = team.cluster.url(team.database, user=name, password="from-a-pipe")
    status, out, _ = run(capsys, "--library", url, "team", "members", "--json")
    assert status == 0 and {"name": name, "admin": False} in json.loads(out)


def test_team_commands_fail_in_one_line(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "team", "members")
    assert status == 2 and err.startswith("lectern: name the team library")
    status, _, err = run(capsys, "team", "init", team.owner_url)
    assert status == 1 and err == "lectern: this database already holds a Lectern library; team init needs an empty one\n"
    status, _, err = run(capsys, "--library", team.url("alice"), "team", "add-member", "someone_new", "--password-file",
                         "/nonexistent/pw")  # fmt: skip
    assert status == 1 and err.count("\n") == 1 and err.startswith("lectern: cannot read the password")
    wrong = team.cluster.url(team.database, user=team.names["alice"], password="not-hers")
    status, _, err = run(capsys, "--library", wrong, "team", "members")
    assert status == 1 and err.count("\n") == 1 and "cannot connect" in err


def test_annotate_private_and_edit_visibility_from_the_command_line(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = team.store("alice").add_document(document())
    alice = ("--data-dir", str(tmp_path / "alice"), "--library", team.url("alice"))
    bob = ("--data-dir", str(tmp_path / "bob"), "--library", team.url("bob"))

    status, out, _ = run(capsys, *alice, "annotate", str(doc.id), "--quote", "budget", "--private", "--json")
    assert status == 0
    (made,) = json.loads(out)
    assert (made["visibility"], made["creator"]) == ("private", team.names["alice"])
    status, out, _ = run(capsys, *alice, "annotate", str(doc.id), "--quote", "Critics", "--json")
    (shared,) = json.loads(out)
    assert shared["visibility"] == "team"

    status, out, _ = run(capsys, *bob, "show", str(doc.id), "--json")
    assert status == 0
    assert [(a["id"], a["creator"], a["visibility"]) for a in json.loads(out)["annotations"]] == [
        (shared["id"], team.names["alice"], "team")]  # fmt: skip
    status, _, err = run(capsys, *bob, "annotation", "edit", str(shared["id"]), "--note", "mine")
    assert status == 1 and err == f"lectern: only its creator ({team.names['alice']}) or a team admin can change this highlight\n"

    status, out, _ = run(capsys, *alice, "annotation", "edit", str(made["id"]), "--team", "--json")
    assert status == 0 and json.loads(out)["visibility"] == "team"
    status, out, _ = run(capsys, *bob, "show", str(doc.id), "--json")
    shown = json.loads(out)["annotations"]
    assert {a["id"] for a in shown} == {made["id"], shared["id"]}
    assert all(a["modified_by"] == team.names["alice"] for a in shown)
    status, out, _ = run(capsys, *alice, "annotation", "edit", str(made["id"]), "--private", "--json")
    assert json.loads(out)["visibility"] == "private"
    status, out, _ = run(capsys, *bob, "show", str(doc.id), "--json")
    assert [a["id"] for a in json.loads(out)["annotations"]] == [shared["id"]]


def test_a_personal_library_accepts_private_and_keeps_its_json_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_file
) -> None:
    folder = ("--data-dir", str(tmp_path / "own"))
    path = write_file("note.txt", "A short note about the budget.")
    assert run(capsys, *folder, "import", str(path))[0] == 0
    status, out, _ = run(capsys, *folder, "annotate", "1", "--quote", "budget", "--private", "--json")
    assert status == 0 and json.loads(out)[0]["exact"] == "budget"  # one reader: nothing to hide from
    status, out, _ = run(capsys, *folder, "show", "1", "--json")
    (shown,) = json.loads(out)["annotations"]
    assert not {"creator", "modified_by", "visibility"} & set(shown)  # a team library's fields only
