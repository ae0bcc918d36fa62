"""Team members on a fresh team library, each a PostgreSQL login role of their own (history tests).

The library is set up as ``team init`` does (``team_admin.initialise``, by the server's superuser) and each
member added as ``team add-member`` does; role names carry the database's name, as roles are per cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pg_cluster import ThrowawayCluster

from annotations.database import SCHEMA_VERSION
from annotations.team_admin import add_member, initialise

PASSWORD = "member-password"


@dataclass(frozen=True)
class Team:
    database: str
    owner_url: str  # the superuser: set-up and checks by hand
    members: dict[str, str]  # short name -> connection URL
    roles: dict[str, str]  # short name -> role name


def make_team(cluster: ThrowawayCluster, **admin: bool) -> Team:
    """A team library with a member per keyword (``bob=True``: a team admin)."""
    database = cluster.new_database()
    owner_url = cluster.url(database)
    initialise(owner_url, SCHEMA_VERSION)
    members: dict[str, str] = {}
    roles: dict[str, str] = {}
    for name, is_admin in admin.items():
        roles[name] = f"{name}_{database}"
        add_member(owner_url, roles[name], PASSWORD, admin=is_admin)
        members[name] = cluster.url(database, user=roles[name], password=PASSWORD)
    return Team(database, owner_url, members, roles)


@pytest.fixture
def team(pg_cluster: ThrowawayCluster) -> Iterator[Team]:
    """Alice and Bob on a fresh team library; Bob, a team admin, may change Alice's highlights."""
    made = make_team(pg_cluster, alice=False, bob=True)
    yield made
    pg_cluster.drop_database(made.database)
