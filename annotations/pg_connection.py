"""A psycopg 3 connection that speaks to the store's modules as a ``sqlite3`` connection does.

The store's SQL is written once, in the subset both engines share (``?`` parameters, ``ON CONFLICT``,
``RETURNING``); this adapter is what lets the same statements run on PostgreSQL:

- ``?`` placeholders become psycopg's ``%s`` (and a literal ``%`` becomes ``%%``), outside quotes only.
  Values always travel as parameters: the statement text is the store's own constant, never a value.
- rows can be read by position and by column name, as ``sqlite3.Row`` allows;
- ``numeric`` results (``sum`` of integers) come back as ``int``, not ``Decimal``;
- an integrity violation is raised as ``sqlite3.IntegrityError``, the one the store's callers catch
  (a uuid already taken, a highlight whose article was deleted meanwhile).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.adapt import Loader
from psycopg.rows import RowMaker


@lru_cache(maxsize=2048)
def to_psycopg(statement: str) -> str:
    """``statement`` with ``?`` as ``%s`` and ``%`` as ``%%``, leaving quoted text and identifiers alone."""
    out: list[str] = []
    quote = ""
    for character in statement:
        if quote:
            if character == quote:
                quote = ""
            out.append("%%" if character == "%" else character)
        elif character in "'\"":
            quote = character
            out.append(character)
        elif character == "?":
            out.append("%s")
        elif character == "%":
            out.append("%%")
        else:
            out.append(character)
    return "".join(out)


class Row(tuple):  # type: ignore[type-arg]
    """A result row read by position or by column name (``row[0]``, ``row["id"]``), like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: psycopg.Cursor[Any]) -> RowMaker[Row]:
    description = cursor.description or []
    names = {column.name: position for position, column in enumerate(description)}
    row_class = type("Row", (Row,), {"_names": names, "__slots__": ()})
    return row_class


class _WholeNumbers(Loader):
    """``numeric`` as int when it is whole (``sum(count)``), float otherwise: what SQLite gives."""

    def load(self, data: Any) -> int | float:
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


class Cursor:
    """What ``execute`` returns: rows to iterate or fetch, ``rowcount``, and nothing SQLite-only."""

    def __init__(self, cursor: psycopg.Cursor[Row]) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> Row | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Row]:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchmany(self, size: int) -> list[Row]:
        return self._cursor.fetchmany(size) if self._cursor.description else []

    def __iter__(self) -> Any:
        return iter(self._cursor) if self._cursor.description else iter(())


class PgConnection:
    """One autocommit psycopg connection; transactions are the store's explicit BEGIN/COMMIT, as on SQLite."""

    engine = "postgresql"
    records_changes = True  # the server's triggers write the change feed: ``database.enqueue`` leaves it be

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        connection.row_factory = _row_factory  # type: ignore[assignment]
        connection.adapters.register_loader("numeric", _WholeNumbers)
        self.raw = connection

    def execute(self, statement: str, parameters: Sequence[object] = ()) -> Cursor:
        try:
            if not parameters:  # sent as it is (the simple protocol: a migration's many statements too)
                return Cursor(self.raw.execute(statement.encode(), None))
            return Cursor(self.raw.execute(to_psycopg(statement), tuple(parameters)))
        except psycopg.IntegrityError as error:
            raise sqlite3.IntegrityError(str(error).splitlines()[0]) from error

    def executemany(self, statement: str, rows: Iterable[Sequence[object]]) -> Cursor:
        cursor = self.raw.cursor()
        batch = [tuple(row) for row in rows]
        if batch:
            try:
                cursor.executemany(to_psycopg(statement), batch)
            except psycopg.IntegrityError as error:
                raise sqlite3.IntegrityError(str(error).splitlines()[0]) from error
        return Cursor(cursor)

    def close(self) -> None:
        self.raw.close()

    @property
    def closed(self) -> bool:
        return self.raw.closed
