"""Losing the team library's server mid-work (issue 17, capabilities 4 and 6): a desktop writes highlights in
a loop while the server is killed (SIGKILL, as a crash) and started again. Every write that returned is
there afterwards, whole; every write that did not was told in one plain line; both desktops reconnect by
themselves and the other desktop's index catches up.

These tests kill their own server (``ThrowawayCluster``), never the session's shared one."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import ThrowawayCluster

from annotations.errors import LecternError
from annotations.pg_database import PostgresDatabase
from annotations.pg_reconnect import ServerGone
from app import Library

ARTICLE = "---\ntitle: Radar notes\n---\n\n" + " ".join(f"Radar exports line {n} stay visible." for n in range(200)) + "\n"


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[ThrowawayCluster]:
    cluster = ThrowawayCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def team_url(own_cluster: ThrowawayCluster) -> Iterator[str]:
    name = own_cluster.new_database()
    yield own_cluster.url(name)
    own_cluster.drop_database(name)


class Writer(threading.Thread):
    """Highlights one span after another, each with its own tag; keeps which returned and which raised."""

    def __init__(self, library: Library, document_id: int) -> None:
        super().__init__(daemon=True)
        self.library = library
        self.document_id = document_id
        self.acknowledged: list[str] = []
        self.refused: list[str] = []  # the messages of writes that raised
        self.unexpected: list[BaseException] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        number = 0
        while not self.stopping.is_set():
            tag = f"w-{number}"
            try:
                self.library.annotations.add(self.document_id, number * 3, number * 3 + 2, tags=[tag])
                self.acknowledged.append(tag)
            except LecternError as error:
                self.refused.append(str(error))
            except BaseException as error:  # noqa: BLE001 - the test reports it
                self.unexpected.append(error)
            number += 1
            time.sleep(0.01)

    def acknowledged_after(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < count:
            if time.monotonic() > deadline or self.unexpected:
                return False
            time.sleep(0.05)
        return True


def test_acknowledged_writes_survive_a_killed_server_and_both_desktops_catch_up(
    own_cluster: ThrowawayCluster, team_url: str, tmp_path: Path
) -> None:
    a = Library(tmp_path / "a", background=True, team=team_url)
    b = Library(tmp_path / "b", background=True, team=team_url)
    try:
        source = tmp_path / "radar.md"
        source.write_text(ARTICLE, encoding="utf-8")
        document = a.documents.import_file(source).value.document
        assert document is not None
        writer = Writer(a, document.id)
        writer.start()
        assert writer.acknowledged_after(15, timeout=10)
        assert b.team_listener is not None and b.team_listener.connected
        listening: list[bool] = []
        b.team_listener.on_connection(listening.append)
        own_cluster.kill()
        time.sleep(0.5)  # writes fail meanwhile: each is told it was not saved
        before_restart = len(writer.acknowledged)
        own_cluster.restart()
        assert writer.acknowledged_after(before_restart + 15, timeout=20), (writer.refused[-3:], writer.unexpected)
        writer.stopping.set()
        writer.join(10)

        assert not writer.unexpected, writer.unexpected
        assert writer.refused, "the writes while the server was down should have been refused"
        # one plain line each: the write was refused ("not saved"), or the read before it could not reach the server
        plain = ("the change was not saved", "cannot reach the team library", "try again")
        assert all("\n" not in message and any(words in message for words in plain) for message in writer.refused), (
            sorted(set(writer.refused))
        )
        # Every acknowledged highlight is there, with its tag (no highlight without its tag: none half-written).
        stored = {annotation.id: annotation for annotation in a.annotations.for_document(document.id)}
        tags_of = {tag for annotation in stored.values() for tag in annotation.tags}
        assert set(writer.acknowledged) <= tags_of
        assert all(len(annotation.tags) == 1 for annotation in stored.values())

        # B reconnects by itself and its index catches up to A's writes.
        assert b.team_listener.wait_connected(10)
        assert listening[:1] == [False] and listening[-1] is True  # it noticed the loss, and reconnected by itself
        deadline = time.monotonic() + 10
        while b.store.outbox.seen() < b.store.outbox.highest():
            assert time.monotonic() < deadline, "desktop B's index did not catch up"
            time.sleep(0.05)
        for tag in (writer.acknowledged[0], writer.acknowledged[before_restart - 1], writer.acknowledged[-1]):
            assert b.index.search(f"tag:{tag}", limit=5, fresh_within=0).total == 1, tag
        assert a.index.search(f"tag:{writer.acknowledged[-1]}", limit=5).total == 1
    finally:
        a.close()
        b.close()


def test_a_write_while_the_server_is_down_says_so_in_one_line_and_reads_come_back_by_themselves(
    own_cluster: ThrowawayCluster, team_url: str, tmp_path: Path
) -> None:
    database = PostgresDatabase(team_url, 8)
    try:
        database.connection().execute("CREATE TABLE notes (body TEXT)")
        own_cluster.kill()
        with pytest.raises(ServerGone, match="the change was not saved") as refused:
            with database.transaction() as connection:
                connection.execute("INSERT INTO notes (body) VALUES (?)", ("lost",))
        assert "\n" not in str(refused.value)
        own_cluster.restart()
        # the connection the server dropped is replaced on next use, without a word to the caller
        assert database.connection().execute("SELECT count(*) FROM notes").fetchone()[0] == 0
        with database.transaction() as connection:
            connection.execute("INSERT INTO notes (body) VALUES (?)", ("kept",))
        assert [row[0] for row in database.connection().execute("SELECT body FROM notes")] == ["kept"]
    finally:
        database.close_all()


def test_a_lost_connection_is_replaced_and_a_read_retried_once(own_cluster: ThrowawayCluster, team_url: str) -> None:
    """The server restarts between two reads: the second read answers (on a new connection), no error."""
    database = PostgresDatabase(team_url, 8)
    try:
        first = database.connection().execute("SELECT pg_backend_pid()").fetchone()[0]
        own_cluster.kill()
        own_cluster.restart()
        second = database.connection().execute("SELECT pg_backend_pid()").fetchone()[0]
        assert second != first
    finally:
        database.close_all()


def test_a_transaction_whose_commit_never_returned_is_reported_not_saved_and_left_no_trace(
    own_cluster: ThrowawayCluster, team_url: str
) -> None:
    database = PostgresDatabase(team_url, 8)
    try:
        database.connection().execute("CREATE TABLE notes (body TEXT)")
        with pytest.raises(ServerGone, match="the change was not saved"):
            with database.transaction() as connection:
                connection.execute("INSERT INTO notes (body) VALUES (?)", ("half",))
                own_cluster.kill()  # the server dies before the COMMIT
        own_cluster.restart()
        assert database.connection().execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    finally:
        database.close_all()
