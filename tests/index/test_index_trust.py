"""Lectern never lets Whoosh unpickle bytes it did not write, nor uses another library's index (issue 13,
rows 3 and 4). Payloads are planted in each kind of index file; a real CLI process then searches."""

from __future__ import annotations

import json
import pickle
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from index_safety_helpers import fill, lectern, live_folder, state
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.system import pack_int, pack_long

from annotations.paths import database_path, index_path
from app import Library
from index.index_dirs import IDENTITY_FILE
from index.schema import make_schema
from index.trusted_storage import TrustedStorage, UntrustedIndexFile, seal_name

ARTICLES = 60


class Payload:
    """Unpickling this creates ``marker``: proof that code from the index folder ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.marker, "w"))


def _count(output: str) -> int:
    found = re.match(r"(\d+) mentions of", output)
    assert found, output
    return int(found.group(1))


def _toc_with_payload(marker: Path, generation: int) -> bytes:
    """A well-formed Whoosh table of contents whose segment list unpickles ``Payload``."""
    scratch = FileStorage(str(marker.parent / "scratch-toc")).create()
    TOC(make_schema(), [Payload(marker)], generation).write(scratch, "MAIN")  # type: ignore[list-item]
    data = (Path(scratch.folder) / f"_MAIN_{generation}.toc").read_bytes()
    shutil.rmtree(scratch.folder)
    return data


def _segment_with_payload(marker: Path) -> bytes:
    """A compound segment file whose directory unpickles ``Payload`` as Whoosh opens it."""
    payload = pickle.dumps(Payload(marker))
    return pack_long(12) + pack_int(len(payload)) + payload


def _plant_toc_in_place(folder: Path, marker: Path) -> None:
    (toc,) = folder.glob("_MAIN_*.toc")
    toc.write_bytes(_toc_with_payload(marker, int(toc.stem.split("_")[-1])))  # its old seal stays beside it


def _plant_newer_toc(folder: Path, marker: Path) -> None:
    generation = max(int(path.stem.split("_")[-1]) for path in folder.glob("_MAIN_*.toc"))
    (folder / f"_MAIN_{generation + 1}.toc").write_bytes(_toc_with_payload(marker, generation + 1))


def _plant_segment(folder: Path, marker: Path) -> None:
    for segment in folder.glob("*.seg"):
        segment.write_bytes(_segment_with_payload(marker))


def _plant_identity(folder: Path, marker: Path) -> None:
    (folder / IDENTITY_FILE).write_bytes(pickle.dumps(Payload(marker)))


def _plant_forged_seals(folder: Path, marker: Path) -> None:
    """Payloads with seals that are well-formed but made without the library's key."""
    _plant_segment(folder, marker)
    for path in folder.glob("*.seg"):
        (folder / seal_name(path.name)).write_text("0" * 64)


PLANTS = {
    "table of contents, in place": _plant_toc_in_place,
    "table of contents, newer generation": _plant_newer_toc,
    "segment file": _plant_segment,
    "identity file": _plant_identity,
    "forged seals": _plant_forged_seals,
}
STOCK_WHOOSH_RUNS_IT = {"table of contents, in place", "table of contents, newer generation", "segment file"}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, int]:
    data_dir = tmp_path / "data"
    mentions = fill(data_dir, ARTICLES, highlights_each=1)
    searched = lectern(data_dir, "search", "zeppelin", "--limit", "0")
    assert searched.returncode == 0 and _count(searched.stdout) == mentions
    return data_dir, mentions


@pytest.mark.parametrize("plant", list(PLANTS))
def test_a_payload_planted_in_an_index_file_never_runs(built: tuple[Path, int], tmp_path: Path, plant: str) -> None:
    data_dir, mentions = built
    marker = tmp_path / "payload-ran"
    folder = live_folder(data_dir)
    PLANTS[plant](folder, marker)
    if plant in STOCK_WHOOSH_RUNS_IT:  # the plant is live ammunition: stock Whoosh runs it
        copy = tmp_path / "stock-copy"
        shutil.copytree(folder, copy)
        with pytest.raises(Exception):  # noqa: B017, PT011 - whatever Whoosh makes of the payload's result
            whoosh_index.open_dir(str(copy)).reader().close()
        assert marker.exists()
        marker.unlink()

    for command in (["list"], ["search", "zeppelin", "--limit", "0"], ["search", "zeppelin", "--limit", "0"]):
        ran = lectern(data_dir, *command)
        assert ran.returncode == 0, ran.stderr
        assert not marker.exists(), f"the payload ran during {command}"
    assert _count(ran.stdout) == mentions  # the damaged index was rebuilt from SQLite
    assert live_folder(data_dir) != folder and not folder.exists()


def test_a_payload_in_the_writer_s_scratch_folder_is_never_read(tmp_path: Path) -> None:
    """The sorting runs of a big write are pickles in a scratch folder: read back only if sealed."""
    marker = tmp_path / "payload-ran"
    storage = TrustedStorage(tmp_path / "index", b"k" * 32).create()
    scratch = storage.temp_storage("MAIN.tmp")
    written = scratch.create_file("run-1")
    written.write(pickle.dumps(["a posting"]))
    written.close()
    assert pickle.load(scratch.open_file("run-1")) == ["a posting"]  # what the writer wrote, it reads
    (Path(scratch.folder) / "run-2").write_bytes(pickle.dumps(Payload(marker)))
    with pytest.raises(UntrustedIndexFile):
        scratch.open_file("run-2")
    (Path(scratch.folder) / "run-1").write_bytes(pickle.dumps(Payload(marker)))  # replaced after sealing
    with pytest.raises(UntrustedIndexFile):
        scratch.open_file("run-1")
    assert not marker.exists()


def _other_library(tmp_path: Path) -> Path:
    other = tmp_path / "other"
    fill(other, ARTICLES * 2, highlights_each=2, first=1000)
    assert lectern(other, "reindex").returncode == 0
    return other


def _copy_index(source: Path, target: Path) -> None:
    """Library ``source``'s index folder in place of ``target``'s, under the name ``target`` expects."""
    target_live = state(target, "index_live")
    shutil.rmtree(index_path(target))
    shutil.copytree(index_path(source), index_path(target))
    (index_path(target) / str(state(source, "index_live"))).rename(index_path(target) / str(target_live))


@pytest.mark.parametrize("same_key", [False, True], ids=["own key", "even with the same key"])
def test_an_index_copied_from_another_library_is_not_used(
    built: tuple[Path, int], tmp_path: Path, same_key: bool
) -> None:
    data_dir, mentions = built
    other = _other_library(tmp_path)
    _copy_index(other, data_dir)
    if same_key:  # the seals then verify: only the identity token tells the index is the other library's
        with sqlite3.connect(database_path(data_dir)) as connection:
            connection.execute("UPDATE library_state SET value = ? WHERE name = 'index_key'", (state(other, "index_key"),))
    library = Library(data_dir, background=False)
    try:
        assert library.index.keeper.index is None
        reason = library.index.keeper.rebuild_reason
        assert ("another library" if same_key else "not written by this library") in reason
    finally:
        library.close()

    searched = lectern(data_dir, "search", "zeppelin", "--limit", "10000", "--json")
    assert searched.returncode == 0, searched.stderr
    result = json.loads(searched.stdout)
    assert result["total"] == mentions
    library = Library(data_dir, background=False)
    try:
        for hit in result["hits"]:  # every hit is this library's article, at a real occurrence
            text = library.documents.get(hit["document_id"]).text
            assert text[hit["start"] : hit["end"]] == "zeppelin", hit
    finally:
        library.close()
