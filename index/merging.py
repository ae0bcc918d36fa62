"""When and what to merge: small index segments are folded together before they slow searches down.

Every commit of the index writer adds a segment; a search pays a little for each one (a rare word costs
about 0.3 ms a segment). Whoosh's own policy (``MERGE_SMALL``) may rewrite megabytes, a few hundred ms
that a new highlight would wait for. Here small drains never merge; ``merge_small_segments`` folds the
smallest segments together, never more than ``MERGE_BUDGET_BYTES`` of them, once ``SMALL_SEGMENTS_TO_MERGE``
have piled up. The writer thread runs it when idle; big drains (imports) still use Whoosh's policy.
"""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.codec.base import Segment
from whoosh.filedb.filestore import Storage
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

MERGE_BUDGET_BYTES = 1_000_000  # about 1 s of merging in Whoosh; a 2,000-highlight segment is 3 MB
SMALL_SEGMENTS_TO_MERGE = 4


def segment_bytes(storage: Storage, segment: Segment) -> int:
    """The size of a segment's files on disk."""
    try:
        return sum(storage.file_length(name) for name in segment.list_files(storage))
    except OSError:
        return MERGE_BUDGET_BYTES  # unknown: treat it as too big to merge on the side


def small_segments(storage: Storage, segments: Sequence[Segment]) -> list[Segment]:
    """The smallest segments that fit in the merge budget together, smallest first."""
    chosen: list[Segment] = []
    total = 0
    for size, segment in sorted(
        ((segment_bytes(storage, segment), segment) for segment in segments), key=lambda pair: pair[0]
    ):
        if total + size > MERGE_BUDGET_BYTES:
            break
        chosen.append(segment)
        total += size
    return chosen


def worth_merging(storage: Storage, segments: Sequence[Segment]) -> bool:
    """Whether enough small segments have piled up to merge them."""
    return len(small_segments(storage, segments)) >= SMALL_SEGMENTS_TO_MERGE


def merge_small_segments(writer: SegmentWriter, segments: list[Segment]) -> list[Segment]:
    """A Whoosh merge policy: fold the small segments into the segment being written, once enough piled up."""
    chosen = small_segments(writer.storage, segments)
    if len(chosen) < SMALL_SEGMENTS_TO_MERGE:
        return segments
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = {segment.segment_id() for segment in chosen}
    return [segment for segment in segments if segment.segment_id() not in merged]
