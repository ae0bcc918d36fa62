"""Setting up a team library's roles and managing its members, on a real server."""

from __future__ import annotations

import psycopg
import pytest
from pg_cluster import ThrowawayCluster
from team_setup import Team, document, team_fixture  # noqa: F401 - the fixture

from annotations import team_admin
from annotations.database import SCHEMA_VERSION
from annotations.team_admin import Member, TeamError, group_roles


def test_init_records_the_group_roles_and_makes_the_owner_an_admin(team: Team) -> None:
    roles = group_roles(team.database)
    with psycopg.connect(team.owner_url, autocommit=True) as owner:
        assert owner.execute("SELECT member_role, admin_role FROM team_roles").fetchone() == (
            roles.member_role, roles.admin_role)  # fmt: skip
        assert owner.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", (roles.admin_role,)).fetchone() == (
            True,)  # fmt: skip
        assert owner.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (roles.member_role,)).fetchone() == (
            False,)  # fmt: skip
    with pytest.raises(TeamError, match="already holds a Lectern library"):
        team_admin.initialise(team.owner_url, SCHEMA_VERSION)


def test_group_role_names_fit_postgresql_whatever_the_database_is_called() -> None:
    long = group_roles("Policy-Team " + "x" * 80)
    other = group_roles("Policy-Team " + "x" * 79)
    assert len(long.member_role) <= 63 and len(long.admin_role) <= 63
    assert long.member_role != other.member_role  # long names still differ
    assert group_roles("research").member_role == "lectern_research_member"


def test_members_are_listed_with_their_admin_flag(team: Team) -> None:
    names = team.names
    assert team_admin.members(team.owner_url) == [
        Member(names["alice"], False), Member(names["bob"], False), Member(names["carol"], True)]  # fmt: skip


def test_a_member_logs_in_with_their_own_password_which_the_server_only_sees_hashed(
    team: Team, pg_cluster: ThrowawayCluster
) -> None:
    name, secret = f"dana_{team.database}", "correct-horse-battery-staple"
    logged = team.owner_url + "?options=-c%20log_statement%3Dall"  # the server logs every statement it runs
    team_admin.add_member(logged, name, secret)
    with psycopg.connect(pg_cluster.url(team.database, user=name, password=secret), autocommit=True) as dana:
        assert dana.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    with psycopg.connect(team.owner_url, autocommit=True) as owner:
        stored = owner.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)).fetchone()
    assert stored is not None and stored[0].startswith("SCRAM-SHA-256$")
    log = (pg_cluster.root / "server.log").read_text(errors="replace")
    assert "ALTER ROLE" in log and secret not in log
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(pg_cluster.url(team.database, user=name, password="wrong"))


def test_removing_a_member_shuts_them_out_and_keeps_their_highlights(team: Team) -> None:
    bob = team.store("bob")
    doc = bob.add_document(document())
    shared = bob.add_annotation(doc.id, 4, 12)
    private = bob.add_annotation(doc.id, 13, 22, visibility="private")
    bob.db.close_all()  # type: ignore[attr-defined]
    team_admin.remove_member(team.owner_url, team.names["bob"])

    assert team.names["bob"] not in [member.name for member in team_admin.members(team.owner_url)]
    with team.raw("bob") as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("SELECT count(*) FROM documents")
    alice = team.store("alice")
    assert [a.id for a in alice.all_annotations()] == [shared.id]  # bob's private one stays private
    with psycopg.connect(team.owner_url, autocommit=True) as owner:  # the server's superuser: both still there
        assert owner.execute("SELECT count(*) FROM annotations WHERE id = %s", (private.id,)).fetchone() == (1,)
    with pytest.raises(TeamError, match="is not a member"):
        team_admin.remove_member(team.owner_url, team.names["bob"])


def test_a_member_who_is_not_an_admin_cannot_add_members(team: Team) -> None:
    with pytest.raises(TeamError) as refused:
        team_admin.add_member(team.url("alice"), f"eve_{team.database}", "pw")
    assert "\n" not in str(refused.value) and "not allowed" in str(refused.value)


def test_an_admin_adds_a_member(team: Team, pg_cluster: ThrowawayCluster) -> None:
    name = f"frank_{team.database}"
    team_admin.add_member(team.url("carol"), name, "frank-pw")  # carol: admin, with CREATEROLE
    assert Member(name, False) in team_admin.members(team.owner_url)
    with psycopg.connect(pg_cluster.url(team.database, user=name, password="frank-pw"), autocommit=True) as frank:
        assert frank.execute("SELECT count(*) FROM annotations").fetchone() == (0,)


def test_unreachable_servers_and_bad_names_are_one_line_errors(team: Team, pg_cluster: ThrowawayCluster) -> None:
    with pytest.raises(TeamError, match="cannot connect") as refused:
        team_admin.members(pg_cluster.url(team.database, password="wrong"))
    assert "\n" not in str(refused.value)
    with pytest.raises(TeamError, match="cannot be a member's name"):
        team_admin.add_member(team.owner_url, "pg_sneaky", "pw")
    with pytest.raises(TeamError, match="give them a password"):
        team_admin.add_member(team.owner_url, f"gina_{team.database}", None)
    empty = pg_cluster.new_database("empty")
    try:
        with pytest.raises(TeamError, match="run team init first"):
            team_admin.members(pg_cluster.url(empty))
    finally:
        pg_cluster.drop_database(empty)
