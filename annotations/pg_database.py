"""The store on PostgreSQL: a connection per thread, transactions, and the schema migrated forward.

The same contract as ``database.SqliteDatabase``: ``connection()``, ``transaction()``, ``close()``, so
every table module runs unchanged on either engine (``engine.Database`` is the protocol). Connections
are autocommit; a transaction is an explicit ``BEGIN`` … ``COMMIT`` held by one thread, as on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from annotations.database import PROCESS_ORIGIN
from annotations.errors import LibraryUnreadable, TeamLibraryUnavailable
from annotations.pg_connect import connect
from annotations.pg_connection import PgConnection
from annotations.pg_reconnect import NOT_SAVED, UNREACHABLE, ServerConnection, ServerGone
from annotations.pg_schema import FIRST_VERSION, PG_MIGRATIONS

# One advisory lock number for "migrating this database", so two desktops opening it at once queue.
_MIGRATION_LOCK = 0x1EC7E5


class PostgresDatabase:
    """One PostgreSQL database at ``url`` (a libpq connection string or ``postgresql://`` URL)."""

    engine = "postgresql"
    path = None  # no file: backups and start-up checks of a file do not apply

    def __init__(self, url: str, schema_version: int, *, migrate: bool = True) -> None:
        self.url = url
        self.schema_version = schema_version
        self._local = threading.local()
        self._all: list[ServerConnection] = []
        self._lock = threading.Lock()
        self._reached = False  # connected once: a later failure to connect is the server gone away
        if migrate:
            self._migrate()

    def open_connection(self) -> PgConnection:
        """A new connection to the server (also on reconnecting, and for ``app.team_listener``)."""
        connection = PgConnection(connect(self.url))
        # names this process in the change feed, so its own changes are told from other desktops'
        connection.execute("SELECT set_config('lectern.origin', ?, FALSE)", (PROCESS_ORIGIN,))
        return connection

    def connection(self) -> ServerConnection:
        """This thread's connection, opened on first use; replaced by itself after the server dropped it
        (``pg_reconnect``: reads are retried once, a lost write raises ``ServerGone``)."""
        connection: ServerConnection | None = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            try:
                connection = ServerConnection(self.open_connection)
            except psycopg.OperationalError as error:
                if not self._reached:
                    raise  # the first connection: what is wrong (a password, a host) is told as it is
                raise ServerGone(UNREACHABLE) from error
            self._reached = True
            self._local.connection = connection
            with self._lock:
                self._all.append(connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[ServerConnection]:
        """One write transaction: committed when the block ends, rolled back if it raises. A connection
        lost before the COMMIT returned raises ``ServerGone`` (the change was not saved)."""
        try:
            connection = self.connection()
            connection.begin()
        except ServerGone as error:
            raise ServerGone(NOT_SAVED) from error
        except TeamLibraryUnavailable as error:  # reconnecting failed: why, from ``pg_connect``
            raise ServerGone(f"the change was not saved: {error}") from error
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.commit()

    def close(self) -> None:
        """Close this thread's connection."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def close_all(self) -> None:
        """Close every thread's connection (the library is closing)."""
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()
        self._local = threading.local()

    def version(self) -> int:
        """The schema version stored in the database (0 for an empty one)."""
        found = self.connection().execute("SELECT to_regclass('lectern_schema') IS NOT NULL").fetchone()
        if not found or not found[0]:
            return 0
        row = self.connection().execute("SELECT version FROM lectern_schema").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        """Bring the database to ``schema_version``, one version per step, all in one transaction."""
        with self.transaction() as connection:
            connection.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            version = self.version()
            if version > self.schema_version:
                raise LibraryUnreadable(
                    f"this team library was written by a newer Lectern (schema {version}, this one knows"
                    f" {self.schema_version}); update Lectern to open it"
                )
            for target in range(max(version + 1, FIRST_VERSION), self.schema_version + 1):
                connection.execute(PG_MIGRATIONS[target])
                connection.execute("UPDATE lectern_schema SET version = ?", (target,))
