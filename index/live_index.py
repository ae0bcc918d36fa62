"""Which index directory is live, opening it only if it is this library's, and the state of a rebuild.

The database is the truth about the index too (DESIGN §4): ``library_state`` names the live directory
(``index_live``), holds the key every index file is sealed with (``index_key``), the token that ties
an index to this library (``index_identity``, also in the directory's identity file) and, while a
rebuild runs, its progress, process and heartbeat (``index_rebuild``). So every process sees the same
live index, and one that is not rebuilding can still say how far another process has got.

A rebuild goes live in one transaction that names the new directory and acknowledges the outbox rows
it covers; until then the old directory answers. A directory that fails to open (not sealed with this
key, another library's, another schema version, damaged) is never read: the pointer to it is dropped
(only if it still points there) and the writer rebuilds.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass

from whoosh.fields import Schema
from whoosh.index import FileIndex

from annotations.store_index_state import IndexStateTable
from index.index_dirs import IndexFolder, IndexIdentity, read_identity, write_identity
from index.schema import INDEX_SCHEMA_VERSION
from index.trusted_storage import TrustedStorage

log = logging.getLogger(__name__)

LIVE = "index_live"
KEY = "index_key"
IDENTITY = "index_identity"
REBUILD = "index_rebuild"
STALE_AFTER_SECONDS = 15.0  # a rebuild whose heartbeat is older than this has died


@dataclass(frozen=True)
class RebuildStatus:
    """A rebuild as recorded in the database: how far, by which process, last heard of when."""

    progress: float
    pid: int
    folder: str
    heartbeat: float  # time.time()

    @property
    def stale(self) -> bool:
        return time.time() - self.heartbeat > STALE_AFTER_SECONDS

    def to_json(self) -> str:
        return json.dumps({"progress": self.progress, "pid": self.pid, "folder": self.folder, "heartbeat": self.heartbeat})

    @classmethod
    def from_json(cls, text: str | None) -> RebuildStatus | None:
        try:
            data = json.loads(text or "")
            return cls(float(data["progress"]), int(data["pid"]), str(data["folder"]), float(data["heartbeat"]))
        except (ValueError, TypeError, KeyError):
            return None


class LiveIndex:
    """The live index directory of one library, opened (and verified) on first use."""

    def __init__(self, state: IndexStateTable, folder: IndexFolder, schema: Schema) -> None:
        self.state = state
        self.folder = folder
        self.schema = schema
        self.key = self._key()
        self.identity = state.ensure(IDENTITY, os.urandom(16).hex())
        self._lock = threading.Lock()
        self._index: FileIndex | None = None
        self._name: str | None = None
        self._looked = False
        self.reason = "missing"  # why there is no usable live index, when there is none

    def _key(self) -> bytes:
        stored = self.state.ensure(KEY, os.urandom(32).hex())
        try:
            key = bytes.fromhex(stored)
        except ValueError:
            key = b""
        if len(key) != 32:  # not a key Lectern made: a new one (so no index sealed before is trusted)
            key = os.urandom(32)
            self.state.put(KEY, key.hex())
        return key

    @property
    def name(self) -> str | None:
        return self._name

    def current(self) -> FileIndex | None:
        """The live index, opened and verified if the database names a directory not open yet; None if none
        is usable (``reason`` says why)."""
        name = self.state.get(LIVE)
        with self._lock:
            if not self._looked or name != self._name:
                self._open(name)
            return self._index

    def _open(self, name: str | None) -> None:
        self._looked, self._name, self._index = True, name, None
        if name is None:
            self.reason = "missing"
            return
        opened = self._try_open(name)
        if isinstance(opened, str):  # the writer may have just replaced a segment: look once more
            time.sleep(0.05)
            opened = self._try_open(name)
        if isinstance(opened, str):
            self._drop(name, opened)
        else:
            self._index = opened

    def _try_open(self, name: str) -> FileIndex | str:
        """The index in directory ``name``, verified, or why it cannot be used."""
        try:
            storage = TrustedStorage(self.folder.directory(name), self.key)
            identity = read_identity(storage)
            if identity.library != self.identity:
                return "belongs to another library"
            if identity.schema != INDEX_SCHEMA_VERSION:
                return f"of version {identity.schema}, not {INDEX_SCHEMA_VERSION}"
            opened = storage.open_index(schema=self.schema)  # the schema is Lectern's, never unpickled
            opened.reader().close()  # opens (and verifies) every segment: damage shows now, not at a search
            return opened
        except Exception as error:  # noqa: BLE001 - any failure to open means: rebuild from SQLite
            return f"unreadable ({error})"

    def discard(self, reason: str, look_again: bool = True) -> None:
        """The open live index failed while read: opened afresh if it still verifies (``look_again``: another
        process may have replaced a segment meanwhile), else never read again, and the writer rebuilds."""
        with self._lock:
            name = self._name
            self._looked, self._index = True, None
            if name is None:
                return
            opened = self._try_open(name) if look_again else reason
            if isinstance(opened, str):
                self._drop(name, f"{reason}; {opened}")
            else:
                self._index = opened

    def _drop(self, name: str, reason: str) -> None:
        log.warning("search index %s: %s; it will be rebuilt from the database", self.folder.directory(name), reason)
        self.reason = reason
        self.state.delete_if(LIVE, name)  # unless another process has moved on to a new one meanwhile
        self._name, self._index = None, None

    # -- rebuilding ------------------------------------------------------------------------------
    def new_build(self) -> tuple[str, FileIndex]:
        """A new, empty index in a new directory beside the live one, not live yet."""
        name, path = self.folder.new_build()
        storage = TrustedStorage(path, self.key)
        write_identity(storage, IndexIdentity(self.identity, INDEX_SCHEMA_VERSION))
        return name, storage.create_index(self.schema)

    def go_live(self, name: str, index: FileIndex, covered_up_to: int) -> None:
        """Make the (committed and flushed) build ``name`` live, acknowledging the outbox rows it covers, in
        one transaction; then delete the directory it replaces (and any other left over). Call only while
        holding the writer lease."""
        self.state.go_live(LIVE, name, covered_up_to, REBUILD)
        with self._lock:
            self._name, self._index, self._looked = name, index, True
        for leftover in self.folder.leftovers(name):
            self.folder.remove(leftover)

    def record_progress(self, status: RebuildStatus) -> None:
        self.state.put(REBUILD, status.to_json())

    def forget_progress(self) -> None:
        self.state.delete(REBUILD)

    def rebuild_status(self) -> RebuildStatus | None:
        return RebuildStatus.from_json(self.state.get(REBUILD))

    def tidy(self) -> None:
        """Delete what no process may use: directories of rebuilds that never went live, replaced ones and
        an index in the old layout; forget a rebuild record left by a process that died.
        Call only while holding the writer lease (so nobody is building)."""
        live = self.state.get(LIVE)
        for leftover in self.folder.leftovers(live):
            log.info("deleting %s: not the live search index", leftover)
            self.folder.remove(leftover)
        if self.state.get(REBUILD) is not None:
            self.forget_progress()
