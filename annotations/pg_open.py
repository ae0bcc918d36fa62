"""Opening a team library's database, and when that fails, finding out why in the user's terms.

A role that logs in but may not read the library, a database nobody has initialised, a schema older
than this Lectern that this role may not upgrade: the server says each as "permission denied" (42501)
somewhere inside the migration, so a second short look at the database tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from annotations.errors import LecternError, NotATeamLibrary, SchemaMismatch, TeamLibraryUnavailable
from annotations.pg_connect import Address, address_of, connect
from annotations.pg_database import PostgresDatabase
from annotations.pg_errors import INSUFFICIENT_PRIVILEGE, not_a_member, server_words

_MEMBERSHIP_PROBE = "SELECT has_table_privilege('documents', 'SELECT')"


def open_team_database(url: str, schema_version: int) -> PostgresDatabase:
    """The team library at ``url``, migrated forward, with this role allowed to read it; else a
    TeamLibraryUnavailable (or LibraryUnreadable for a newer schema) in one line."""
    address = address_of(url)  # refuses an unsafe or unreadable address before any network I/O
    with explained(url, address, schema_version):
        database = PostgresDatabase(url, schema_version)
        try:
            allowed = database.connection().execute(_MEMBERSHIP_PROBE).fetchone()
        except BaseException:
            database.close_all()
            raise
        if not allowed or not allowed[0]:
            database.close_all()
            raise not_a_member(address.user)
    return database


@contextmanager
def explained(url: str, address: Address, schema_version: int) -> Iterator[None]:
    """Turn a server error met while opening into the one line that says what to do."""
    try:
        yield
    except TeamLibraryUnavailable as error:
        first_hand = error.__cause__  # a wrapper's "the change was not saved" means nothing while opening
        if isinstance(first_hand, TeamLibraryUnavailable):
            raise first_hand from first_hand.__cause__
        raise
    except LecternError:
        raise
    except psycopg.Error as error:
        if error.sqlstate == INSUFFICIENT_PRIVILEGE:
            raise _why_refused(url, address, schema_version) from error
        raise TeamLibraryUnavailable(
            f"cannot open the team library at {address.where}: {server_words(error)}"
        ) from error


def _why_refused(url: str, address: Address, schema_version: int) -> LecternError:
    """Permission was denied while opening: no Lectern tables, an old schema, or not a member."""
    try:
        with connect(url) as connection:
            row = connection.execute("SELECT to_regclass('lectern_schema') IS NOT NULL").fetchone()
            if not row or not row[0]:
                return NotATeamLibrary(
                    f"the database {address.database} on {address.where} is not a Lectern team library yet:"
                    f" its owner must run `lectern team init {address.url_without_password}` first"
                )
            try:
                found = connection.execute("SELECT version FROM lectern_schema").fetchone()
            except psycopg.errors.InsufficientPrivilege:
                return not_a_member(address.user)
    except (psycopg.Error, LecternError):
        return not_a_member(address.user)
    if found and int(found[0]) < schema_version:
        return SchemaMismatch(
            f"this team library has schema {found[0]} and this Lectern needs {schema_version}: ask the"
            " database's owner to open it once with this Lectern, which upgrades it"
        )
    return not_a_member(address.user)
