"""Lectern's Whoosh codec and index writer: Whoosh 3's format, extended through Whoosh's own hooks.

DESIGN §4: Lectern extends Whoosh through its extension points, never by patching Whoosh for the
whole process, so that any other user of Whoosh in the process gets Whoosh as shipped. Every index
writer of Lectern's is a ``LecternSegmentWriter`` (``open_writer``), which writes with a
``LecternCodec``. Each segment pickles its codec in the index's table of contents, so a segment
written by Lectern is read back through the same codec: its readers come from it, and it opens its
compound file as Lectern's segment class says. Where each extension hooks in, and why:

- ``LecternCodec.postings_writer`` → ``LecternPostingsWriter``: Whoosh 3 pickles each block of
  postings with protocol 2, where every bytes value (the encoded positions of one document) becomes
  a call to ``_codecs.encode``: unpickling a block of 128 postings took 170 µs. Lectern's blocks are
  pickled at the newest protocol, five times faster to read and a third smaller. Any protocol reads
  back, so the reader is Whoosh's.
- ``LecternCodec.per_document_reader`` → ``LecternPerDocReader``: Whoosh reads a segment's field
  lengths one byte per call through a seek and a read (and for a field without lengths, such as
  ``tag``, a ``stat`` of a file that is not there), once for every posting when a segment is written
  and for every match scored. Lectern's reader loads a field's lengths once, as bytes.
- ``LecternCodec.new_segment`` → ``LecternSegment``, whose ``open_compound_file`` opens a
  ``ViewCompoundStorage`` (``index.whoosh_files``): parts of the compound file are read in place from
  the memory map, not copied (every commit reopened the whole index, 160 MB for 5,000 articles).
- ``LecternSegmentWriter.pool`` is a ``ChunkedPostingPool`` (``index.whoosh_files``): a big write
  spills its sorted postings in chunks of pickles, not one pickle per posting. (``SegmentWriter``
  takes a ``poolclass`` argument but ignores it, so the writer sets its pool itself.)

The private parts of Whoosh these classes rely on are checked once, by ``index.whoosh_compat``.
An index written before this codec (INDEX_SCHEMA_VERSION 6) is rebuilt once.
"""

from __future__ import annotations

import pickle
import zlib

from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3PostingsWriter, W3Segment
from whoosh.filedb.filestore import Storage
from whoosh.index import FileIndex
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from index.whoosh_files import ChunkedPostingPool, ViewCompoundStorage

_NOT_LOADED = object()


class LecternPostingsWriter(W3PostingsWriter):
    """Whoosh 3's postings writer, pickling each block at ``pickle.HIGHEST_PROTOCOL`` (Whoosh: 2)."""

    PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL

    def _write_block(self, last: bool = False) -> None:
        """``W3PostingsWriter._write_block`` (the same block layout, statistics and compression), with
        its two pickles at ``PICKLE_PROTOCOL``."""
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, self.PICKLE_PROTOCOL)
        comp = self._compression  # Whoosh compresses every block, however small
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            self.PICKLE_PROTOCOL,
        )
        blocklength = len(infobytes) + len(databytes)
        postfile = self._postfile
        postfile.write_int(-blocklength if last else blocklength)  # negative: the term's last block
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class LecternPerDocReader(W3PerDocReader):
    """Whoosh 3's per-document reader, loading each field's whole lengths column once."""

    def __init__(self, storage: Storage, segment: W3Segment) -> None:
        super().__init__(storage, segment)
        self._lengths_bytes: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        """What ``W3PerDocReader.doc_field_length`` gives (even its None for a zero byte), from the
        field's lengths column loaded once."""
        lengths = self._lengths_bytes.get(fieldname, _NOT_LOADED)
        if lengths is _NOT_LOADED:
            column = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
            lengths = None if column is None else bytes(column._dbfile.get(column._basepos, column._count))
            self._lengths_bytes[fieldname] = lengths
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        if lengths is None:
            return default
        if docnum >= len(lengths) or not lengths[docnum]:
            return None
        return byte_to_length(lengths[docnum])


class LecternSegment(W3Segment):
    """A Whoosh 3 segment whose compound file hands out its parts without copying them."""

    def open_compound_file(self, storage: Storage) -> ViewCompoundStorage:
        dbfile = storage.open_file(self.make_filename(self.COMPOUND_EXT))
        return ViewCompoundStorage(dbfile, use_mmap=storage.supports_mmap)


class LecternCodec(W3Codec):
    """Whoosh 3's codec with Lectern's postings writer, per-document reader and segments."""

    def postings_writer(self, dbfile: object, byteids: bool = False) -> LecternPostingsWriter:
        return LecternPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def per_document_reader(self, storage: Storage, segment: W3Segment) -> LecternPerDocReader:
        return LecternPerDocReader(storage, segment)

    def new_segment(self, storage: Storage, indexname: str) -> LecternSegment:
        return LecternSegment(self, indexname)


class LecternSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with Lectern's codec and a postings pool that spills in chunks."""

    def __init__(self, ix: FileIndex, limitmb: int | float = 128, **kwargs: object) -> None:
        kwargs.setdefault("codec", LecternCodec())
        try:
            super().__init__(ix, limitmb=limitmb, **kwargs)
        except BaseException:
            # Whoosh takes its write lock first and keeps it if anything after fails (its scratch folder
            # cannot be made, say): every later writer in this process would then fail to lock.
            lock = getattr(self, "writelock", None)
            if lock is not None and getattr(lock, "fd", None) is not None:
                lock.release()
            raise
        # Whoosh's own pool holds nothing yet (nothing is added before __init__ returns): replace it.
        self.pool = ChunkedPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)


def open_writer(index: FileIndex, **options: object) -> LecternSegmentWriter:
    """A writer of ``index`` (what ``index.writer(**options)`` gives, one process) in Lectern's codec."""
    return LecternSegmentWriter(index, **options)
