"""Managing a team library's members, for the window and the command line (``annotations.team_admin`` does it).

These work on the server directly, not through an open ``Library``: setting up a team happens before any
library exists, and adding a member needs no local cache or index.
"""

from __future__ import annotations

from annotations import team_admin
from annotations.database import SCHEMA_VERSION
from annotations.team_admin import Member, TeamError, TeamRoles

__all__ = ["Member", "TeamError", "TeamRoles", "add_member", "init_team", "members", "remove_member"]


def init_team(url: str) -> TeamRoles:
    """Create a team library on the empty database at ``url``; its user becomes the first admin."""
    return team_admin.initialise(url, SCHEMA_VERSION)


def add_member(url: str, name: str, password: str | None, *, admin: bool = False) -> Member:
    """Add ``name`` to the team (a new login needs ``password``; an existing one gets it if given)."""
    return team_admin.add_member(url, name, password, admin=admin)


def remove_member(url: str, name: str) -> None:
    """Take ``name`` out of the team; their highlights stay (private ones stay private)."""
    team_admin.remove_member(url, name)


def members(url: str) -> list[Member]:
    """The team's members by name, each with whether they are an admin."""
    return team_admin.members(url)


def server_answers(url: str) -> bool:
    """Whether the team library's server takes a connection now (an offline window asks every few seconds)."""
    from annotations.errors import TeamLibraryUnavailable
    from annotations.pg_connect import connect

    try:
        connect(url).close()
    except TeamLibraryUnavailable:
        return False
    return True
