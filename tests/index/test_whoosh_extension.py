"""Lectern extends Whoosh only through Whoosh's own hooks (DESIGN §4).

Each extension is checked to be in use (these tests fail if one stops being used), stock Whoosh is
checked to stay as shipped in a process that ran Lectern's index, and the check of the Whoosh
internals Lectern relies on is checked to name what is missing.
"""

from __future__ import annotations

import ast
import json
import pickle
import subprocess
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from whoosh import externalsort
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3Segment
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile
from whoosh.index import FileIndex, create_in
from whoosh.reading import SegmentReader
from whoosh.writing import PostingPool

from annotations.errors import LecternError
from annotations.models import ParsedDocument
from annotations.store import Store
from index import whoosh_compat
from index.keeper import IndexKeeper
from index.search import LibrarySearcher
from index.whoosh_codec import (
    LecternCodec,
    LecternPerDocReader,
    LecternPostingsWriter,
    LecternSegment,
    LecternSegmentWriter,
    open_writer,
)
from index.whoosh_compat import WHOOSH_PRIVATE_NAMES, WhooshIncompatible, check_whoosh, missing_names
from index.whoosh_files import RUN_CHUNK, ChunkedPostingPool, ViewCompoundStorage, ViewFile

INDEX_FOLDER = Path(__file__).resolve().parents[2] / "index"
BODY = "Air defense support arrived before the winter; the ministry asked for more air defense support."


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "lectern.sqlite3")


@pytest.fixture
def keeper(store: Store, tmp_path: Path) -> Iterator[IndexKeeper]:
    made = IndexKeeper(store, tmp_path / "index")
    yield made
    made._segment_readers.close()


def _add_article(store: Store, title: str, text: str) -> int:
    return store.add_document(ParsedDocument(title=title, html=f"<p>{text}</p>", text=text, format="md")).id


@contextmanager
def _leaf_readers(index: FileIndex) -> Iterator[list[SegmentReader]]:
    reader = index.reader()
    try:
        yield [leaf for leaf, _ in reader.leaf_readers()]
    finally:
        reader.close()


def _block_protocols(reader: SegmentReader, fieldname: str, word: str) -> list[tuple[int, int]]:
    """(protocol of the block's info pickle, protocol of its data pickle) for each postings block of a term."""
    field = reader.schema[fieldname]
    matcher = reader._terms.matcher(fieldname, field.to_bytes(word), field.format)
    postfile, position, found = matcher._postfile, matcher._baseoffset, []
    while matcher.is_active():
        info = postfile.get(position + 4, matcher._dataoffset - position - 4)  # after the block's length
        data = postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        data = zlib.decompress(data) if matcher._compression else data
        assert info[0] == data[0] == pickle.PROTO[0]
        found.append((info[1], data[1]))
        position = matcher._nextoffset
        matcher._next_block()
    return found


# -- each extension is in use ------------------------------------------------------------------------
def test_lectern_segments_are_in_lectern_codec_and_read_through_its_classes(keeper: IndexKeeper, store: Store) -> None:
    _add_article(store, "First", BODY)
    keeper.drain()
    document_id = _add_article(store, "Second", "The grid held through the winter.")
    store.add_annotation(document_id, 4, 8, tags=["grid"])
    keeper.drain()

    segments = keeper.index._segments()
    assert len(segments) == 2
    assert {type(segment) for segment in segments} == {LecternSegment}
    assert {type(segment.codec()) for segment in segments} == {LecternCodec}
    with _leaf_readers(keeper.index) as leaves:
        for leaf in leaves:
            assert type(leaf.codec()) is LecternCodec
            assert type(leaf._perdoc) is LecternPerDocReader
            assert type(leaf.segment().open_compound_file(keeper.index.storage)) is ViewCompoundStorage
            # the parts of the compound file a search reads, handed out without copying
            assert type(leaf._terms._postfile) is ViewFile
            assert type(leaf._terms._dbfile) is ViewFile
            leaf.doc_field_length(0, "content")
            assert leaf._perdoc._colfiles
            assert all(type(file) is ViewFile for file, _, _ in leaf._perdoc._colfiles.values())


def test_every_writer_of_the_keeper_is_lectern_s(keeper: IndexKeeper) -> None:
    keeper.drain()  # builds the (empty) live index
    writer = keeper._writer()
    try:
        assert type(writer) is LecternSegmentWriter
        assert type(writer.codec) is LecternCodec
        assert type(writer.pool) is ChunkedPostingPool
        assert type(writer.codec.postings_writer(None)) is LecternPostingsWriter
    finally:
        writer.cancel()


def test_postings_blocks_are_pickled_at_the_newest_protocol(keeper: IndexKeeper, store: Store) -> None:
    for number in range(300):  # more than a block (128 postings) of "defense"
        _add_article(store, f"Article {number}", f"{BODY} Number {number}.")
    keeper.drain()
    with _leaf_readers(keeper.index) as (leaf,):
        protocols = _block_protocols(leaf, "content", "defense")
        assert len(protocols) == 3
        assert set(protocols) == {(pickle.HIGHEST_PROTOCOL, pickle.HIGHEST_PROTOCOL)}
        assert set(_block_protocols(leaf, "stem", "en:support")) == {(pickle.HIGHEST_PROTOCOL, pickle.HIGHEST_PROTOCOL)}


def test_field_lengths_are_read_through_lectern_s_reader_from_columns_loaded_once(
    keeper: IndexKeeper, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    loads: list[str] = []
    doc_field_length = LecternPerDocReader.doc_field_length
    cached_reader = W3PerDocReader._cached_reader

    def counted(self: LecternPerDocReader, docnum: int, fieldname: str, default: int = 0) -> int | None:
        calls.append(fieldname)
        return doc_field_length(self, docnum, fieldname, default)

    def counted_load(self: W3PerDocReader, fieldname: str, column: object) -> object:
        loads.append(fieldname)
        return cached_reader(self, fieldname, column)

    monkeypatch.setattr(LecternPerDocReader, "doc_field_length", counted)
    monkeypatch.setattr(W3PerDocReader, "_cached_reader", counted_load)
    for number in range(20):
        _add_article(store, f"Article {number}", f"{BODY} Number {number}.")
    keeper.drain()  # writing a segment reads each posting's field length
    assert calls.count("content") >= 20 * len(set(BODY.lower().split()))
    assert loads.count("_content_len") == 1  # one load for the whole segment

    calls.clear()
    result = LibrarySearcher(store, keeper).search('"air defense support"', limit=None)  # phrase scoring
    assert result.total == 40
    assert calls.count("content") == 20


def test_a_large_write_spills_its_postings_in_chunked_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[list[object]] = []
    add_run = ChunkedPostingPool._add_run

    def inspected(self: ChunkedPostingPool, path: str) -> None:
        with self.tempstore.open_file(path) as file:
            runs.append(pickle.load(file.raw_file()))  # the first pickle of the run: a chunk of postings
        add_run(self, path)

    monkeypatch.setattr(ChunkedPostingPool, "_add_run", inspected)
    index = create_in(str(tmp_path), Schema(key=ID(stored=True), body=TEXT(phrase=True)))
    with open_writer(index, limitmb=0.05) as writer:
        for number in range(400):
            writer.add_document(key=str(number), body=f"air defense support number {number} " + "grid " * 50)
    assert len(runs) > 2
    assert all(isinstance(chunk, list) and 0 < len(chunk) <= RUN_CHUNK for chunk in runs)
    assert max(len(chunk) for chunk in runs) > 100
    with index.searcher() as searcher:
        assert searcher.document(key="399") is not None
        assert searcher.doc_count() == 400


# -- stock Whoosh stays as shipped --------------------------------------------------------------------
_IDENTITIES = """
import json, sys
from whoosh import externalsort
from whoosh.codec import whoosh3
from whoosh.filedb import compound
def name(value):
    return value.__module__ + "." + value.__qualname__
print(json.dumps({
    "dumps": name(whoosh3.dumps),
    "BufferFile": name(compound.BufferFile),
    "doc_field_length": name(whoosh3.W3PerDocReader.doc_field_length),
    "_write_run": name(externalsort.SortingPool._write_run),
    "_read_run": name(externalsort.SortingPool._read_run),
    "lectern": sorted(m for m in sys.modules if m.split(".")[0] in ("index", "annotations", "app", "ui")),
}))
"""


def _identities() -> dict[str, str]:
    def name(value: object) -> str:
        return f"{value.__module__}.{value.__qualname__}"

    return {
        "dumps": name(whoosh3.dumps),
        "BufferFile": name(compound.BufferFile),
        "doc_field_length": name(W3PerDocReader.doc_field_length),
        "_write_run": name(externalsort.SortingPool._write_run),
        "_read_run": name(externalsort.SortingPool._read_run),
    }


def test_stock_whoosh_stays_as_shipped_in_a_process_that_ran_lectern_s_index(
    keeper: IndexKeeper, store: Store, tmp_path: Path
) -> None:
    _add_article(store, "First", BODY)
    keeper.drain()
    assert LibrarySearcher(store, keeper).search('"air defense support"', limit=None).total == 2

    fresh = json.loads(
        subprocess.run(
            [sys.executable, "-c", _IDENTITIES], capture_output=True, text=True, check=True, cwd=tmp_path
        ).stdout
    )
    assert fresh.pop("lectern") == []  # that process never loaded Lectern
    assert _identities() == fresh
    assert fresh["dumps"] == "_pickle.dumps" and fresh["BufferFile"] == "whoosh.filedb.structfile.BufferFile"
    assert whoosh3.dumps is pickle.dumps and compound.BufferFile is BufferFile

    stock = tmp_path / "stock"
    stock.mkdir()
    index = create_in(str(stock), Schema(key=ID(stored=True), body=TEXT(phrase=True)))
    with index.writer(limitmb=0.05) as writer:
        assert type(writer.codec) is W3Codec and type(writer.pool) is PostingPool
        for number in range(300):
            writer.add_document(key=str(number), body=f"{BODY} {number} " + "grid " * 50)
    (segment,) = index._segments()
    assert type(segment) is W3Segment and type(segment.codec()) is W3Codec
    with _leaf_readers(index) as (leaf,):
        assert type(leaf._perdoc) is W3PerDocReader
        assert type(leaf._terms._postfile) is BufferFile
        assert set(_block_protocols(leaf, "body", "defense")) == {(2, 2)}


# -- the check of Whoosh's internals ------------------------------------------------------------------
def test_this_whoosh_has_every_private_name_lectern_relies_on() -> None:
    assert missing_names(WHOOSH_PRIVATE_NAMES) == []
    check_whoosh()


def test_a_whoosh_without_one_of_them_is_refused_at_start_with_its_name(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whoosh_compat, "_verified", False)
    monkeypatch.delattr(whoosh3, "_lenfield")
    with pytest.raises(
        WhooshIncompatible, match=r"whoosh-reloaded 2\.7\.x; this one \(.+\) lacks whoosh\.codec\.whoosh3\._lenfield$"
    ):
        check_whoosh()
    with pytest.raises(LecternError, match=r"lacks whoosh\.codec\.whoosh3\._lenfield"):
        IndexKeeper(store, tmp_path / "index")
    assert not (tmp_path / "index").exists()


def test_attributes_of_instances_are_looked_for_in_their_class_s_code() -> None:
    assert missing_names(["whoosh.columns:NumericColumn.Reader()._basepos"]) == []
    assert missing_names(["whoosh.columns:NumericColumn.Reader()._no_such_thing"]) == [
        "whoosh.columns.NumericColumn.Reader._no_such_thing"
    ]
    assert missing_names(["whoosh.no_such_module:x", "whoosh.codec.whoosh3:W3Codec.no_such"]) == [
        "whoosh.no_such_module.x",
        "whoosh.codec.whoosh3.W3Codec.no_such",
    ]


LECTERN_OWN_PRIVATE_NAMES = {"_statistics"}  # attributes Lectern's own classes keep, not Whoosh's


def _private_names_used(source: str) -> set[str]:
    """Underscore names ``source`` reads off anything but ``self``/``cls``, imports from Whoosh, or spells
    as strings (for getattr and hasattr)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
            found.update(alias.name for alias in node.names if alias.name.startswith("_"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            if node.value.startswith("_") and not node.value.startswith("__"):
                found.add(node.value)
    return found


def test_every_private_name_the_index_reads_off_whoosh_objects_is_checked() -> None:
    checked = {name.replace(":", ".").rpartition(".")[2] for name in WHOOSH_PRIVATE_NAMES}
    for path in sorted(INDEX_FOLDER.glob("*.py")):
        if path.name == "whoosh_compat.py":
            continue
        unchecked = _private_names_used(path.read_text(encoding="utf-8")) - checked - LECTERN_OWN_PRIVATE_NAMES
        assert not unchecked, f"{path.name} uses {sorted(unchecked)}: add them to WHOOSH_PRIVATE_NAMES"
