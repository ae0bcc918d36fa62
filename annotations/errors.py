"""Errors the core raises for the user to read: each message names what went wrong and what to do."""

from __future__ import annotations


class LecternError(Exception):
    """Base of every error whose message is fit to show a user as it is."""


class ImportRefused(LecternError):
    """A file could not be imported; nothing was stored."""


class DuplicateDocument(LecternError):
    """The same text is already in the library."""

    def __init__(self, existing_id: int, existing_title: str) -> None:
        super().__init__(f"already in the library as #{existing_id} “{existing_title}”")
        self.existing_id = existing_id
        self.existing_title = existing_title


class NotFound(LecternError):
    """A document or annotation id that does not exist."""


class InvalidSelection(LecternError):
    """A highlight range that does not fit the document's text."""


class InvalidMetadata(LecternError):
    """Article metadata that cannot be saved (an empty title, an over-long field)."""


class InvalidTag(LecternError):
    """A tag name or tag operation that cannot be carried out (empty name, clash, moving a tag into itself)."""


class LibraryUnreadable(LecternError):
    """The library's database cannot be opened by this Lectern (written by a newer one, or not a database)."""


# -- a team library's server (annotations/pg_connect.py, pg_errors.py): each says what to do, in one line --
class TeamLibraryUnavailable(LecternError):
    """A team library could not be opened: its address, the network, TLS, a password or a privilege."""


class InvalidTeamAddress(TeamLibraryUnavailable):
    """The team library's address is not a ``postgresql://`` URL (or libpq connection string) Lectern can use."""


class InsecureConnection(TeamLibraryUnavailable):
    """A server on another computer asked for without verified TLS: refused before anything is sent."""


class ServerUnreachable(TeamLibraryUnavailable):
    """No PostgreSQL server answered at the address (refused, timed out, unknown host)."""


class TlsVerificationFailed(TeamLibraryUnavailable):
    """The server offered no TLS, or a certificate this desktop cannot verify for that host name."""


class PasswordRefused(TeamLibraryUnavailable):
    """The server wants a password that was wrong or that none of .pgpass, the service file or the keyring had."""


class NoSuchDatabase(TeamLibraryUnavailable):
    """The server has no database of that name."""


class NotAMember(TeamLibraryUnavailable):
    """The role may log in but holds no grants on this team library."""


class NotATeamLibrary(TeamLibraryUnavailable):
    """The database has no Lectern tables, and this role may not create them: ``lectern team init`` first."""


class SchemaMismatch(TeamLibraryUnavailable):
    """The team library's schema is older than this Lectern's and this role may not upgrade it."""
