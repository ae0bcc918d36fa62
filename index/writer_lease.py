"""The index-writer lease: one process at a time writes a library's search index.

Any process may write the store (its outbox rows are the write); only the holder of this lease turns
outbox rows into index updates, rebuilds, or deletes index folders. The lease is an exclusive
``flock`` on a file in the index folder: the kernel drops it when its process ends however it ends,
and its contents mean nothing, so a stale, empty or garbage file never blocks anyone.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path


class WriterLease:
    """An exclusive lock on ``path``, taken without waiting; held until ``release()`` or the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._lock = threading.Lock()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lease if no other process (nor another ``WriterLease`` here) holds it; True if held now.
        Raises ``OSError`` if the lock file cannot be opened (the index folder is not writable)."""
        with self._lock:
            if self._fd is not None:
                return True
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
            return True

    def release(self) -> None:
        with self._lock:
            if self._fd is not None:
                fd, self._fd = self._fd, None
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)

    def is_free(self) -> bool:
        """Whether nobody holds the lease right now (this one included); looking takes it for an instant."""
        if self.held:
            return False
        try:
            if not self.try_acquire():
                return False
        except OSError:
            return False
        self.release()
        return True
