"""One process at a time writes the index; a failed index write is reported in words and caught up later;
other processes' changes are named to whoever shows the library (issue 13, "many processes, one library")."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from index_safety_helpers import fill, hold_lock, lectern, live_folder, pending, release

from annotations.paths import index_path
from app import Library
from index.errors import IndexWriteFailed
from index.index_dirs import LOCK_FILE
from index.writer_thread import IndexWriterThread


@pytest.fixture
def built(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    fill(data_dir, 12, highlights_each=1)
    assert lectern(data_dir, "reindex").returncode == 0
    return data_dir


def _highlight_radar(library: Library) -> int:
    """Add a highlight on a word no highlight has yet; returns its id."""
    document = library.documents.get(2)
    start = document.text.index("radar")
    return library.annotations.add(document.id, start, start + 5, note="lease test").value.id


def test_while_another_process_holds_the_lease_the_cli_does_not_drain(built: Path) -> None:
    holder = hold_lock(index_path(built) / LOCK_FILE)
    try:
        library = Library(built, background=False)
        try:
            _highlight_radar(library)
            assert library.index.flush() is False  # "another Lectern process is indexing; it will catch up"
            assert pending(built) == 1  # nothing drained here
            assert library.index.search("note:lease", limit=0).total == 0  # the index answers what it holds
        finally:
            library.close()
    finally:
        release(holder)
    library = Library(built, background=False)  # the holder has gone: the next process drains
    try:
        assert library.index.flush() is True
        assert pending(built) == 0
        assert library.index.search("note:lease", limit=0).total == 1
    finally:
        library.close()


def test_a_cli_search_while_another_process_holds_the_lease_says_what_is_not_searchable_yet(built: Path) -> None:
    holder = hold_lock(index_path(built) / LOCK_FILE)
    try:
        library = Library(built, background=False)
        try:
            _highlight_radar(library)
        finally:
            library.close()
        searched = lectern(built, "search", "note:lease")
    finally:
        release(holder)
    assert searched.returncode == 0
    assert searched.stdout.startswith("0 mentions")  # right for what is indexed, and said so
    assert "1 recent change is not searchable yet" in searched.stderr
    again = lectern(built, "search", "note:lease")
    assert again.returncode == 0 and again.stdout.startswith("1 mentions") and not again.stderr


@pytest.mark.parametrize("contents", [b"", b"\x00garbage\xff" * 100, b"12345\n"])
def test_a_stale_empty_or_garbage_lock_file_never_blocks(built: Path, contents: bytes) -> None:
    (index_path(built) / LOCK_FILE).write_bytes(contents)
    library = Library(built, background=False)
    try:
        _highlight_radar(library)
        assert library.index.flush() is True
        assert library.index.search("note:lease", limit=0).total == 1
    finally:
        library.close()


def test_the_writer_thread_holds_the_lease_for_its_life_and_waits_for_it(built: Path) -> None:
    holder = hold_lock(index_path(built) / LOCK_FILE)
    library = Library(built, background=True)  # as the window: its writer thread waits for the lease
    try:
        _highlight_radar(library)
        assert library.index.flush(timeout=1) is False
        release(holder)
        deadline = time.monotonic() + 10
        while not library.index.flush(timeout=1):
            assert time.monotonic() < deadline
        assert library.index.search("note:lease", limit=0).total == 1
        cli = Library(built, background=False)  # a CLI write meanwhile is stored; the window indexes it
        try:
            _highlight_radar(cli)
            assert cli.index.flush() is False
        finally:
            cli.close()
        library.index.changed()  # what the window's data_version watcher does
        assert library.index.flush(timeout=10)
        assert pending(built) == 0
    finally:
        library.close()


def test_other_processes_changes_are_named_after_they_are_indexed(built: Path) -> None:
    library = Library(built, background=False)
    heard: list[tuple[frozenset[int], frozenset[int]]] = []
    library.index.keeper.add_foreign_change_listener(lambda documents, annotations: heard.append((documents, annotations)))
    try:
        assert library.index.keeper.keep_lease()  # this process is the window, holding the lease
        own = _highlight_radar(library)
        library.index.flush()
        assert heard == []  # its own change is not another process's
        annotated = lectern(built, "annotate", "3", "--quote", "convoy", "--note", "from the cli")
        assert annotated.returncode == 0, annotated.stderr
        library.index.flush()
        (documents, annotations) = heard[-1]
        assert documents == frozenset() and len(annotations) == 1 and own not in annotations
        assert library.index.search('note:"from the cli"', limit=0).total == 1
    finally:
        library.close()


def test_index_writer_thread_notify_is_safe_from_many_threads(built: Path) -> None:
    library = Library(built, background=True)
    try:
        threads = [threading.Thread(target=library.index.changed) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert library.index.flush(timeout=10)
        assert isinstance(library.index._writer_thread, IndexWriterThread)
    finally:
        library.close()


# -- a failed index write --------------------------------------------------------------------------
def test_a_held_whoosh_write_lock_fails_in_words_and_the_outbox_keeps_the_change(built: Path) -> None:
    holder = hold_lock(live_folder(built) / "MAIN_WRITELOCK")  # a foreign program holding Whoosh's own lock
    try:
        library = Library(built, background=False)
        try:
            _highlight_radar(library)
            with pytest.raises(IndexWriteFailed, match=r"could not be updated \(.*write lock\); your change is saved"):
                library.index.flush()
            assert pending(built) == 1
        finally:
            library.close()
    finally:
        release(holder)
    searched = lectern(built, "search", "note:lease")
    assert searched.returncode == 0 and searched.stdout.startswith("1 mentions")


def test_an_index_folder_that_cannot_be_written_fails_in_words_and_catches_up_later(built: Path) -> None:
    # Tests may run as root, where a read-only folder is still written: a file where Whoosh must make
    # its scratch folder is a failure root meets too.
    blocker = live_folder(built) / "MAIN.tmp"
    blocker.write_text("not a folder")
    library = Library(built, background=False)
    try:
        _highlight_radar(library)
        with pytest.raises(IndexWriteFailed) as failed:
            library.index.flush()
        message = str(failed.value)
        assert "your change is saved and will be searchable once Lectern can write there" in message
        assert "Traceback" not in message and pending(built) == 1
        with pytest.raises(IndexWriteFailed):  # the failed writer let go of Whoosh's lock: same failure again
            library.index.flush()
        blocker.unlink()
        assert library.index.flush() is True
        assert pending(built) == 0 and library.index.search("note:lease", limit=0).total == 1
    finally:
        library.close()


def test_a_cli_search_still_answers_when_the_index_cannot_be_written(built: Path) -> None:
    library = Library(built, background=False)
    try:
        _highlight_radar(library)
    finally:
        library.close()
    (live_folder(built) / "MAIN.tmp").write_text("not a folder")
    searched = lectern(built, "search", "zeppelin", "--limit", "0")
    assert searched.returncode == 0 and re.match(r"\d+ mentions", searched.stdout)
    assert "could not be updated" in searched.stderr and "1 recent change" in searched.stderr
