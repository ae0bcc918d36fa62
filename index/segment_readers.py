"""Open segment readers, kept across index generations.

A commit adds a segment (and maybe marks some documents of older ones deleted); it leaves every other
segment as it was. Whoosh's searchers reopen every segment after each commit, and its writers open a
reader over every segment for each ``update_document``. Here a segment's reader is reused for as long
as the segment is unchanged: same id, same number of deleted documents (deletions only ever grow).
(Whoosh's own ``reader(reuse=...)`` is not used: it also keeps segments a merge has replaced.)

Not thread-safe: each user (the searcher, the index writer) keeps its own ``SegmentReaders``.
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.codec.base import Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import Storage
from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader
from whoosh.searching import Searcher


def _identity(segment: Segment) -> tuple[str, int]:
    return segment.segment_id(), segment.deleted_count()


class SegmentReaders:
    """Readers of the segments of the latest index generation, each reused while its segment is unchanged."""

    def __init__(self) -> None:
        self._open: dict[tuple[str, int], SegmentReader] = {}

    def reader(self, storage: Storage, schema: Schema, segments: Sequence[Segment], generation: int) -> IndexReader:
        """A reader over ``segments``; readers of segments no longer listed are closed. Never close the
        reader returned (nor a searcher over it): its segment readers are shared; ``close()`` does that."""
        kept: dict[tuple[str, int], SegmentReader] = {}
        for segment in segments:
            identity = _identity(segment)
            reader = self._open.pop(identity, None)
            kept[identity] = reader if reader is not None else SegmentReader(storage, schema, segment, generation)
        self.close()
        self._open = kept
        readers = list(kept.values())
        if not readers:
            return EmptyReader(schema)
        return readers[0] if len(readers) == 1 else MultiReader(readers, generation=generation)

    def searcher(self, index: FileIndex) -> Searcher:
        """A searcher over the latest generation of ``index`` (do not close it; see ``reader``)."""
        toc = index._read_toc()
        return Searcher(self.reader(index.storage, toc.schema, toc.segments, toc.generation), fromindex=index)

    def close(self) -> None:
        """Close every reader held."""
        for reader in self._open.values():
            reader.close()
        self._open = {}
