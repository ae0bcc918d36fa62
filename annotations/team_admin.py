"""A team library's members: set up its roles, add and remove members, list them (PostgreSQL only).

Each member logs in with a role of their own; the team is two group roles per database (role names are
cluster-wide, so they carry the database's name): members, and admins (who are members too). The policies
of ``pg_team`` read the group names from ``team_roles``. Identifiers reach the server only through
``psycopg.sql.Identifier``; a password is hashed here (SCRAM) so its plain text never reaches the server
or its log.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from annotations.errors import LecternError

_MAX_NAME = 63  # PostgreSQL's identifier length


class TeamError(LecternError):
    """A member could not be added or removed, or the team could not be set up."""


@dataclass(frozen=True)
class TeamRoles:
    member_role: str
    admin_role: str


@dataclass(frozen=True)
class Member:
    name: str
    admin: bool


def group_roles(database: str) -> TeamRoles:
    """The team's group role names for ``database``: readable, and within 63 characters whatever its name."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())
    if len(base) > 36:
        base = base[:27] + "_" + hashlib.sha256(database.encode()).hexdigest()[:8]
    return TeamRoles(f"lectern_{base}_member", f"lectern_{base}_admin")


@contextmanager
def admin_connection(url: str) -> Iterator[psycopg.Connection[Any]]:
    """A plain connection for managing the team, its failures as one-line TeamErrors."""
    from annotations.pg_connect import connect  # TLS, the timeout and the keyring, as every connection has them

    try:
        connection = connect(url, autocommit=True)
    except (LecternError, psycopg.Error) as error:  # unreachable, refused, a wrong password, a malformed address
        raise TeamError(f"cannot connect to the team library: {_first_line(error)}") from error
    try:
        yield connection
    except psycopg.errors.InsufficientPrivilege as error:
        raise TeamError(f"not allowed: {_first_line(error)} (ask the team's admin or the database owner)") from error
    except psycopg.Error as error:
        raise TeamError(f"the server refused: {_first_line(error)}") from error
    finally:
        connection.close()


def initialise(url: str, schema_version: int) -> TeamRoles:
    """Create the schema, the team's group roles and their grants on an empty database; the user who runs
    this (the database's owner) becomes the team's first admin."""
    from annotations.pg_database import PostgresDatabase

    with admin_connection(url) as connection:
        row = connection.execute("SELECT to_regclass('lectern_schema') IS NOT NULL, current_database()").fetchone()
        assert row is not None
        if row[0]:
            raise TeamError("this database already holds a Lectern library; team init needs an empty one")
        roles = group_roles(str(row[1]))
    try:
        PostgresDatabase(url, schema_version).close_all()  # creates the tables and policies
    except psycopg.Error as error:
        raise TeamError(f"cannot create the library's tables: {_first_line(error)}") from error
    with admin_connection(url) as connection, connection.transaction():
        member, admin = sql.Identifier(roles.member_role), sql.Identifier(roles.admin_role)
        for role in (roles.member_role, roles.admin_role):
            if not _role_exists(connection, role):
                connection.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        connection.execute(sql.SQL("GRANT {} TO {}").format(member, admin))
        connection.execute("INSERT INTO team_roles (member_role, admin_role) VALUES (%s, %s)", roles_tuple(roles))
        for statement in _GRANTS:
            connection.execute(sql.SQL(statement).format(member=member))
        connection.execute(sql.SQL("GRANT {} TO CURRENT_USER WITH ADMIN OPTION").format(admin))
        connection.execute(sql.SQL("GRANT {} TO CURRENT_USER WITH ADMIN OPTION").format(member))
    return roles


_GRANTS = (
    "GRANT USAGE ON SCHEMA public TO {member}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {member}",
    "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {member}",
    "REVOKE INSERT, UPDATE, DELETE ON lectern_schema, team_roles FROM {member}",
    "REVOKE UPDATE, DELETE ON changes FROM {member}",  # the feed's triggers append as the writer; no one rewrites it
    "REVOKE INSERT, DELETE ON change_counter FROM {member}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {member}",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {member}",
)


def roles_tuple(roles: TeamRoles) -> tuple[str, str]:
    return roles.member_role, roles.admin_role


def team_roles(connection: psycopg.Connection[Any]) -> TeamRoles:
    """The group roles ``team init`` recorded in this database."""
    try:
        row = connection.execute("SELECT member_role, admin_role FROM team_roles").fetchone()
    except psycopg.errors.UndefinedTable as error:
        raise TeamError("this database is not a team library yet: run team init first") from error
    if row is None:
        raise TeamError("this database is not a team library yet: run team init first")
    return TeamRoles(row[0], row[1])


def add_member(url: str, name: str, password: str | None, *, admin: bool = False) -> Member:
    """Give ``name`` (created as a login role when missing) membership of the team, as an admin if asked."""
    _check_name(name)
    with admin_connection(url) as connection, connection.transaction():
        roles = team_roles(connection)
        role = sql.Identifier(name)
        if not _role_exists(connection, name):
            if not password:
                raise TeamError(f"{name} is a new member: give them a password")
            connection.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        if password:
            hashed = connection.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
            connection.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(hashed.decode())))
        option = sql.SQL(" WITH ADMIN OPTION" if admin else "")
        connection.execute(sql.SQL("GRANT {} TO {}{}").format(sql.Identifier(roles.member_role), role, option))
        if admin:  # an admin adds members in turn: CREATEROLE makes their logins
            connection.execute(sql.SQL("GRANT {} TO {}{}").format(sql.Identifier(roles.admin_role), role, option))
            connection.execute(sql.SQL("ALTER ROLE {} CREATEROLE").format(role))
    return Member(name, admin)


def remove_member(url: str, name: str) -> None:
    """Take ``name`` out of the team (their login stays; their highlights stay, private ones private)."""
    _check_name(name)
    with admin_connection(url) as connection, connection.transaction():
        roles = team_roles(connection)
        if not _role_exists(connection, name) or not _is_member(connection, name, roles.member_role):
            raise TeamError(f"{name} is not a member of this team")
        for group in (roles.admin_role, roles.member_role):
            connection.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(name)))
        if _is_member(connection, name, roles.member_role):
            raise TeamError(f"{name} is still a member: their membership was granted by someone else; ask the owner")


def members(url: str) -> list[Member]:
    """Every login role in the team, by name, and whether it is an admin."""
    with admin_connection(url) as connection:
        roles = team_roles(connection)
        rows = connection.execute(
            "SELECT r.rolname, pg_has_role(r.oid, a.oid, 'MEMBER') FROM pg_roles r, pg_roles m, pg_roles a"
            " WHERE m.rolname = %s AND a.rolname = %s AND r.rolcanlogin AND pg_has_role(r.oid, m.oid, 'MEMBER')"
            " AND NOT r.rolsuper ORDER BY r.rolname",
            roles_tuple(roles),
        ).fetchall()
    return [Member(str(row[0]), bool(row[1])) for row in rows]


def _role_exists(connection: psycopg.Connection[Any], name: str) -> bool:
    return connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


def _is_member(connection: psycopg.Connection[Any], name: str, group: str) -> bool:
    row = connection.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (name, group)).fetchone()
    return bool(row and row[0])


def _check_name(name: str) -> None:
    if not name or len(name.encode()) > _MAX_NAME or name.startswith("pg_") or "\x00" in name:
        raise TeamError(f"“{name}” cannot be a member's name (1 to {_MAX_NAME} bytes, not starting with pg_)")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
