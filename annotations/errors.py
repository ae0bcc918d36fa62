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
