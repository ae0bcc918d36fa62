"""Files written whole or not at all: a temp file beside the target, fsync, then rename (DESIGN §6).

A crash or a full disk mid-export leaves the previous file (if any) untouched, never half of a new one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from annotations.durable import sync_folder


@contextmanager
def atomic_file(path: Path, mode: str = "wb", **open_options: object) -> Iterator[IO]:  # type: ignore[type-arg]
    """Open a temporary file beside ``path``; on a clean exit it is synced and renamed over ``path``.

    ``mode`` is "wb" or "w" (then pass ``encoding=``/``newline=`` as for ``open``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, mode, **open_options) as file:  # type: ignore[call-overload]
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """``write(file)`` into a binary temp file, then put it in place of ``path``."""
    with atomic_file(path, "wb") as file:
        write(file)
