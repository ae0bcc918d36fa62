"""A team library whose server is down opens in the window from this computer's copy: a banner says so, the
status bar says offline, a highlight cannot be made (said, nothing kept), and once the server answers the
window reopens the team library from it. Its own throwaway server: these tests stop it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_cluster import ThrowawayCluster
from pristine_look import pristine_look  # noqa: F401

from app import Library
from ui.main_window import MainWindow
from ui.team.offline import LOST_TEXT, OFFLINE_TEXT


@pytest.fixture
def own_cluster() -> Iterator[ThrowawayCluster]:
    cluster = ThrowawayCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def synced(own_cluster: ThrowawayCluster, tmp_path: Path, article_file: Path) -> tuple[str, Path, int]:
    """A team library this computer has synced (one article, one highlight), then the server killed."""
    url = own_cluster.url(own_cluster.new_database())
    data_dir = tmp_path / "data"
    library = Library(data_dir, background=False, team=url)
    document = library.documents.import_file(article_file).value.document
    assert document is not None
    library.annotations.add_quote(document.id, "air defense support")
    library.index.flush()
    library.close()
    own_cluster.kill()
    return url, data_dir, document.id


def test_offline_the_window_says_so_refuses_changes_and_reopens_when_the_server_is_back(
    synced: tuple[str, Path, int],
    own_cluster: ThrowawayCluster,
    make_window: Callable[[Library], MainWindow],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    url, data_dir, document_id = synced
    library = Library(data_dir, background=True, team=url)
    try:
        assert library.offline
        window = make_window(library)
        watch = window.connection_watch
        assert watch.banner.isVisible() and watch.banner.label.text() == OFFLINE_TEXT
        assert window.team.status is not None and window.team.status.text() == "Team library · offline"
        window.library_panel.select_document(document_id)
        qtbot.waitUntil(lambda: window.reader.document_id == document_id, timeout=3000)
        qtbot.waitUntil(lambda: window.highlight_panel.model.rowCount() == 1, timeout=3000)  # the copy reads

        messages: list[str] = []
        window.operations.events.status_message.connect(messages.append)
        window.operations.run(lambda: library.annotations.add_quote(document_id, "Training"), what="Saving the highlight")
        qtbot.waitUntil(lambda: any("offline" in text for text in messages), timeout=3000)
        assert len(library.annotations.for_document(document_id)) == 1  # nothing half-kept

        watch.try_online()  # the server is still down: the window stays
        qtbot.wait(300)
        assert window.team.switch is None
        own_cluster.restart()
        qtbot.waitUntil(lambda: (watch.try_online(), window.team.switch is not None)[1], timeout=10_000)
        assert window.team.switch is not None and window.team.switch.team == url
    finally:
        library.close()


def test_a_lost_connection_shows_the_banner_and_its_return_hides_it(
    own_cluster: ThrowawayCluster, tmp_path: Path, make_window: Callable[[Library], MainWindow], qtbot  # type: ignore[no-untyped-def]
) -> None:
    url = own_cluster.url(own_cluster.new_database())
    library = Library(tmp_path / "data", background=True, team=url)
    try:
        window = make_window(library)
        watch = window.connection_watch
        assert library.team_listener is not None and library.team_listener.wait_connected(5)
        assert not watch.banner.isVisible()
        own_cluster.kill()
        qtbot.waitUntil(lambda: watch.banner.isVisible(), timeout=10_000)
        assert watch.banner.label.text() == LOST_TEXT and window.team.status.text() == "Team library · offline"
        own_cluster.restart()
        qtbot.waitUntil(lambda: not watch.banner.isVisible(), timeout=15_000)
        assert window.team.status.text() == "Team library · connected"
    finally:
        library.close()
