"""Connecting to a team library (annotations/pg_connect.py, pg_errors.py, pg_open.py) against a real server:
the TLS rule, where the password comes from, and every failure as the one line a user can act on."""

from __future__ import annotations

import ast
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import psycopg
import pytest
from file_keyring import FileKeyring
from pg_cluster import ThrowawayCluster, free_port
from psycopg import sql
from team_servers import TeamServer, password_file

from annotations.database import SCHEMA_VERSION
from annotations.errors import (
    InsecureConnection,
    InvalidTeamAddress,
    LibraryUnreadable,
    NoSuchDatabase,
    NotAMember,
    NotATeamLibrary,
    PasswordRefused,
    SchemaMismatch,
    ServerUnreachable,
    TeamLibraryUnavailable,
    TlsVerificationFailed,
)
from annotations.pg_connect import KEYRING_SERVICE, connect, connection_parameters, remember_password
from annotations.pg_database import PostgresDatabase
from annotations.pg_open import open_team_database


@pytest.fixture
def team(pg_cluster: ThrowawayCluster) -> Iterator[TeamServer]:
    made = TeamServer(pg_cluster)
    yield made
    made.drop()


@pytest.fixture(autouse=True)
def no_saved_passwords(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No ~/.pgpass, service file or PG* variable of the machine's, and an empty keyring of the test's own."""
    for variable in ("PGPASSWORD", "PGSERVICE", "PGHOST", "PGSSLMODE", "PGSSLROOTCERT", "PGCONNECT_TIMEOUT", "PGUSER"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "no-service-file"))
    monkeypatch.setenv("LECTERN_TEST_KEYRING", str(tmp_path / "keyring.json"))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield tmp_path / "keyring.json"
    keyring.set_keyring(previous)


# -- the TLS rule ------------------------------------------------------------------------------------
def test_a_server_on_another_computer_is_reached_only_with_verified_tls() -> None:
    parameters = connection_parameters("postgresql://alice@db.example.org/research")
    assert parameters["sslmode"] == "verify-full"
    assert parameters["connect_timeout"] == "5" and parameters["fallback_application_name"] == "Lectern"
    assert connection_parameters("postgresql://alice@10.0.0.7:6432/research")["sslmode"] == "verify-full"


@pytest.mark.parametrize(
    "url",
    ["postgresql://alice@localhost/research", "postgresql://alice@127.0.0.1/research",
     "postgresql://alice@[::1]/research", "postgresql://alice@%2Fvar%2Frun%2Fpostgresql/research",
     "postgresql:///research"],
)  # fmt: skip
def test_a_server_on_this_computer_needs_no_tls(url: str) -> None:
    assert "sslmode" not in connection_parameters(url)


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer", "require", "verify-ca"])
def test_a_remote_address_asking_for_weaker_tls_is_refused_before_any_network_io(mode: str) -> None:
    """The name is remote, the address a loopback socket of the test's: nothing may knock on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        url = f"postgresql://alice@db.example.org:{port}/research?hostaddr=127.0.0.1&sslmode={mode}"
        with pytest.raises(InsecureConnection) as refused:
            connect(url)
        with pytest.raises(socket.timeout):
            listener.accept()
    assert str(refused.value) == (
        f"the team library at db.example.org:{port} is on another computer, so Lectern connects only with"
        f" verified TLS: remove sslmode={mode} from the address (sslmode=verify-full is used)"
    )


def test_a_service_file_asking_for_weaker_tls_is_refused_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services = tmp_path / "pg_service.conf"
    services.write_text("[research]\nhost=db.example.org\nport=5432\ndbname=research\nsslmode=require\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    with pytest.raises(InsecureConnection, match="remove sslmode=require"):
        connection_parameters("service=research user=alice")


def test_the_tls_rule_holds_on_the_wire(pg_cluster: ThrowawayCluster) -> None:
    """A remote name whose address is the test server (which has no TLS): libpq demands TLS and gives up."""
    url = f"postgresql://lectern_test:x@db.example.org:{pg_cluster.port}/postgres?hostaddr=127.0.0.1"
    with pytest.raises(TlsVerificationFailed) as refused:
        connect(url)
    assert str(refused.value) == (
        f"cannot verify the team library's server at db.example.org:{pg_cluster.port}: the server does not"
        " offer TLS (its admin must turn on ssl)"
    )


def test_an_address_that_is_none_is_said_plainly() -> None:
    with pytest.raises(InvalidTeamAddress, match="write it as postgresql://user@host/dbname"):
        connection_parameters("db.example.org research")


# -- passwords ---------------------------------------------------------------------------------------
def test_the_password_comes_from_a_pgpass_file(team: TeamServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = team.role("alice", password="s3cret")
    database = team.database(alice)
    monkeypatch.setenv("PGPASSFILE", str(password_file(tmp_path / "pgpass", team.cluster, database, alice, "s3cret")))
    with connect(team.url(database, alice)) as connection:
        row = connection.execute("SELECT current_user, application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        assert row.fetchone() == (alice, "Lectern")


def test_the_password_comes_from_the_keyring_when_libpq_has_none(team: TeamServer, no_saved_passwords: Path) -> None:
    alice = team.role("alice", password="kept-in-keyring")
    database = team.database(alice)
    url = team.url(database, alice)
    remember_password(url, "kept-in-keyring")
    assert f"{KEYRING_SERVICE}|{alice}@127.0.0.1:{team.cluster.port}/{database}" in no_saved_passwords.read_text()
    with connect(url) as connection:
        assert connection.execute("SELECT current_user").fetchone() == (alice,)


def test_no_password_anywhere_says_where_to_put_one(team: TeamServer) -> None:
    alice = team.role("alice")
    database = team.database(alice)
    with pytest.raises(PasswordRefused) as refused:
        connect(team.url(database, alice))
    assert str(refused.value) == (
        f"the server at 127.0.0.1:{team.cluster.port} wants a password for {alice} and none was found: add it to"
        f' ~/.pgpass, or to the system keyring with: keyring set "Lectern team library"'
        f" {alice}@127.0.0.1:{team.cluster.port}/{database}"
    )


def test_a_wrong_password_is_said_in_one_line(team: TeamServer) -> None:
    alice = team.role("alice", password="right")
    database = team.database(alice)
    with pytest.raises(PasswordRefused) as refused:
        connect(team.url(database, alice, "wrong"))
    assert str(refused.value) == f"the server refused the password for {alice} (check ~/.pgpass or the keyring)"


# -- the server and the database ---------------------------------------------------------------------
def test_a_port_with_no_server_is_said_at_once() -> None:
    port = free_port()
    started = time.monotonic()
    with pytest.raises(ServerUnreachable) as refused:
        connect(f"postgresql://alice:pw@127.0.0.1:{port}/research")
    assert time.monotonic() - started < 1
    assert str(refused.value) == f"cannot reach the team library at 127.0.0.1:{port}: connection refused"


def test_a_server_that_never_answers_is_given_up_after_the_timeout() -> None:
    """A socket that accepts and says nothing, as a server behind a dead link: libpq's timeout (2 s at least)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ServerUnreachable) as refused:
            connect(f"postgresql://alice:pw@127.0.0.1:{port}/research?connect_timeout=2")
        waited = time.monotonic() - started
    assert 1.5 < waited < 4
    assert str(refused.value) == f"cannot reach the team library at 127.0.0.1:{port}: no answer in time"


def test_a_database_that_does_not_exist(team: TeamServer) -> None:
    alice = team.role("alice", password="pw")
    with pytest.raises(NoSuchDatabase) as refused:
        connect(team.url("no_such_library", alice, "pw"))
    assert str(refused.value) == (
        f"there is no database no_such_library on 127.0.0.1:{team.cluster.port}: check the database name in the address"
    )


def test_any_other_refusal_quotes_the_server_in_one_line(team: TeamServer) -> None:
    """A role whose login was switched off: the server's own words, not a guess."""
    alice = team.role("alice", password="pw")
    database = team.database(alice)
    with psycopg.connect(team.cluster.url(), autocommit=True) as admin:
        admin.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(alice)))
    with pytest.raises(TeamLibraryUnavailable) as refused:
        connect(team.url(database, alice, "pw"))
    assert type(refused.value) is TeamLibraryUnavailable
    assert str(refused.value) == (
        f'cannot open the team library at 127.0.0.1:{team.cluster.port}: role "{alice}" is not permitted to log in'
    )


# -- opening: members, a library not made yet, an old schema ------------------------------------------
def _initialised_library(team: TeamServer) -> tuple[str, str]:
    """A database holding Lectern's tables, made by its owner (a non-superuser role); (owner, database)."""
    owner = team.role("owner", password="owner-pw", owner=True)
    database = team.database(owner)
    open_team_database(team.url(database, owner, "owner-pw"), SCHEMA_VERSION).close_all()
    return owner, database


def test_a_role_without_grants_is_told_to_ask_the_admin(team: TeamServer) -> None:
    _, database = _initialised_library(team)
    stranger = team.role("stranger", password="pw")
    with pytest.raises(NotAMember) as refused:
        open_team_database(team.url(database, stranger, "pw"), SCHEMA_VERSION)
    assert str(refused.value) == (
        f"{stranger} may not open this team library: ask the team's admin to add you"
        f" (lectern team add-member {stranger})"
    )


def test_a_database_without_lectern_tables_asks_for_team_init(team: TeamServer) -> None:
    owner = team.role("owner", password="owner-pw", owner=True)
    database = team.database(owner)
    stranger = team.role("stranger", password="pw")
    with pytest.raises(NotATeamLibrary) as refused:
        open_team_database(team.url(database, stranger, "pw"), SCHEMA_VERSION)
    assert str(refused.value) == (
        f"the database {database} on 127.0.0.1:{team.cluster.port} is not a Lectern team library yet: its owner"
        f" must run `lectern team init postgresql://{stranger}@127.0.0.1:{team.cluster.port}/{database}` first"
    )
    with psycopg.connect(team.url(database, owner, "owner-pw")) as check:  # nothing was half-made
        assert check.execute("SELECT to_regclass('lectern_schema')").fetchone() == (None,)


def test_an_older_schema_a_member_may_not_upgrade(team: TeamServer) -> None:
    owner, database = _initialised_library(team)
    member = team.role("member", password="pw")
    with psycopg.connect(team.url(database, owner, "owner-pw"), autocommit=True) as as_owner:
        as_owner.execute("UPDATE lectern_schema SET version = %s", (SCHEMA_VERSION - 1,))
        as_owner.execute(sql.SQL("GRANT SELECT ON lectern_schema TO {}").format(sql.Identifier(member)))
    with pytest.raises(SchemaMismatch) as refused:
        open_team_database(team.url(database, member, "pw"), SCHEMA_VERSION)
    assert str(refused.value) == (
        f"this team library has schema {SCHEMA_VERSION - 1} and this Lectern needs {SCHEMA_VERSION}: ask the"
        " database's owner to open it once with this Lectern, which upgrades it"
    )


def test_a_newer_schema_asks_for_a_newer_lectern(team: TeamServer) -> None:
    owner, database = _initialised_library(team)
    with psycopg.connect(team.url(database, owner, "owner-pw"), autocommit=True) as as_owner:
        as_owner.execute("UPDATE lectern_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(LibraryUnreadable) as refused:
        open_team_database(team.url(database, owner, "owner-pw"), SCHEMA_VERSION)
    assert str(refused.value) == (
        f"this team library was written by a newer Lectern (schema {SCHEMA_VERSION + 1}, this one knows"
        f" {SCHEMA_VERSION}); update Lectern to open it"
    )


def test_a_refusal_in_the_middle_of_a_command_is_one_line(team: TeamServer) -> None:
    """What the command line prints for a server error no part of Lectern turned into words first."""
    from ui.cli.team_library import server_failure

    alice = team.role("alice", password="pw")
    url = team.url(team.database(alice), alice, "pw")
    with connect(url) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
        connection.execute("SELECT rolpassword FROM pg_authid")
    assert server_failure(refused.value, url) == (
        f"the team library refused this to {alice} (permission denied for table pg_authid): ask the team's admin"
    )
    assert server_failure(ValueError("not the server's"), url) is None


def test_the_owner_opens_and_the_database_connects_through_the_rules(team: TeamServer) -> None:
    owner, database = _initialised_library(team)
    opened = PostgresDatabase(team.url(database, owner, "owner-pw"), SCHEMA_VERSION)
    try:
        name = opened.connection().execute("SELECT current_setting('application_name')").fetchone()
        assert name is not None and name[0] == "Lectern"  # PostgresDatabase connects through pg_connect
    finally:
        opened.close_all()


def test_every_server_connection_goes_through_pg_connect() -> None:
    """The TLS rule, the timeout and the keyring hold only if no module opens a connection of its own."""
    root = Path(__file__).resolve().parents[2]
    calls: set[str] = set()
    for package in ("annotations", "app", "index", "ui"):
        for source in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and ast.unparse(node.func) in _OPENING_CALLS:
                    calls.add(source.relative_to(root).as_posix())
    assert calls == {"annotations/pg_connect.py"}  # found there: the scan sees calls; nowhere else


_OPENING_CALLS = {"psycopg.connect", "psycopg.Connection.connect", "psycopg.AsyncConnection.connect", "Connection.connect"}
