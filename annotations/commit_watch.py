"""Noticing commits made to the library file by any other connection, for a process that keeps a view of it.

Another process (the CLI beside the window) writes the same SQLite file. ``PRAGMA data_version`` on a
connection that never writes changes exactly when some other connection committed, which costs one
cheap statement per poll. The SQL stays in the store layer (DESIGN §2).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


class CommitWatch:
    """A read-only look at one library file: has anyone committed since the last look?

    Use it from one thread only (the connection is that thread's)."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(path, timeout=5, isolation_level=None)
        self._version = self._data_version()

    def _data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def committed_since_last_look(self) -> bool:
        """True once for each look after which another connection (of any process) committed."""
        version = self._data_version()
        changed, self._version = version != self._version, version
        return changed

    def details_fingerprint(self) -> str:
        """A digest of what changes without touching the index outbox: tag colours and descriptions, saved
        searches (names, queries, watch flags; not when a watch was last checked), and claims."""
        digest = hashlib.blake2b(digest_size=16)
        for row in self._connection.execute(
            "SELECT name, color, description FROM tags WHERE color != '' OR description != '' ORDER BY name"
        ):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|")
        for row in self._connection.execute("SELECT id, name, query, watch FROM saved_searches ORDER BY id"):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|")  # claims: a new, edited or deleted claim need not touch any highlight
        for row in self._connection.execute(
            "SELECT c.id, c.text, c.note, c.modified, (SELECT group_concat(tag, ' ') FROM claim_tags"
            " WHERE claim_id = c.id) FROM claims c ORDER BY c.id"
        ):
            digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()

    def close(self) -> None:
        self._connection.close()
