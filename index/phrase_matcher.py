"""Matching an exact phrase inside one index segment, fast enough for phrases of common words.

Whoosh's own phrase matcher walks the postings of every word document by document and builds span
objects for each candidate, about 100 µs per article in pure Python; a phrase of three common words
("air defense support") has every article as a candidate. Here each word's postings are read a block
at a time, the documents holding every word are found by set intersection, and only those have their
positions decoded and compared. Each match is scored by BM25 on its phrase frequency.

Reading whole blocks uses private parts of Whoosh 3's block matcher (``_read_data``, ``_data``...); they
are listed in ``index.whoosh_compat``, which checks them once at start-up. A ``Positions`` value is read
through its layout (a ``pack_uint`` count, then the pickled deltas), not through Whoosh's private sizes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate
from pickle import UnpicklingError, loads

from whoosh.matching import ListMatcher, Matcher, NullMatcher
from whoosh.searching import Searcher
from whoosh.system import pack_uint

# A ``Positions`` value is the count of positions (``pack_uint``) followed by the pickled position deltas.
_COUNT_SIZE = len(pack_uint(0))

BM25_K1 = 1.2
BM25_B = 0.75


class ScoredListMatcher(ListMatcher):
    """Document ids with their scores worked out in advance."""

    def __init__(self, ids: list[int], scores: list[float]) -> None:
        super().__init__(ids, weights=scores)
        self._scores = scores
        self._best = max(scores, default=0.0)

    def score(self) -> float:
        return self._scores[self._i]

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return self._best

    def block_quality(self) -> float:
        return self._best

    def copy(self) -> ScoredListMatcher:
        copied = ScoredListMatcher(self._ids, self._scores)
        copied._i = self._i
        return copied


def decode_positions(value: bytes) -> list[int]:
    """The word positions in a ``Positions`` posting value (what ``Positions.decode_positions`` gives)."""
    try:
        return list(accumulate(loads(value[_COUNT_SIZE:])))
    except (EOFError, UnpicklingError):  # stored without the pickle's final stop byte
        return list(accumulate(loads(value[_COUNT_SIZE:] + b".")))


_BLOCK_NAMES = ("_read_data", "_read_values", "_next_block", "_data", "_byteids")


def reads_blocks(matcher: Matcher) -> bool:
    """Whether ``matcher`` is Whoosh 3's block postings matcher, which ``block_ids`` can read."""
    return all(hasattr(matcher, name) for name in _BLOCK_NAMES)


def block_ids(matcher: Matcher) -> Iterator[Iterable[int]]:
    """Each block's document numbers, a block at a time (the raw postings: deleted documents included).
    While a block's numbers are in hand, ``matcher._read_values()`` gives its values."""
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        ids = matcher._data[0]
        yield ids if matcher._byteids else accumulate(ids)  # delta-coded unless stored as bytes
        matcher._next_block()


def posting_values(matcher: Matcher) -> dict[int, bytes]:
    """Document number → encoded value of every posting, a whole block at a time where the codec allows it."""
    found: dict[int, bytes] = {}
    if reads_blocks(matcher):
        for ids in block_ids(matcher):
            matcher._read_values()
            found.update(zip(ids, matcher._values, strict=True))
        return found
    while matcher.is_active():  # any other codec: one posting at a time
        found[matcher.id()] = matcher.value()
        matcher.next()
    return found


def phrase_frequencies(
    searcher: Searcher, fieldname: str, words: Sequence[str], offsets: Sequence[int] | None = None
) -> dict[int, int]:
    """For one segment's searcher: document number → how often ``words`` occur there consecutively (or,
    with ``offsets``, at those positions relative to the first word: a gap where the query had one)."""
    offsets = list(offsets) if offsets is not None else list(range(len(words)))
    reader = searcher.reader()
    field = searcher.schema[fieldname]
    encoded = []
    for word in words:
        try:
            term = field.to_bytes(word)
        except ValueError:
            return {}
        if (fieldname, term) not in reader:
            return {}
        encoded.append(term)
    # The rarest word first: its postings bound the candidates, the others are looked up.
    order = sorted(range(len(words)), key=lambda at: reader.doc_frequency(fieldname, encoded[at]))
    postings: dict[int, dict[int, bytes]] = {}
    candidates: set[int] | None = None
    # A segment reader's raw postings include deleted documents; any other reader filters them itself.
    raw_terms = getattr(reader, "_terms", None) if hasattr(reader, "deleted_docs_set") else None
    for at in order:
        if raw_terms is not None:
            matcher = raw_terms.matcher(fieldname, encoded[at], field.format)
        else:
            matcher = reader.postings(fieldname, encoded[at])
        values = posting_values(matcher)
        candidates = set(values) if candidates is None else candidates.intersection(values)
        postings[at] = values
        if not candidates:
            return {}
    assert candidates is not None
    if raw_terms is not None:
        candidates -= reader.deleted_docs_set
    ordered = [postings[at] for at in range(len(words))]
    try:
        return consecutive_counts(candidates, ordered, _COUNT_SIZE, offsets=offsets)
    except (EOFError, UnpicklingError):  # positions stored without the pickle's final stop byte
        return consecutive_counts(candidates, ordered, _COUNT_SIZE, decode_positions, offsets=offsets)


def consecutive_counts(
    candidates: set[int],
    postings: list[dict[int, bytes]],
    skip: int,
    decode: Callable[[bytes], list[int]] | None = None,
    *,
    offsets: Sequence[int] | None = None,
) -> dict[int, int]:
    """Document number → how many places the words of ``postings`` (in phrase order) follow one another
    (each at its offset from the first, when ``offsets`` are given).

    Each word's positions become phrase starts (position minus the word's place in the phrase), and the
    starts are intersected set by set: the loops run in C, about 5 µs for a document of 1,000 words."""
    frequencies: dict[int, int] = {}
    places = list(offsets) if offsets is not None else list(range(len(postings)))
    first, later = postings[0], [(places[at], values) for at, values in enumerate(postings[1:], start=1)]
    for docnum in candidates:
        if decode is None:
            starts = set(accumulate(loads(first[docnum][skip:])))
            for at, values in later:
                starts.intersection_update(map(at.__rsub__, accumulate(loads(values[docnum][skip:]))))
                if not starts:
                    break
        else:
            starts = set(decode(first[docnum]))
            for at, values in later:
                starts.intersection_update(position - at for position in decode(values[docnum]))
                if not starts:
                    break
        if starts:
            frequencies[docnum] = len(starts)
    return frequencies


def phrase_statistics(top: Searcher, fieldname: str, words: Sequence[str]) -> tuple[float, float]:
    """(idf, average field length) for scoring a phrase over the whole index; its rarest word stands in
    for how many documents hold the phrase. Work it out once per search, not once per segment."""
    total_docs = max(1, top.doc_count_all())
    matching = max(1, min(top.doc_frequency(fieldname, word) for word in words))
    idf = math.log(1.0 + (total_docs - matching + 0.5) / (matching + 0.5))
    return idf, top.avg_field_length(fieldname, 1.0) or 1.0


def phrase_matcher(
    searcher: Searcher,
    fieldname: str,
    words: Sequence[str],
    statistics: tuple[float, float],
    boost: float = 1.0,
    offsets: Sequence[int] | None = None,
) -> Matcher:
    """A matcher over one segment's documents that contain the exact phrase, scored by BM25."""
    frequencies = phrase_frequencies(searcher, fieldname, words, offsets)
    if not frequencies:
        return NullMatcher()
    idf, average_length = statistics
    reader = searcher.reader()
    ids = sorted(frequencies)
    scores = []
    for docnum in ids:
        frequency = frequencies[docnum]
        length = reader.doc_field_length(docnum, fieldname, 1) or 1
        norm = BM25_K1 * (1.0 - BM25_B + BM25_B * length / average_length)
        scores.append(boost * idf * frequency * (BM25_K1 + 1.0) / (frequency + norm))
    return ScoredListMatcher(ids, scores)
