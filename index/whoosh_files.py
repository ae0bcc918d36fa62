"""The files of Lectern's own index segments: read in place from their memory maps, spilled in chunks.

These classes are used only through Lectern's codec and writer (``index.whoosh_codec``); nothing here
changes Whoosh for anyone else in the process (DESIGN §4). Why each exists:

Whoosh maps each segment's compound file and hands out its parts as ``BufferFile`` objects, which
wrap the mapped bytes in ``io.BytesIO``: that copies the part. Every searcher (and every writer that
deletes, i.e. every update) opens every segment, so each commit copied the whole index, 160 MB and
about 150 ms for 5,000 articles and 100,000 highlights, before a new highlight could be found.
``ViewCompoundStorage``, which Lectern's segments open their compound files with, hands out
``ViewFile`` objects instead, which read straight from the map.

A writer's postings pool spills sorted runs to temporary files when it outgrows its memory limit (a
rebuild of a large library writes dozens), one protocol-2 pickle per posting, and reads them back
one by one to merge them. ``ChunkedPostingPool``, the pool of Lectern's writer, writes and reads
runs in chunks of 4,096 postings.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import BinaryIO

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import StorageError
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.writing import PostingPool


class MemoryViewReader:
    """A read-only, seekable binary file over a memoryview (what ``BytesIO`` offers, without the copy)."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._length = len(view)
        self._position = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        start = self._position
        end = self._length if size is None or size < 0 else min(self._length, start + size)
        self._position = max(start, end)
        return self._view[start:end].tobytes()

    def readinto(self, target: bytearray | memoryview) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        start = self._position
        end = self._length if size is None or size < 0 else min(self._length, start + size)
        chunk = self._view[start:end].tobytes()
        newline = chunk.find(b"\n")
        if newline >= 0:
            chunk = chunk[: newline + 1]
        self._position = start + len(chunk)
        return chunk

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._position
        elif whence == os.SEEK_END:
            offset += self._length
        if offset < 0:
            raise ValueError(f"negative seek position {offset}")
        self._position = offset
        return offset

    def tell(self) -> int:
        return self._position

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


class ViewFile(BufferFile):
    """Whoosh's ``BufferFile`` reading from its buffer in place."""

    PICKLE_WINDOW = 4096  # posting block headers, the pickles read most often, are far smaller

    def __init__(self, buf: memoryview, name: str | None = None, onclose: object = None) -> None:
        # BufferFile.__init__ would wrap ``buf`` in a BytesIO (a copy); these are the attributes it sets.
        self._buf = buf
        self._name = name
        self.file = MemoryViewReader(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def read_pickle(self) -> object:
        """The pickle at the current position, read from a copy of a small window when it fits in one
        (the unpickler reads a Python file object opcode by opcode, twenty calls for a block header)."""
        start = self.file.tell()
        window = BytesIO(self._buf[start : start + self.PICKLE_WINDOW])
        try:
            value = pickle.load(window)
        except (EOFError, ValueError, pickle.UnpicklingError):  # longer than the window: read it from the view itself
            return pickle.load(self.file)
        self.file.seek(start + window.tell())
        return value


class ViewCompoundStorage(CompoundStorage):
    """Whoosh's compound segment storage, handing out its parts as ``ViewFile`` objects over the map
    (``CompoundStorage.open_file`` wraps them in a copying ``BufferFile``). Without a map (a storage
    that cannot map, or too little memory for one) it opens parts as Whoosh does."""

    def open_file(self, name: str, *args: object, **kwargs: object) -> StructFile:
        if self.is_closed:
            raise StorageError("Storage was closed")
        source = self._source
        if not source:
            return super().open_file(name, *args, **kwargs)
        offset, length = self.range(name)
        return ViewFile(memoryview(source)[offset : offset + length], name=name)


RUN_CHUNK = 4096  # postings per pickle in a sorting run


class ChunkedPostingPool(PostingPool):
    """Whoosh's ``PostingPool`` (the writer's external sort of postings) with runs written and read as
    pickled lists of ``RUN_CHUNK`` postings, not one protocol-2 pickle per posting."""

    def _write_run(self, file: BinaryIO, items: Iterable[object]) -> None:
        """The sorted ``items`` into ``file`` as pickled lists of ``RUN_CHUNK``; then ``file`` is closed."""
        chunk: list[object] = []
        for item in items:
            chunk.append(item)
            if len(chunk) == RUN_CHUNK:
                pickle.dump(chunk, file, pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, file, pickle.HIGHEST_PROTOCOL)
        file.close()

    def _read_run(self, path: str) -> Iterator[object]:
        """The items of a run ``_write_run`` wrote, in order; the run is then removed."""
        file = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(file)
                except EOFError:
                    return
                yield from chunk
        finally:
            file.close()
            self._remove_run(path)
