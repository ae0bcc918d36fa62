"""Hearing a team library's commits as they happen: ``LISTEN`` on the change feed's channel.

The feed's triggers (``pg_schema``) call ``pg_notify('lectern_changes', seq)`` in each changing
transaction; PostgreSQL delivers it to every listening connection when that transaction commits. A
notice only says "look at the feed": the changes themselves are read from ``changes`` after this
desktop's cursor (``team_feed``), so a notice missed while disconnected loses nothing.
"""

from __future__ import annotations

from typing import Protocol

import psycopg

from annotations.pg_connection import PgConnection
from annotations.pg_reconnect import UNREACHABLE, ServerGone

CHANNEL = "lectern_changes"


class Server(Protocol):
    def open_connection(self) -> PgConnection: ...


class ChangeNotices:
    """A connection of its own, listening on ``CHANNEL``; raises ``ServerGone`` when the server is lost."""

    def __init__(self, server: Server) -> None:
        try:
            self._connection = server.open_connection()
            self._connection.execute("LISTEN lectern_changes")
        except psycopg.OperationalError as error:
            raise ServerGone(UNREACHABLE) from error

    def wait(self, timeout: float) -> int | None:
        """The sequence number a commit announced within ``timeout`` seconds (the highest if several were
        waiting), or None if none came."""
        highest: int | None = None
        try:
            for notice in self._connection.raw.notifies(timeout=timeout, stop_after=1):
                highest = max(highest or 0, int(notice.payload or 0))
            for notice in self._connection.raw.notifies(timeout=0):  # those queued behind it
                highest = max(highest or 0, int(notice.payload or 0))
        except psycopg.OperationalError as error:
            raise ServerGone(UNREACHABLE) from error
        return highest

    def close(self) -> None:
        try:
            self._connection.close()
        except psycopg.Error:
            pass  # the server is gone already
