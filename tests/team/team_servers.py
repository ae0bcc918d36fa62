"""What the connection tests share: roles and databases on the session's throwaway server, made by its
superuser (which no member test connects as), and libpq password files.

Role names are cluster-wide and the server is shared by the whole run, so every name carries the process
id and a counter, and everything made is dropped afterwards."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from pg_cluster import ThrowawayCluster
from psycopg import sql

_numbers = itertools.count(1)


@dataclass
class TeamServer:
    """Roles and databases made for one test; ``drop()`` removes them (databases first)."""

    cluster: ThrowawayCluster
    roles: list[str] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)

    def role(self, stem: str, *, password: str | None = None, owner: bool = False) -> str:
        """A LOGIN role (an owner may also create roles, as a DBA's account for a team library does)."""
        name = f"{stem}_{os.getpid()}_{next(_numbers)}"
        rights = sql.SQL("LOGIN CREATEROLE" if owner else "LOGIN")
        with psycopg.connect(self.cluster.url(), autocommit=True) as admin:
            admin.execute(
                sql.SQL("CREATE ROLE {} {} PASSWORD {}").format(
                    sql.Identifier(name), rights, sql.Literal(password or f"pw-{name}")
                )
            )
        self.roles.append(name)
        return name

    def database(self, owner: str) -> str:
        """A new empty database belonging to ``owner`` (who may then create Lectern's tables in it)."""
        name = f"team_{os.getpid()}_{next(_numbers)}"
        with psycopg.connect(self.cluster.url(), autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(owner)))
        self.databases.append(name)
        return name

    def url(self, database: str, user: str, password: str | None = None) -> str:
        """The address a desktop types: no password unless one is given."""
        return self.cluster.url(database, user, password)

    def drop(self) -> None:
        with psycopg.connect(self.cluster.url(), autocommit=True) as admin:
            for name in self.databases:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            for name in self.roles:
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def password_file(path: Path, cluster: ThrowawayCluster, database: str, user: str, password: str) -> Path:
    """A libpq password file (``~/.pgpass`` format, mode 0600 or libpq ignores it) with one line."""
    path.write_text(f"127.0.0.1:{cluster.port}:{database}:{user}:{password}\n")
    path.chmod(0o600)
    return path
