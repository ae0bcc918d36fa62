"""Fixtures that run a test on both store engines: SQLite (a file in a temp dir) and PostgreSQL (a fresh
database on the session's throwaway server, ``pg_cluster.ThrowawayCluster``). Registered as a pytest
plugin by ``tests/conftest.py``; a test asks for ``open_store`` (or ``store``) and runs twice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_cluster import ThrowawayCluster

from annotations.database import SCHEMA_VERSION
from annotations.store import Store

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayCluster]:
    """One real PostgreSQL server for the whole run, started the first time a test needs it."""
    cluster = ThrowawayCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh empty database on the throwaway server (dropped after the test), as the superuser."""
    cluster: ThrowawayCluster = request.getfixturevalue("pg_cluster")
    name = cluster.new_database()
    yield cluster.url(name)
    cluster.drop_database(name)


@pytest.fixture
def open_store(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Callable[[], Store]]:
    """``open_store()`` opens the test's library on its engine; call it again to reopen the same one."""
    opened: list[Store] = []
    if engine == "postgresql":
        from annotations.pg_database import PostgresDatabase

        url = request.getfixturevalue("pg_url")

        def make() -> Store:
            database = PostgresDatabase(url, SCHEMA_VERSION)
            opened.append(Store(database, local_cache=tmp_path / "team-cache.sqlite3"))
            return opened[-1]
    else:

        def make() -> Store:
            opened.append(Store(tmp_path / "lectern.sqlite3"))
            return opened[-1]

    yield make
    for store in opened:
        store.close()
