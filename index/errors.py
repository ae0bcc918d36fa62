"""What goes wrong writing the search index, in the user's words.

The store commit is the write (DESIGN §2); the index only catches up. So a failure to update the
index never means a change is lost: the outbox keeps it, and the message says so.
"""

from __future__ import annotations

import errno

from whoosh.filedb.filestore import ReadOnlyError
from whoosh.index import LockError

from annotations.errors import LecternError


class IndexWriteFailed(LecternError):
    """The index could not be updated after the change was stored; the change waits in the outbox."""


class IndexBusy(LecternError):
    """Another Lectern process writes this library's index (it holds the writer lease)."""


class RebuildStopped(Exception):
    """A rebuild was stopped (the window is closing); nothing it wrote went live."""


def _reason(error: BaseException) -> str:
    if isinstance(error, LockError):
        return "another program holds the index's write lock"
    if isinstance(error, ReadOnlyError):
        return "the index folder is read-only"
    if isinstance(error, OSError):
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "the index folder is read-only"
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return "the disk is full"
        if error.errno in (errno.ENOTDIR, errno.EEXIST):
            return "something that is not an index folder is in the way"
        if error.strerror:
            return error.strerror.lower()
    return str(error) or type(error).__name__


def write_failed(error: BaseException) -> IndexWriteFailed:
    """The ``IndexWriteFailed`` to raise for ``error`` (from ``raise ... from error``)."""
    return IndexWriteFailed(
        f"the search index could not be updated ({_reason(error)}); your change is saved and will be"
        " searchable once Lectern can write there"
    )
