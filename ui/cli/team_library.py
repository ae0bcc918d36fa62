"""The command line on a team library (``--library URL``): what does not apply there, and server errors in
one line. Loaded only when a team library is asked for; psycopg is imported only once one failed."""

from __future__ import annotations

# Commands that copy or replace a library's SQLite file: a team library has none on this desktop.
FILE_ONLY_COMMANDS = frozenset({"backup", "restore", "backups"})


def file_only_refusal(command: str) -> str | None:
    """The one line for a command that makes no sense on a team library, or None when it runs there."""
    if command not in FILE_ONLY_COMMANDS:
        return None
    return (
        f"`{command}` works on your own library's file; a team library lives on its server, which its admin"
        " backs up (pg_dump)"
    )


def server_failure(error: BaseException, url: str) -> str | None:
    """A server error met during a command as one line, or None when ``error`` is not the server's."""
    import psycopg

    if not isinstance(error, psycopg.Error):
        return None
    from annotations.errors import LecternError
    from annotations.pg_connect import address_of
    from annotations.pg_errors import command_failure

    try:
        user = address_of(url).user
    except LecternError:
        user = "you"
    return command_failure(error, user)
