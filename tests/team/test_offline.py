"""A team library whose server cannot be reached opens read-only from this desktop's copy, and refuses
writes in words; back online, it is the server's again. Its own throwaway server: this test stops it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_cluster import ThrowawayCluster

from annotations.errors import LecternError
from app import Library

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture
def own_cluster() -> Iterator[ThrowawayCluster]:
    cluster = ThrowawayCluster().start()
    yield cluster
    cluster.stop()


def test_an_unreachable_server_opens_the_copy_read_only(
    own_cluster: ThrowawayCluster, data_dir: Path, write_file: WriteFile
) -> None:
    url = own_cluster.url(own_cluster.new_database())
    online = Library(data_dir, background=False, team=url)
    imported = online.documents.import_file(write_file("radars.md", "# Radars\n\nRadars are visible. Training is not.\n"))
    document = imported.value.document
    assert document is not None
    [kept] = online.annotations.add_quote(document.id, "Training is not.", tags=["region/iran"], note="key").value
    online.claims.add("Training is invisible")
    online.index.flush()  # the index applies the changes, and the copy follows
    online.close()

    own_cluster.kill()
    offline = Library(data_dir, background=False, team=url)
    try:
        assert offline.offline
        assert offline.documents.get(document.id).title == "Radars"
        [highlight] = offline.annotations.for_document(document.id)
        assert (highlight.id, highlight.exact, highlight.tags, highlight.note) == (kept.id, "Training is not.", ("region/iran",), "key")
        assert [claim.text for claim in offline.claims.all()] == ["Training is invisible"]
        assert [hit.annotation_id for hit in offline.index.search("tag:region").hits] == [kept.id]
        with pytest.raises(LecternError, match="offline"):
            offline.annotations.add_quote(document.id, "Radars are visible.")
        assert len(offline.annotations.for_document(document.id)) == 1  # nothing half-kept
    finally:
        offline.close()

    own_cluster.restart()
    back = Library(data_dir, background=False, team=url)
    try:
        assert not back.offline
        back.annotations.add_quote(document.id, "Radars are visible.")
        assert len(back.annotations.for_document(document.id)) == 2
    finally:
        back.close()


def test_without_an_earlier_sync_an_unreachable_server_is_said(own_cluster: ThrowawayCluster, data_dir: Path) -> None:
    url = own_cluster.url(own_cluster.new_database())
    own_cluster.kill()
    with pytest.raises(LecternError, match="cannot reach"):
        Library(data_dir, background=False, team=url)
    own_cluster.restart()
