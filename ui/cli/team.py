"""``team init|add-member|remove-member|members``: setting up a team library and its members.

These talk to the server, not to an open library: ``team init URL`` names its database, the others use
the global ``--library URL``. A new member's password comes from ``--password-file``, else a prompt on a
terminal, else the first line of stdin; it is hashed before it leaves this machine.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ui.cli.output import EXIT_USAGE, answer, fail


def add_team_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``team`` command's grammar (registered by ``ui.cli.parser``)."""
    team = commands.add_parser("team", help="set up a team library and manage its members (PostgreSQL)")
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create a team library on an empty database; you become its first admin")
    init.add_argument("url", metavar="URL", help="postgresql://owner@host/dbname (the database must exist)")
    init.add_argument("--json", action="store_true")
    add = actions.add_parser("add-member", help="give a PostgreSQL login (made if new) membership of the team")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--admin", action="store_true", help="a team admin: may change anyone's team highlights")
    add.add_argument("--password-file", type=Path, metavar="FILE", help="read the password from FILE's first line")
    add.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove-member", help="take a member out of the team; their highlights stay")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--json", action="store_true")
    listing = actions.add_parser("members", help="list the team's members")
    listing.add_argument("--json", action="store_true")


def command_team(data_dir: Path, arguments: argparse.Namespace) -> int:
    """Run a ``team`` action; every failure is one ``lectern:`` line and exit 1."""
    from app.team import TeamError, add_member, init_team, members, remove_member

    action = arguments.team_command
    try:
        if action == "init":
            roles = init_team(arguments.url)
            value = {"member_role": roles.member_role, "admin_role": roles.admin_role}
            return answer(arguments.json, value, f"team library ready: members are {roles.member_role}")
        url = getattr(arguments, "library", None)
        if not url:
            return fail(f"name the team library: lectern --library postgresql://… team {action}", EXIT_USAGE)
        if action == "add-member":
            member = add_member(url, arguments.name, _password(arguments), admin=arguments.admin)
            role = "an admin" if member.admin else "a member"
            return answer(arguments.json, {"name": member.name, "admin": member.admin}, f"{member.name} is {role}")
        if action == "remove-member":
            remove_member(url, arguments.name)
            return answer(arguments.json, {"removed": arguments.name}, f"{arguments.name} is no longer a member")
        found = members(url)
        lines = "\n".join(f"{member.name}{' (admin)' if member.admin else ''}" for member in found)
        return answer(arguments.json, [{"name": m.name, "admin": m.admin} for m in found], lines or "no members")
    except TeamError as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"cannot read the password: {error.strerror or error}")


def _password(arguments: argparse.Namespace) -> str | None:
    """The new member's password, or None when none was given (an existing login keeps its own)."""
    if arguments.password_file is not None:
        lines = arguments.password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines and lines[0] else None
    if sys.stdin.isatty():
        return getpass.getpass(f"password for {arguments.name} (empty keeps an existing one): ") or None
    line = sys.stdin.readline().rstrip("\r\n")
    return line or None
