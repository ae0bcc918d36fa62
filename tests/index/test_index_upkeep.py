"""Keeping the index fast to update: segments read in place, readers reused, merges when idle.

Lectern's Whoosh extensions (``index.whoosh_codec``, ``index.whoosh_files``) are checked here to give
what Whoosh gives; ``test_whoosh_extension`` checks that each is in use and that Whoosh stays stock."""

from __future__ import annotations

import pickle
import tempfile
import time
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import create_in
from whoosh.qparser import QueryParser

from annotations.models import Document
from app import Library
from index import keeper as keeper_module
from index import writer_thread as writer_thread_module
from index.merging import SMALL_SEGMENTS_TO_MERGE
from index.whoosh_codec import LecternCodec, LecternPerDocReader, open_writer
from index.whoosh_files import ChunkedPostingPool, MemoryViewReader, ViewFile

WriteFile = Callable[[str, str | bytes], Path]
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(min_value=-1, max_value=40)),
        st.tuples(st.just("readline"), st.integers(min_value=-1, max_value=40)),
        st.tuples(st.just("seek"), st.integers(min_value=0, max_value=120)),
        st.tuples(st.just("seek_cur"), st.integers(min_value=-5, max_value=20)),
        st.tuples(st.just("seek_end"), st.integers(min_value=-60, max_value=0)),
    ),
    max_size=30,
)


@settings(max_examples=300, derandomize=True)
@given(data=st.binary(max_size=100).map(lambda b: b.replace(b"\x00", b"\n")), operations=OPERATIONS)
def test_a_view_reads_like_bytesio(data: bytes, operations: list[tuple[str, int]]) -> None:
    ours, theirs = MemoryViewReader(memoryview(data)), BytesIO(data)
    for name, argument in operations:
        if name == "seek_cur" and theirs.tell() + argument < 0:
            continue
        if name == "seek_end" and len(data) + argument < 0:
            continue
        if name in ("read", "readline"):
            assert getattr(ours, name)(argument) == getattr(theirs, name)(argument)
        else:
            whence = {"seek": 0, "seek_cur": 1, "seek_end": 2}[name]
            assert ours.seek(argument, whence) == theirs.seek(argument, whence)
        assert ours.tell() == theirs.tell()


def test_pickles_are_read_in_place_whatever_their_size() -> None:
    values = [{"block": 1}, list(range(5000)), "x" * (ViewFile.PICKLE_WINDOW * 3), (1, 2.5, None)]
    buffer = BytesIO()
    writer = StructFile(buffer)
    for value in values:
        writer.write_pickle(value)
    writer.write_int(7)
    data = buffer.getvalue()
    view = ViewFile(memoryview(data))
    assert [view.read_pickle() for _ in values] == values
    assert view.read_int() == 7
    assert view.tell() == len(data)


def _leaves(library: Library) -> dict[str, object]:
    searcher = library.index.searcher._current_searcher()
    return {reader.segment().segment_id(): reader for reader, _ in searcher.reader().leaf_readers()}


def _article(library: Library, write_file: WriteFile, name: str, body: str) -> Document:
    outcome = library.documents.import_file(write_file(f"{name}.md", f"# {name}\n\n{body}\n")).value
    assert outcome.document is not None
    return outcome.document


def test_a_commit_reopens_only_the_segments_it_changed(library: Library, write_file: WriteFile) -> None:
    articles = [_article(library, write_file, f"Article {n}", f"The grid held in {n}.") for n in range(3)]
    library.index.flush()
    first = library.annotations.add(articles[0].id, 4, 8, tags=["grid"]).value
    library.index.flush()
    before = _leaves(library)
    assert len(before) == 2

    library.annotations.add(articles[1].id, 4, 8, tags=["later"])  # a new segment; none of the old ones change
    library.index.flush()
    after = _leaves(library)
    assert set(before) < set(after)
    assert all(after[segment] is reader for segment, reader in before.items())

    library.annotations.update(first.id, tags=["changed"])  # marks the old entry deleted in its segment
    library.index.flush()
    changed = _leaves(library)
    reopened = [segment for segment in after if segment in changed and changed[segment] is not after[segment]]
    assert len(reopened) == 1
    assert changed[reopened[0]].has_deletions()
    assert library.index.search("tag:changed").total == 1
    assert library.index.search("tag:grid").total == 0


def test_every_edit_leaves_exactly_one_entry(library: Library, write_file: WriteFile) -> None:
    article = _article(library, write_file, "Edits", "The same passage, tagged again and again.")
    start = article.text.index("same passage")
    highlight = library.annotations.add(article.id, start, start + len("same passage"), tags=["v0"]).value
    for version in range(1, 15):
        library.index.flush()
        assert library.index.search(f"tag:v{version - 1}").total == 1
        library.annotations.update(highlight.id, tags=[f"v{version}"])
    library.index.flush()
    assert library.index.search("tag:v14").total == 1
    assert sum(library.index.search(f"tag:v{version}").total for version in range(14)) == 0
    assert library.index.search('"same passage"', limit=None).total == 2  # the article's mention and the highlight


def test_the_writer_thread_merges_piled_up_segments_once_idle(
    tmp_path: Path, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_thread_module, "IDLE_MERGE_SECONDS", 0.3)
    piles = SMALL_SEGMENTS_TO_MERGE + 3
    library = Library(tmp_path / "data", background=True)
    try:
        article = _article(library, write_file, "Piles", "One two three four five six.")
        assert library.index.flush()
        for number in range(piles):
            library.annotations.add(article.id, number, number + 3, tags=[f"pile-{number}"])  # same span: the same highlight
            assert library.index.flush()
        assert len(library.index.keeper.index._segments()) > piles  # saving a highlight never waited for a merge

        deadline = time.monotonic() + 10
        while len(library.index.keeper.index._segments()) >= SMALL_SEGMENTS_TO_MERGE:
            assert time.monotonic() < deadline, "the idle writer never merged"
            time.sleep(0.05)
        assert library.index.search("tag:pile-0").total == 1
        assert library.index.search("kind:annotation", limit=None).total == piles
    finally:
        library.close()


def _block_pickles(library: Library, word: str) -> list[bytes]:
    """The unpickled-to-be bytes of every postings block holding ``word`` in the articles' text."""
    found = []
    for reader, _ in library.index.searcher._current_searcher().reader().leaf_readers():
        field = reader.schema["content"]
        term = field.to_bytes(word)
        if ("content", term) not in reader:
            continue
        matcher = reader._terms.matcher("content", term, field.format)
        while matcher.is_active():
            data = bytes(matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset))
            found.append(zlib.decompress(data) if matcher._compression else data)
            matcher._next_block()
    return found


def test_postings_are_written_at_the_newest_pickle_protocol_and_old_ones_still_read(
    library: Library, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old_whoosh:  # a segment as Whoosh itself writes it: W3Codec, protocol 2
        old_whoosh.setattr(keeper_module, "open_writer", lambda index, **options: index.writer(**options))
        _article(library, write_file, "Before", "Air defense support arrived before the upgrade.")
        library.index.flush()
    _article(library, write_file, "After", "Air defense support arrived after the upgrade.")
    library.index.flush()

    codecs = [type(segment.codec()) for segment in library.index.keeper.index._segments()]
    assert codecs == [W3Codec, LecternCodec]
    protocols = sorted(block[1] for block in _block_pickles(library, "defense"))
    assert protocols == [2, pickle.HIGHEST_PROTOCOL]  # one block per segment; the new one skips _codecs calls
    hits = library.index.search('"air defense support"', limit=None).hits
    assert sorted(hit.title for hit in hits) == ["After", "Before"]


def test_field_lengths_loaded_once_read_as_whoosh_reads_them(library: Library, write_file: WriteFile) -> None:
    for number, body in enumerate(["Short.", "A longer passage " * 40, "", "Air defense support " * 300]):
        _article(library, write_file, f"Lengths {number}", body)
    document_id = library.store.document_ids()[0]
    library.annotations.add(document_id, 0, 4, tags=["region/iran"], note="A note")
    library.index.flush()
    fields = ["content", "stem", "title", "note", "quote", "tag", "kind", "no-such-field"]
    assert LecternPerDocReader.doc_field_length is not W3PerDocReader.doc_field_length
    for reader, _ in library.index.searcher._current_searcher().reader().leaf_readers():
        per_document = reader._perdoc
        assert type(per_document) is LecternPerDocReader
        for docnum in range(reader.doc_count_all()):
            for fieldname in fields:
                for default in (0, 1):
                    ours = per_document.doc_field_length(docnum, fieldname, default)
                    assert ours == W3PerDocReader.doc_field_length(per_document, docnum, fieldname, default)
        with pytest.raises(IndexError):
            per_document.doc_field_length(reader.doc_count_all() + 1, "content")


POSTINGS = st.lists(
    st.tuples(
        st.sampled_from(["content", "tag"]),
        st.binary(max_size=6),
        st.integers(0, 500),
        st.sampled_from([1.0, 2.0]),
        st.one_of(st.none(), st.binary(max_size=8)),
    )
)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(items=POSTINGS, limit=st.integers(min_value=150, max_value=3000), chunk=st.sampled_from([1, 3, 4096]))
def test_sorting_runs_written_in_chunks_give_every_item_in_order(items: list[tuple], limit: int, chunk: int) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr("index.whoosh_files.RUN_CHUNK", chunk)
        pool = ChunkedPostingPool(FileStorage(folder), segment=None)
        pool.limit = limit  # bytes: a run every few postings (each counts for about 150)
        for item in items:
            pool.add(item)
        assert list(pool.items(maxfiles=3)) == sorted(items)  # three runs at a time: runs of runs, too


def test_an_index_written_through_many_runs_finds_what_one_run_finds(tmp_path: Path) -> None:
    texts = [f"air defense support number {n} " + "sanctions grid " * (n % 7) for n in range(300)]
    found = {}
    for name, limitmb in (("one-run", 64), ("many-runs", 0.02)):
        folder = tmp_path / name
        folder.mkdir()
        index = create_in(str(folder), Schema(key=ID(stored=True), body=TEXT(phrase=True)))
        with open_writer(index, limitmb=limitmb) as writer:
            for number, text in enumerate(texts):
                writer.add_document(key=str(number), body=text)
            assert type(writer.pool) is ChunkedPostingPool
            assert (len(writer.pool.runs) > 3) == (name == "many-runs")
        with index.searcher() as searcher:
            parser = QueryParser("body", index.schema)
            found[name] = {
                query: sorted(hit["key"] for hit in searcher.search(parser.parse(query), limit=None))
                for query in ('"defense support number"', "sanctions", "number 250", "grid")
            }
    assert found["many-runs"] == found["one-run"]
    assert len(found["one-run"]["sanctions"]) == 300 - len(range(0, 300, 7))
