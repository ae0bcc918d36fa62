"""Lectern's Whoosh storage: every file it writes is sealed, and no file reaches Whoosh unverified.

Whoosh unpickles its table of contents, its segment lists, postings blocks, stored fields, columns
and the runs of its external sort. A file planted in the index folder (or a whole index copied from
another library) would run code on the next search. ``TrustedStorage``, a ``FileStorage`` that only
Lectern's index opening and creation use (DESIGN §4: an extension point, never a patch of Whoosh
for the process), seals each file it creates, when the file is closed, with an HMAC-SHA256 over the
file's name and bytes under a key kept in the database; ``open_file`` opens a file and checks its
seal against the very bytes it opened before Whoosh sees any of them. A missing or wrong seal raises
``UntrustedIndexFile`` (an ``OSError``, so every path that treats a read error as damage rebuilds).

Seals live beside their files as ``.NAME.mac`` (Whoosh skips dot files when it cleans up). Files are
never changed once written, so a file verified once is trusted for the rest of the process (keyed by
its inode, size and modification time). Folders are created private to the user (0700).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import threading
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage, ReadOnlyError
from whoosh.filedb.structfile import StructFile

_CHUNK = 1 << 20
_SEAL_SUFFIX = ".mac"
_verified: set[tuple[int, int, int, int, str]] = set()  # (device, inode, size, mtime, MAC): checked this process
_verified_lock = threading.Lock()


class UntrustedIndexFile(OSError):
    """An index file Lectern did not seal with this library's key: never handed to Whoosh."""


def seal_name(name: str) -> str:
    return f".{name}{_SEAL_SUFFIX}"


def is_seal(name: str) -> bool:
    return name.startswith(".") and name.endswith(_SEAL_SUFFIX)


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by the user alone; an existing one is made so too."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def _mac(key: bytes, name: str, fd: int) -> str:
    """HMAC-SHA256 over ``name`` and the whole content of the open file ``fd`` (read from the start)."""
    digest = hmac.new(key, name.encode("utf-8") + b"\0", hashlib.sha256)
    offset = 0
    while chunk := os.pread(fd, _CHUNK, offset):
        digest.update(chunk)
        offset += len(chunk)
    return digest.hexdigest()


def _identity(fd: int, mac: str) -> tuple[int, int, int, int, str]:
    status = os.fstat(fd)
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, mac


class _SealingFile(io.FileIO):
    """A file being written into a ``TrustedStorage``: sealed as it is closed (Whoosh's writers close
    their files, or the raw file under them, when done; nothing is read before that)."""

    def __init__(self, path: str, storage: TrustedStorage, name: str) -> None:
        super().__init__(path, "w+")  # readable too: its seal is computed from the bytes on disk
        self._storage = storage
        self._name = name

    def close(self) -> None:
        if self.closed:
            return
        try:
            self._storage.seal(self._name, self.fileno())
        finally:
            super().close()


class TrustedStorage(FileStorage):
    """A Whoosh ``FileStorage`` whose files are sealed with ``key`` when written and verified when opened."""

    def __init__(self, path: str | os.PathLike[str], key: bytes, **options: Any) -> None:
        super().__init__(str(path), **options)
        self.key = key

    # -- writing ---------------------------------------------------------------------------------
    def create(self) -> TrustedStorage:
        make_private_dir(Path(self.folder))
        return self

    def create_file(self, name: str, excl: bool = False, mode: str = "wb", **kwargs: Any) -> StructFile:
        if self.readonly:
            raise ReadOnlyError
        path = self._fpath(name)
        if excl and os.path.exists(path):
            raise FileExistsError(path)
        raw = _SealingFile(path, self, name)
        # Readable as well ("w+b": Whoosh reads some scratch files back through the handle that wrote them).
        return StructFile(io.BufferedRandom(raw, buffer_size=_CHUNK // 4), name=name, **kwargs)

    def seal(self, name: str, fd: int) -> None:
        """Write the seal of the file ``name``, open as ``fd`` (its content is complete)."""
        mac = _mac(self.key, name, fd)
        seal_path = self._fpath(seal_name(name))
        handle = os.open(seal_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(handle, mac.encode("ascii"))
        finally:
            os.close(handle)
        with _verified_lock:
            _verified.add(_identity(fd, mac))  # its bytes are the ones just sealed

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        """Rename a file (Whoosh writes its table of contents under a temporary name): the seal names the
        new name, so the old one is checked, and the new seal written before the file appears under its
        new name (a reader in another process never finds it without its seal)."""
        if safe and os.path.exists(self._fpath(newname)):
            raise NameError(f"File {newname!r} exists")
        with self._open_verified(oldname) as file:
            self.seal(newname, file.fileno())
            super().rename_file(oldname, newname, safe=safe)
        self._remove_seal(oldname)

    def delete_file(self, name: str) -> None:
        super().delete_file(name)
        self._remove_seal(name)

    def _remove_seal(self, name: str) -> None:
        try:
            os.remove(self._fpath(seal_name(name)))
        except FileNotFoundError:
            pass

    def temp_storage(self, name: str | None = None) -> TrustedStorage:
        """The writer's scratch folder (its sorting runs are pickles): sealed and verified the same way."""
        folder = os.path.join(self.folder, name or f"{os.urandom(8).hex()}.tmp")
        return TrustedStorage(folder, self.key).create()

    # -- reading ---------------------------------------------------------------------------------
    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        return StructFile(self._open_verified(name), name=name, **kwargs)

    def _open_verified(self, name: str) -> io.BufferedReader:
        """``name`` opened for reading, once its bytes (read through this very file) match its seal."""
        file = open(self._fpath(name), "rb")  # noqa: SIM115 - handed on, or closed below
        try:
            self.verify(name, file.fileno())
        except BaseException:
            file.close()
            raise
        return file

    def verify(self, name: str, fd: int) -> None:
        """Raise ``UntrustedIndexFile`` unless the file ``name``, open as ``fd``, carries this key's seal."""
        try:
            with open(self._fpath(seal_name(name)), "rb") as seal_file:
                expected = seal_file.read(128).decode("ascii", "replace")
        except FileNotFoundError:
            raise UntrustedIndexFile(f"{name} in {self.folder} carries no seal of this library") from None
        identity = _identity(fd, expected)
        with _verified_lock:
            if identity in _verified:
                return
        if not hmac.compare_digest(_mac(self.key, name, fd), expected):
            raise UntrustedIndexFile(f"{name} in {self.folder} was not written by this library's Lectern")
        with _verified_lock:
            _verified.add(identity)
