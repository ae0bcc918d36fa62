"""A desktop that was closed while the team worked catches up from its place in the change feed (issue 17,
capability 4): 10,000 changes are drained in batches on the next start, and the index, being derived
data, can still be rebuilt whole from the server."""

from __future__ import annotations

import time
from pathlib import Path

from annotations.database import SCHEMA_VERSION
from annotations.pg_database import PostgresDatabase
from app import Library

ARTICLE = "---\ntitle: Radar notes\n---\n\n" + " ".join(f"Radar exports line {n} stay visible." for n in range(100)) + "\n"
HIGHLIGHTS = 50
CHANGES = 10_000


def team_with_highlights(url: str, folder: Path) -> int:
    """Desktop A: one article and ``HIGHLIGHTS`` highlights on it; the article's id."""
    a = Library(folder, background=False, team=url)
    try:
        source = folder / "radar.md"
        source.write_text(ARTICLE, encoding="utf-8")
        document = a.documents.import_file(source).value.document
        assert document is not None
        for number in range(HIGHLIGHTS):
            a.annotations.add(document.id, number * 10, number * 10 + 6)
        return document.id
    finally:
        a.close()


def many_changes(url: str, document_id: int) -> None:
    """``CHANGES`` changes in the feed: every highlight's note rewritten, one transaction per round (the feed
    records an entity once per transaction), the last round's note a word searched for afterwards."""
    server = PostgresDatabase(url, SCHEMA_VERSION)
    try:
        rounds = CHANGES // HIGHLIGHTS
        for round_number in range(rounds):
            note = "zebrafinal" if round_number == rounds - 1 else f"draft {round_number}"
            with server.transaction() as connection:
                connection.execute("UPDATE annotations SET note = ? WHERE document_id = ?", (note, document_id))
    finally:
        server.close_all()


def test_a_desktop_offline_for_ten_thousand_changes_catches_up_in_batches(pg_url: str, tmp_path: Path) -> None:
    document_id = team_with_highlights(pg_url, tmp_path / "a")
    b = Library(tmp_path / "b", background=False, team=pg_url)
    assert b.index.flush()
    seen_before = b.store.outbox.seen()
    b.close()

    many_changes(pg_url, document_id)

    b = Library(tmp_path / "b", background=False, team=pg_url)
    try:
        assert b.index.pending_changes() == CHANGES
        commits: list[float] = []
        b.index.on_commit(lambda: commits.append(time.perf_counter()))
        begin = time.perf_counter()
        assert b.index.flush()
        seconds = time.perf_counter() - begin
        print(f"\ncatch-up of {CHANGES} changes: {seconds:.2f} s in {len(commits)} index commits")
        assert b.store.outbox.seen() == seen_before + CHANGES == b.store.outbox.highest()
        assert b.index.pending_changes() == 0
        assert len(commits) >= CHANGES // 2000  # in batches, not one transaction of everything
        assert b.index.search("zebrafinal", limit=None).total == HIGHLIGHTS
        assert b.index.search('"draft 3"', limit=None).total == 0  # the old notes are gone from the index
    finally:
        b.close()


def test_a_team_desktops_index_is_rebuilt_from_the_server(pg_url: str, tmp_path: Path) -> None:
    document_id = team_with_highlights(pg_url, tmp_path / "a")
    b = Library(tmp_path / "b", background=True, team=pg_url)
    try:
        assert b.index.wait_searchable(10, caught_up=True)
        before = b.index.search("radar", limit=None).total
        live_before = b.index.keeper.live.name
        rebuilt = b.index.rebuild()
        assert b.index.keeper.live.name != live_before  # a new index, built from the server, went live
        assert (rebuilt.documents, rebuilt.highlights) == (1, HIGHLIGHTS)
        assert before > 0 and b.index.search("radar", limit=None).total == before
        assert len(b.annotations.for_document(document_id)) == HIGHLIGHTS
        assert b.store.outbox.seen() == b.store.outbox.highest()
    finally:
        b.close()
