"""A team library's server errors as one line a user can act on (never a psycopg traceback).

Once connected, errors are told apart by SQLSTATE. A failed *connection* carries none (libpq keeps the
server's error code of the start-up packet to itself), so there the flags libpq does expose come first
(``needs_password``), then libpq's own client messages (refused, timeout, TLS: libpq is built without
translations) and the server's start-up messages; anything unrecognised still comes out as one line
quoting the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import psycopg

from annotations.errors import (
    NoSuchDatabase,
    NotAMember,
    PasswordRefused,
    ServerUnreachable,
    TeamLibraryUnavailable,
    TlsVerificationFailed,
)

if TYPE_CHECKING:
    from annotations.pg_connect import Address

INSUFFICIENT_PRIVILEGE = "42501"
_UNREACHABLE = (  # libpq's client-side words → what to tell the user
    ("connection refused", "connection refused"),
    ("timeout expired", "no answer in time"),
    ("could not translate host name", "unknown host name"),
    ("name or service not known", "unknown host name"),
    ("no route to host", "no route to host"),
    ("network is unreachable", "the network is unreachable"),
    ("no such file or directory", "no server is listening on that socket"),
    ("server closed the connection unexpectedly", "the server closed the connection"),
)
_UNTRUSTED = (
    "its certificate is not signed by an authority this computer trusts (put the team's CA certificate in"
    " ~/.postgresql/root.crt, or add sslrootcert=FILE to the address)"
)
_TLS = (
    ("server does not support ssl", "the server does not offer TLS (its admin must turn on ssl)"),
    (
        "root certificate file",
        "no trusted authority is set up (put the team's CA certificate in ~/.postgresql/root.crt,"
        " or add sslrootcert=FILE to the address)",
    ),
    ("certificate verify failed", _UNTRUSTED),
    ("signature failure", _UNTRUSTED),  # an authority of the trusted one's name but another key
    ("does not match host name", "its certificate is for another host name"),
    ("ssl", "the TLS handshake failed"),
    ("certificate", "its certificate could not be verified"),
)


def password_missing(error: psycopg.Error) -> bool:
    """The server asked for a password and libpq had none (no .pgpass line, no service entry)."""
    pgconn = getattr(error, "pgconn", None)
    return bool(pgconn is not None and pgconn.needs_password)


def connection_failure(error: psycopg.Error, address: Address) -> TeamLibraryUnavailable:
    """Why ``psycopg.connect`` failed, in one line."""
    text = str(error).lower()
    server_said = "fatal:" in text
    if server_said and "password authentication failed" in text:
        return PasswordRefused(f"the server refused the password for {address.user} (check ~/.pgpass or the keyring)")
    if server_said and "does not exist" in text and "database" in text:
        return NoSuchDatabase(
            f"there is no database {address.database} on {address.where}: check the database name in the address"
        )
    if server_said and "permission denied for database" in text:
        return not_a_member(address.user)
    if server_said and ("too many" in text or "connection slots" in text):
        return ServerUnreachable(f"the team library's server at {address.where} has no free connections; try again")
    if server_said and ("starting up" in text or "shutting down" in text or "recovery" in text):
        return ServerUnreachable(f"the team library's server at {address.where} is restarting; try again in a moment")
    if not server_said:
        for words, reason in _TLS:
            if words in text:
                return TlsVerificationFailed(f"cannot verify the team library's server at {address.where}: {reason}")
        for words, reason in _UNREACHABLE:
            if words in text:
                return ServerUnreachable(f"cannot reach the team library at {address.where}: {reason}")
    return TeamLibraryUnavailable(f"cannot open the team library at {address.where}: {_last_words(str(error))}")


def not_a_member(user: str) -> NotAMember:
    """The one line for a role that logs in but holds no grants on the team library."""
    return NotAMember(
        f"{user} may not open this team library: ask the team's admin to add you (lectern team add-member {user})"
    )


def server_words(error: psycopg.Error) -> str:
    """What the server (or libpq) said, as one line."""
    return getattr(getattr(error, "diag", None), "message_primary", None) or _last_words(str(error))


def command_failure(error: psycopg.Error, user: str) -> str:
    """A server error met in the middle of a command, as the one line the command line prints."""
    primary = server_words(error)
    if getattr(error, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
        return f"the team library refused this to {user} ({primary}): ask the team's admin"
    if isinstance(error, psycopg.OperationalError):
        return f"the team library's server failed: {primary}; nothing more was done, try again"
    return f"the team library's server refused this: {primary}"


def _last_words(message: str) -> str:
    """libpq's message reduced to its one telling line (after ``failed:``, without ``FATAL:``)."""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    tail = first.rsplit("failed:", 1)[-1].strip()
    return tail.removeprefix("FATAL:").strip() or first
