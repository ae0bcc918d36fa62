"""An index folder nobody can write to, as on a read-only or full disk (for tests of index failures)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def index_unwritable(data: Path) -> Iterator[None]:
    """No file can be created, renamed or removed in the index folders, as on a read-only or full disk.

    As root (who ignores permissions) the folders get the immutable attribute; otherwise lose write permission."""
    folders = [data / "index", *(path for path in (data / "index").rglob("*") if path.is_dir())]
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["chattr", "+i", *map(str, folders)], check=True)
    else:
        for folder in folders:
            folder.chmod(0o500)
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", *map(str, folders)], check=True)
        else:
            for folder in folders:
                folder.chmod(0o700)
