"""The window on a team library (a real PostgreSQL server, ``pg_cluster``): the title and status bar name it,
the Highlights panel says who made each highlight, the editor's Private box, and File → Open Team Library…
(a wrong address said in the dialog; the right one switches windows, as ``--library`` opens one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from driving import drive, top
from file_keyring import FileKeyring
from pg_cluster import SUPERUSER, SUPERUSER_PASSWORD, ThrowawayCluster, free_port
from PySide6.QtCore import QSettings

from annotations.models import Annotation
from annotations.pg_connect import KEYRING_SERVICE
from app import Library
from ui.app import run_gui
from ui.highlights.model import HTML_ROLE, annotation_html, team_line
from ui.main_window import MainWindow
from ui.team.address import TeamAddress, team_name
from ui.team.dialog import OpenTeamDialog
from ui.team.private_row import PrivateBox


@pytest.fixture
def team_library(tmp_path: Path, pg_url: str, article_file: Path) -> Iterator[Library]:
    """A team library on the test's own database, holding the article and one highlight of it."""
    library = Library(tmp_path / "data", background=True, team=pg_url)
    document = library.documents.import_file(article_file).value.document
    assert document is not None
    library.annotations.add_quote(document.id, "air defense support")
    yield library
    library.close()


@pytest.fixture
def pgpass(tmp_path: Path, pg_cluster: ThrowawayCluster, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The superuser's password where libpq looks for it (``PGPASSFILE``), as a member keeps theirs."""
    path = tmp_path / "pgpass"
    path.write_text(f"127.0.0.1:{pg_cluster.port}:*:{SUPERUSER}:{SUPERUSER_PASSWORD}\n")
    path.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


def fill(dialog: OpenTeamDialog, url: str) -> None:
    address = TeamAddress.from_url(url)
    dialog.host_edit.setText(address.host)
    dialog.port_box.setValue(address.port)
    dialog.database_edit.setText(address.database)
    dialog.user_edit.setText(address.user)


def own_library_with_article(data_dir: Path, article: Path) -> None:
    """A personal library that is not empty (an empty one would get the sample articles)."""
    library = Library(data_dir, background=False)
    try:
        library.documents.import_file(article)
    finally:
        library.close()


def test_the_title_and_status_bar_name_the_team_library_never_its_password(
    team_library: Library, make_window, pg_url: str
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(team_library)
    address = TeamAddress.from_url(pg_url)

    name = f"{address.database}@127.0.0.1:{address.port}"
    assert window.windowTitle() == f"Notes on Air Defense Cooperation — Lectern — team: {name}"  # its first article
    assert SUPERUSER_PASSWORD in pg_url and SUPERUSER_PASSWORD not in window.windowTitle()
    status = window.team.status
    assert status is not None and status.isVisible()
    assert status.text() == "Team library · connected"
    assert SUPERUSER_PASSWORD not in status.toolTip() and f"signed in as {SUPERUSER}" in status.toolTip()
    window.set_connection(False, "The server cannot be reached; retrying.")
    assert status.text() == "Team library · offline" and "retrying" in status.toolTip()
    window.set_connection(True)
    assert status.text() == "Team library · connected"
    assert window.team.own_action.isEnabled()


def test_a_personal_library_shows_nothing_of_teams(window: MainWindow) -> None:
    assert window.windowTitle() == "Lectern"
    assert window.team.status is None and not window.team.own_action.isEnabled()
    assert window.team.open_action in window.menuBar().actions()[0].menu().actions()


def test_the_highlights_panel_says_who_made_each_highlight(team_library: Library, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(team_library)
    window.open_document(1)
    model = window.highlight_panel.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)

    assert model.annotation_at(0).creator == SUPERUSER
    assert f"<span class='meta'>{SUPERUSER}</span>" in str(model.index(0).data(HTML_ROLE))
    assert f"Made by {SUPERUSER}" in str(model.index(0).data(TOOLTIP_ROLE))


TOOLTIP_ROLE = 3  # Qt.ItemDataRole.ToolTipRole


def test_a_row_names_the_editor_and_marks_a_private_highlight_and_nothing_on_a_personal_library() -> None:
    made = Annotation(
        id=1, uuid="u1", document_id=1, start=0, end=5, exact="Radar", prefix="", suffix="", color="yellow", note="",
        created="", modified="", creator="alice", modified_by="bob", visibility="private",
    )  # fmt: skip
    own = Annotation(
        id=2, uuid="u2", document_id=1, start=0, end=5, exact="Radar", prefix="", suffix="", color="yellow", note="",
        created="", modified="",
    )  # fmt: skip

    assert team_line(made) == "alice · edited by bob · Private"
    assert "edited by bob" in annotation_html(made)
    assert team_line(own) == "" and "class='meta'" not in annotation_html(own)


def test_the_private_box_makes_a_highlight_private_and_undo_shares_it_again(
    team_library: Library, make_window, qtbot, settled
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(team_library)
    window.open_document(1)
    qtbot.waitUntil(lambda: window.highlight_panel.model.rowCount() == 1, timeout=5000)
    annotation_id = window.highlight_panel.model.annotation_at(0).id

    window.edit_annotation(annotation_id)
    editor = window.editor
    assert editor is not None
    [box] = editor.findChildren(PrivateBox)
    assert not box.isChecked()
    box.setChecked(True)
    editor.save_button.click()
    settled(window)

    assert team_library.annotations.get(annotation_id).visibility == "private"
    qtbot.waitUntil(lambda: "Private" in str(window.highlight_panel.model.index(0).data(HTML_ROLE)), timeout=5000)
    window.undo.undo()
    settled(window)
    assert team_library.annotations.get(annotation_id).visibility == "team"


def test_the_editor_has_no_private_box_on_a_personal_library(window: MainWindow, article_file: Path) -> None:
    document = window.library.documents.import_file(article_file).value.document
    assert document is not None
    annotation = window.library.annotations.add_quote(document.id, "air defense support").value[0]
    window.edit_annotation(annotation.id)
    assert window.editor is not None and window.editor.findChildren(PrivateBox) == []


def test_a_wrong_port_is_said_in_the_dialog_and_the_library_stays(
    window: MainWindow, pg_cluster: ThrowawayCluster, pgpass: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.team.open_action.trigger()
    dialog = window.team.dialog
    assert isinstance(dialog, OpenTeamDialog) and dialog.isVisible()
    wrong = free_port()  # nothing listens there
    fill(dialog, pg_cluster.url("postgres", password=None).replace(str(pg_cluster.port), str(wrong)))
    dialog.open_button.click()
    assert not dialog.open_button.isEnabled()  # busy while the worker connects

    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=15000)
    message = dialog.error_label.text()
    assert f"127.0.0.1:{wrong}" in message and "\n" not in message and "Traceback" not in message
    assert dialog.open_button.isEnabled() and dialog.isVisible()
    assert window.isVisible() and window.team.switch is None and window.library.team is None
    dialog.reject()


def test_the_right_details_switch_the_window_to_the_team_library_and_back(
    tmp_path: Path, pg_url: str, pgpass: Path, article_file: Path
) -> None:
    data_dir = tmp_path / "data"
    own_library_with_article(data_dir, article_file)
    expected = TeamAddress.from_url(pg_url)
    windows: list[MainWindow] = []
    titles: list[str] = []

    def ask_for_the_team_library() -> bool:
        window = top(MainWindow)
        if not isinstance(window, MainWindow) or window.library.team is not None:
            return False
        windows.append(window)
        window.team.open_action.trigger()
        dialog = window.team.dialog
        assert dialog is not None
        fill(dialog, pg_url)
        dialog.open_button.click()
        return True

    def team_window_opened() -> bool:
        window = top(MainWindow)
        if not isinstance(window, MainWindow) or window is windows[-1]:
            return False
        windows.append(window)
        titles.append(window.windowTitle())
        window.team.own_action.trigger()  # File → Open My Library
        return True

    def own_window_opened() -> bool:
        window = top(MainWindow)
        if not isinstance(window, MainWindow) or window is windows[-1] or not window.operations.idle:
            return False
        windows.append(window)
        window.close()
        return True

    timer = drive([ask_for_the_team_library, team_window_opened, own_window_opened])
    code = run_gui(str(data_dir))
    timer.stop()

    assert code == 0 and len(windows) == 3
    assert titles == [f"Lectern — team: {expected.name}"]
    assert TeamAddress.from_url(windows[1].library.team or "") == expected
    assert SUPERUSER_PASSWORD not in (windows[1].library.team or "")  # opened by .pgpass, not a URL's password
    assert windows[2].library.team is None


def test_library_option_opens_the_window_on_the_team_library(tmp_path: Path, pg_url: str) -> None:
    titles: list[str] = []

    def look_and_close() -> bool:
        window = top(MainWindow)
        if not isinstance(window, MainWindow) or not window.operations.idle:
            return False
        titles.append(window.windowTitle())
        titles.append(window.team.status.text() if window.team.status else "")
        window.close()
        return True

    timer = drive([look_and_close])
    code = run_gui(str(tmp_path / "data"), pg_url)
    timer.stop()

    assert code == 0
    assert titles == [f"Lectern — team: {team_name(pg_url)}", "Team library · connected"]
    assert os.listdir(tmp_path / "data" / "team")  # this desktop's cache of it, beside the own library


def test_cancel_while_connecting_keeps_the_window_on_its_library(
    window: MainWindow, pg_url: str, pgpass: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window.team.open_action.trigger()
    dialog = window.team.dialog
    assert dialog is not None
    fill(dialog, pg_url)
    dialog.open_button.click()
    dialog.reject()  # the worker is still connecting

    qtbot.waitUntil(lambda: window.team._pool.activeThreadCount() == 0, timeout=15000)
    qtbot.wait(200)  # the worker's answer delivered: the library it opened is let go
    assert window.isVisible() and window.team.switch is None and window.team.dialog is None


@pytest.fixture
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    """A keyring of the test's own (a file), in this process, as a desktop's Secret Service would be."""
    import keyring

    monkeypatch.setenv("LECTERN_TEST_KEYRING", str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))  # nothing found without asking
    before = keyring.get_keyring()
    backend = FileKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def test_a_refused_password_is_asked_for_kept_in_the_keyring_and_never_in_settings(
    window: MainWindow, pg_url: str, test_keyring: FileKeyring, qtbot  # type: ignore[no-untyped-def]
) -> None:
    window.team.open_action.trigger()
    dialog = window.team.dialog
    assert dialog is not None and not dialog.password_edit.isVisible()
    fill(dialog, pg_url)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: dialog.password_edit.isVisible(), timeout=10_000)
    user = TeamAddress.from_url(pg_url).user
    assert dialog.error_label.text() == f"The server wants the password for {user}: type it below."
    assert dialog.remember_box.isChecked()

    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.text() == f"The server refused that password for {user}.", timeout=10_000)
    assert test_keyring.get_password(KEYRING_SERVICE, f"{user}@127.0.0.1") is None and window.team.switch is None

    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, SUPERUSER_PASSWORD)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: window.team.switch is not None, timeout=15_000)
    switch = window.team.switch
    assert switch is not None and switch.library is not None
    try:
        address = TeamAddress.from_url(pg_url)
        account = f"{address.user}@{address.host}:{address.port}/{address.database}"
        assert test_keyring.get_password(KEYRING_SERVICE, account) == SUPERUSER_PASSWORD
        settings = QSettings()
        assert all(SUPERUSER_PASSWORD not in str(settings.value(key)) for key in settings.allKeys())
    finally:
        switch.library.close()
