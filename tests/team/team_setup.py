"""A team library on the throwaway server with three members as three login roles: ``alice`` and ``bob``
(members) and ``carol`` (an admin), each set up through ``team_admin`` as ``team add-member`` does it.

Role names are cluster-wide and the session's server is shared, so each team's members carry a number."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from pg_cluster import ThrowawayCluster

from annotations import team_admin
from annotations.database import SCHEMA_VERSION
from annotations.models import ParsedDocument
from annotations.pg_database import PostgresDatabase
from annotations.store import Store

_numbers = itertools.count(1)
TEXT = "The ministry published the budget on Monday. Critics called the figures optimistic."


@dataclass
class Team:
    cluster: ThrowawayCluster
    database: str
    folder: Path
    names: dict[str, str]  # alice -> alice_3, …
    opened: list[Store] = field(default_factory=list)

    @property
    def owner_url(self) -> str:
        return self.cluster.url(self.database)

    def url(self, who: str) -> str:
        return self.cluster.url(self.database, user=self.names[who], password=password(self.names[who]))

    def store(self, who: str) -> Store:
        """``who``'s own connection to the library, as their desktop opens it."""
        database = PostgresDatabase(self.url(who), SCHEMA_VERSION)
        self.opened.append(Store(database, local_cache=self.folder / f"{who}-cache.sqlite3"))
        return self.opened[-1]

    def raw(self, who: str) -> psycopg.Connection:
        """A plain psycopg connection as ``who``: the member typing SQL by hand in psql."""
        return psycopg.connect(self.url(who), autocommit=True)


def password(role: str) -> str:
    return f"secret-{role}-pw"


def document(title: str = "Budget", text: str = TEXT) -> ParsedDocument:
    return ParsedDocument(title=title, text=text, html=f"<p>{text}</p>", format="text")


@pytest.fixture(name="team")
def team_fixture(pg_cluster: ThrowawayCluster, tmp_path: Path) -> Iterator[Team]:
    """An initialised team library (by the server's owner account) with alice, bob and carol (admin)."""
    database = pg_cluster.new_database("team")
    number = next(_numbers)
    names = {who: f"{who}_{number}" for who in ("alice", "bob", "carol")}
    made = Team(pg_cluster, database, tmp_path, names)
    team_admin.initialise(made.owner_url, SCHEMA_VERSION)
    for who, role in names.items():
        team_admin.add_member(made.owner_url, role, password(role), admin=who == "carol")
    yield made
    for store in made.opened:
        store.db.close_all()  # type: ignore[attr-defined]
        store.local.close()
    pg_cluster.drop_database(database)
