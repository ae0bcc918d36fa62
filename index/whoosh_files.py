"""How Whoosh reads and writes its files, made faster by ``install()`` in four tested ways.

Whoosh maps each segment's compound file and hands out its parts as ``BufferFile`` objects, which
wrap the mapped bytes in ``io.BytesIO``: that copies the part. Every searcher (and every writer that
deletes, i.e. every update) opens every segment, so each commit copied the whole index, 160 MB and
about 150 ms for 5,000 articles and 100,000 highlights, before a new highlight could be found.
``install()`` makes the compound storage hand out ``ViewFile`` objects instead, which read straight
from the map.

Whoosh 3's codec also pickles each block of postings with protocol 2, where every bytes value (the
encoded positions of one document) becomes a call to ``_codecs.encode``: unpickling a block of 128
postings took 170 µs. ``install()`` has the codec write the newest protocol instead, five times faster
to read and a third smaller; any protocol reads back, so segments written before stay readable.

A segment's field lengths are read one byte per call through a seek and a read (and for a
field without lengths, such as ``tag``, a ``stat`` of the file that is not there), once for every
posting when a segment is written and for every match scored. ``install()`` has each segment's
reader load a field's lengths once, as bytes.

A writer's postings pool spills sorted runs to temporary files when it outgrows its memory limit (a
rebuild of a large library writes dozens), one protocol-2 pickle per posting, and reads them back
one by one to merge them. ``install()`` has runs written and read in chunks of 4,096 postings.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator
from io import BytesIO

from whoosh import externalsort
from whoosh.codec import whoosh3
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


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

    def __init__(self, buf: memoryview, name: str | None = None, onclose: object = None) -> None:
        self._buf = buf
        self._name = name
        self.file = MemoryViewReader(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False


_NOT_LOADED = object()
whoosh_doc_field_length = whoosh3.W3PerDocReader.doc_field_length  # Whoosh's own, for comparison


def doc_field_length(self: whoosh3.W3PerDocReader, docnum: int, fieldname: str, default: int = 0) -> int | None:
    """What ``W3PerDocReader.doc_field_length`` gives (even its None for a zero byte), from the field's
    whole lengths column loaded once."""
    loaded = self.__dict__.setdefault("_lengths_bytes", {})
    lengths = loaded.get(fieldname, _NOT_LOADED)
    if lengths is _NOT_LOADED:
        column = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        lengths = None if column is None else bytes(column._dbfile.get(column._basepos, column._count))
        loaded[fieldname] = lengths
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    if lengths is None:
        return default
    if docnum >= len(lengths) or not lengths[docnum]:
        return None
    return whoosh3.byte_to_length(lengths[docnum])


RUN_CHUNK = 4096  # postings per pickle in a sorting run


def write_run(self: externalsort.SortingPool, file: object, items: Iterable[object]) -> None:
    """``SortingPool._write_run``: the sorted ``items`` into ``file`` as pickled lists of ``RUN_CHUNK``."""
    chunk: list[object] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == RUN_CHUNK:
            pickle.dump(chunk, file, pickle.HIGHEST_PROTOCOL)
            chunk = []
    if chunk:
        pickle.dump(chunk, file, pickle.HIGHEST_PROTOCOL)
    file.close()


def read_run(self: externalsort.SortingPool, path: str) -> Iterator[object]:
    """``SortingPool._read_run``: the items of a run ``write_run`` wrote, in order; the run is then removed."""
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


def dumps_newest(value: object, protocol: int | None = None) -> bytes:
    """``pickle.dumps`` at the newest protocol, whatever protocol the caller asked for."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def install() -> None:
    """Make Whoosh's compound segment files read from their memory maps without copying, its codec
    write postings at the newest pickle protocol, its field lengths load once and its sorting runs go
    in chunks (idempotent)."""
    compound.BufferFile = ViewFile
    whoosh3.dumps = dumps_newest
    whoosh3.W3PerDocReader.doc_field_length = doc_field_length
    externalsort.SortingPool._write_run = write_run
    externalsort.SortingPool._read_run = read_run
