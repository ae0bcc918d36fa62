"""A team library's connection that outlives its server going away (a restart, a dropped network).

psycopg marks a connection ``broken`` when the server vanishes under it; every later use fails. This
wrapper replaces the broken connection on next use, so a desktop reconnects by itself once the server
is back. What it may repeat is decided by what was lost:

- a read outside a transaction is run again once on a new connection (it changed nothing);
- a write, or anything inside a transaction (its COMMIT included), is never repeated: the server may or
  may not have committed it, and repeating could store it twice. The caller hears ``ServerGone``, whose
  message says plainly that the change was not saved, instead of a psycopg traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import psycopg

from annotations.errors import TeamLibraryUnavailable
from annotations.pg_connection import Cursor, PgConnection

NOT_SAVED = "the team library's server went away; the change was not saved — try again"
UNREACHABLE = "the team library's server cannot be reached just now; try again in a moment"


class ServerGone(TeamLibraryUnavailable):
    """The connection to the team library's server was lost (what was being written was not saved)."""


def _is_read(statement: str) -> bool:
    return statement.lstrip()[:6].upper() == "SELECT"


class ServerConnection:
    """A ``PgConnection`` that is opened again, by ``open_connection``, after the server dropped it."""

    engine = "postgresql"
    records_changes = True  # the server's triggers write the change feed (see ``PgConnection``)

    def __init__(self, open_connection: Callable[[], PgConnection]) -> None:
        self._open = open_connection
        self._current = open_connection()
        self._released = False
        self.in_transaction = False

    @property
    def raw(self) -> psycopg.Connection[Any]:
        """The psycopg connection in use now (a new one after a reconnect)."""
        return self._current.raw

    @property
    def closed(self) -> bool:
        """Closed on purpose (``close()``); a connection the server dropped is not closed, just replaced."""
        return self._released

    @property
    def lost(self) -> bool:
        return self._current.closed or bool(self._current.raw.broken)

    def execute(self, statement: str, parameters: Sequence[object] = ()) -> Cursor:
        return self._run(statement, lambda connection: connection.execute(statement, parameters))

    def executemany(self, statement: str, rows: Iterable[Sequence[object]]) -> Cursor:
        return self._run("", lambda connection: connection.executemany(statement, rows))

    def begin(self) -> None:
        """Start a transaction (on a new connection if the old one was lost: nothing is under way yet)."""
        self.execute("BEGIN")
        self.in_transaction = True

    def commit(self) -> None:
        try:
            self.execute("COMMIT")
        finally:
            self.in_transaction = False

    def rollback(self) -> None:
        """Roll back, unless the connection is gone (the server dropped the transaction with it)."""
        try:
            if not self.lost:
                self.execute("ROLLBACK")
        finally:
            self.in_transaction = False

    def close(self) -> None:
        self._released = True
        self._current.close()

    def _run(self, statement: str, run: Callable[[PgConnection], Cursor]) -> Cursor:
        if self.lost and not self.in_transaction:
            self._reconnect()
        try:
            return run(self._current)
        except psycopg.OperationalError as error:
            if not self.lost:
                raise  # an error of the statement (a timeout, say), the connection is fine
            if self.in_transaction or not _is_read(statement):
                raise ServerGone(NOT_SAVED) from error
        self._reconnect()
        try:
            return run(self._current)
        except psycopg.OperationalError as error:
            if self.lost:
                raise ServerGone(UNREACHABLE) from error
            raise

    def _reconnect(self) -> None:
        try:
            self._current.close()
        except psycopg.Error:
            pass  # already gone
        try:
            self._current = self._open()
        except psycopg.OperationalError as error:
            raise ServerGone(UNREACHABLE) from error
