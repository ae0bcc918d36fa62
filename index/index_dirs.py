"""The index folder (``data/index/``): a lock file and index directories, one of them live.

A rebuild writes a whole new directory beside the live one (``build-<random>``); the database
records which directory is live (``index.keeper``), so a rebuild killed part-way leaves only a
directory nobody points to, which the next holder of the writer lease deletes. Each directory
holds its identity file, naming the library it belongs to and its schema version; it is sealed like
every other file (``index.trusted_storage``), so it is read only if this library wrote it.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from annotations.durable import sync_file, sync_folder
from index.trusted_storage import TrustedStorage, make_private_dir

LOCK_FILE = "writer.lock"
IDENTITY_FILE = "lectern-index.json"
BUILD_PREFIX = "build-"


@dataclass(frozen=True)
class IndexIdentity:
    """Whose index a directory is (the library's token) and of what schema version."""

    library: str
    schema: int


def write_identity(storage: TrustedStorage, identity: IndexIdentity) -> None:
    file = storage.create_file(IDENTITY_FILE)
    file.write(json.dumps({"library": identity.library, "schema": identity.schema}).encode("utf-8"))
    file.close()


def read_identity(storage: TrustedStorage) -> IndexIdentity:
    """The directory's identity; raises ``OSError`` (``UntrustedIndexFile`` if not sealed by this library)
    or ``ValueError`` if it is missing or unreadable."""
    file = storage.open_file(IDENTITY_FILE)
    try:
        data = json.loads(file.read(4096).decode("utf-8"))
    finally:
        file.close()
    if not isinstance(data, dict) or not isinstance(data.get("library"), str) or not isinstance(data.get("schema"), int):
        raise ValueError(f"{IDENTITY_FILE} is not an index identity")
    return IndexIdentity(data["library"], data["schema"])


class IndexFolder:
    """``data/index/``: where index directories live and the writer lease's lock file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK_FILE

    def ensure(self) -> None:
        """Create the folder, private to the user."""
        make_private_dir(self.root)

    def directory(self, name: str) -> Path:
        return self.root / name

    def new_build(self) -> tuple[str, Path]:
        """A new, empty, private directory for a rebuild: its name and path."""
        self.ensure()
        name = f"{BUILD_PREFIX}{os.urandom(8).hex()}"
        path = self.root / name
        path.mkdir(mode=0o700)
        return name, path

    def leftovers(self, live: str | None) -> list[Path]:
        """Everything in the folder but the lock file and the live directory: directories of rebuilds that
        never went live, replaced ones, and the files of the old layout (an index directly in the folder)."""
        try:
            entries = list(self.root.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return []
        return [entry for entry in entries if entry.name not in (LOCK_FILE, live)]

    @staticmethod
    def remove(path: Path) -> None:
        """Delete a directory or file; what cannot be deleted now is left for the next try."""
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        except OSError:
            pass


def fsync_tree(path: Path) -> None:
    """Flush every file under ``path``, then the directories themselves, to the disk."""
    for folder, _, files in os.walk(path, topdown=False):
        for name in files:
            file = Path(folder, name)
            if file.is_file() and not file.is_symlink():
                sync_file(file)
        sync_folder(Path(folder))
    if path.parent.exists():
        sync_folder(path.parent)
