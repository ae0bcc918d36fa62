"""The store protocol's lowest part: what every table module needs from a database, on either engine.

``database.SqliteDatabase`` (one file, the embedded default) and ``pg_database.PostgresDatabase`` (a
team library on a PostgreSQL server) both give a connection per thread whose ``execute`` takes the
store's SQL with ``?`` parameters and returns rows readable by position or column name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, statement: str, parameters: Sequence[object] = ...) -> Any: ...
    def executemany(self, statement: str, rows: Iterable[Sequence[object]]) -> Any: ...


class Database(Protocol):
    """``engine`` is "sqlite" or "postgresql"; ``path`` is the SQLite file (None on a server)."""

    engine: str
    path: Path | None

    def connection(self) -> Any: ...
    def transaction(self) -> AbstractContextManager[Any]: ...
    def close(self) -> None: ...

