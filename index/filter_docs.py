"""The documents a label filter (``tag:``, ``color:``, ``kind:``) allows, read a block of postings at a time.

Whoosh turns a filter query into a set of document numbers by stepping its matcher one posting at a
time (about 2 µs each): ``tag:air-defense`` on the benchmark library, 16,600 highlights, cost 35 ms of
a 120 ms phrase search. Terms and ANDs and ORs of them are read here from whole blocks of ids
instead; anything else (date ranges, say) is left to Whoosh. The Whoosh internals read here
(``SegmentReader._terms``, the block matcher's) are checked at start-up by ``index.whoosh_compat``.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from index.phrase_matcher import block_ids, reads_blocks


def filter_docs(searcher: Searcher, query: wq.Query) -> set[int] | None:
    """The numbers (in ``searcher``'s numbering) of the live documents ``query`` matches, or None when
    ``query`` holds a kind of clause this does not read."""
    if isinstance(query, wq.Term):
        found: set[int] = set()
        for leaf, offset in searcher.leaf_searchers():
            docs = _term_docs(leaf.reader(), query.fieldname, query.text)
            if docs is None:
                return None
            found.update(docs if not offset else (docnum + offset for docnum in docs))
        return found
    if isinstance(query, (wq.And, wq.Or)):
        parts = [filter_docs(searcher, child) for child in query.subqueries]
        if not parts or any(part is None for part in parts):
            return None
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part if isinstance(query, wq.And) else combined | part
        return combined
    return None


def _term_docs(reader: IndexReader, fieldname: str, text: object) -> set[int] | None:
    """One segment's live documents holding the term; None for a reader without Whoosh 3's block postings."""
    if fieldname not in reader.schema:
        return set()
    field = reader.schema[fieldname]
    try:
        term = field.to_bytes(text)
    except ValueError:
        return set()
    if (fieldname, term) not in reader:
        return set()
    terms = getattr(reader, "_terms", None)
    if terms is None or not hasattr(reader, "deleted_docs_set"):
        return None
    matcher = terms.matcher(fieldname, term, field.format)  # raw postings: deleted documents included
    if not reads_blocks(matcher):
        return None
    docs: set[int] = set()
    for ids in block_ids(matcher):
        docs.update(ids)
    return docs - reader.deleted_docs_set if reader.has_deletions() else docs
