"""One window per data folder, with a lock the kernel lets go of when its process dies.

``flock`` on ``lectern.lock``: the lock belongs to the open file, so a crashed or killed window leaves
nothing that blocks the next start; an empty, stale or garbage file is just a file. Its contents (the
holder's pid) are only there for people to read.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: msvcrt's byte-range lock, also released on exit
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_NAME = "lectern.lock"


class InstanceLock:
    """``acquire()`` without waiting; ``release()`` (or the process ending) lets the next one in."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another process does."""
        if self._descriptor is not None:
            return True
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(descriptor)
            return False
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        self._descriptor = descriptor
        return True

    def release(self) -> None:
        if self._descriptor is None:
            return
        descriptor, self._descriptor = self._descriptor, None
        try:
            os.ftruncate(descriptor, 0)
        except OSError:
            pass
        os.close(descriptor)  # closing the file releases the lock; the file itself stays (no unlink race)
