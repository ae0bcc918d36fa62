"""Backups from the window: File → Back Up Library…, File → Restore from Backup…, the damaged-library offer,
and the one-window-per-folder lock that a stale, empty or garbage lock file never blocks."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from driving import Step, drive, top
from PySide6.QtWidgets import QMessageBox

from annotations.backup_archive import read_manifest
from annotations.paths import database_path
from app import Library
from app.backups import automatic_backup, list_backups
from app.instance_lock import LOCK_NAME, InstanceLock
from ui.app import run_gui
from ui.main_window import MainWindow


def press(box_name: str, button_text: str, seen: list[str]) -> Step:
    def step() -> bool:
        box = top(QMessageBox, box_name)
        if not isinstance(box, QMessageBox):
            return False
        seen.append(f"{box.text()}\n{box.informativeText()}")
        [button] = [button for button in box.buttons() if button.text() == button_text]
        button.click()
        return True

    return step


def library_with_highlight(data_dir: Path, article: Path) -> None:
    library = Library(data_dir, background=False)
    try:
        document = library.documents.import_file(article).value.document
        assert document is not None
        library.annotations.add_quote(document.id, "air defense support", tags=["kept"])
        library.index.flush()
    finally:
        library.close()


def highlight_count(data_dir: Path) -> int:
    with sqlite3.connect(database_path(data_dir)) as connection:
        return connection.execute("SELECT count(*) FROM annotations").fetchone()[0]


def test_back_up_library_writes_a_verified_backup_from_a_worker(
    window: MainWindow, article_file: Path, import_through, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    import_through(window, [article_file])
    target = tmp_path / "chosen" / "mine.lectern-backup"
    target.parent.mkdir()
    window.backup.choose_target = lambda: target

    window.backup.backup_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not window.backup.running, timeout=10000)

    assert read_manifest(target).counts.articles == 1
    assert "Backed up" in window.statusBar().currentMessage()
    assert [action.text() for action in window.menuBar().actions()[0].menu().actions()
            if "Back" in action.text() or "Restore" in action.text()] == [
        "&Back Up Library…", "&Restore from Backup…"]  # fmt: skip


def test_file_restore_reopens_the_window_on_the_restored_library(tmp_path: Path, article_file: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "data"
    library_with_highlight(data_dir, article_file)
    saved = tmp_path / "saved.lectern-backup"
    library = Library(data_dir, background=False)
    library.backups.create(saved)
    library.annotations.add_quote(1, "Radars are visible")  # made after the backup: the restore undoes it
    library.close()
    assert highlight_count(data_dir) == 2
    seen: list[str] = []
    windows: list[MainWindow] = []

    def choose_restore() -> bool:
        window = top(MainWindow)
        if not isinstance(window, MainWindow):
            return False
        windows.append(window)
        window.backup.choose_backup = lambda: saved
        window.backup.restore_action.trigger()
        return True

    def reopened() -> bool:
        window = top(MainWindow)
        if not isinstance(window, MainWindow) or window is windows[0]:
            return False
        windows.append(window)
        return True

    def close_it() -> bool:
        if not windows[1].operations.idle or windows[1].library.index.rebuild_progress is not None:
            return False
        windows[1].close()
        return True

    timer = drive([choose_restore, press("restoreQuestion", "Restore", seen), reopened, close_it])
    code = run_gui(str(data_dir))
    timer.stop()

    assert code == 0 and len(windows) == 2
    assert "Replace the library with the backup saved.lectern-backup?" in seen[0] and "1 highlight," in seen[0]
    assert highlight_count(data_dir) == 1
    assert len(list((data_dir / "replaced").glob("*.sqlite3"))) == 1


def test_a_damaged_library_offers_its_newest_backup_in_the_window(tmp_path: Path, article_file: Path) -> None:
    data_dir = tmp_path / "data"
    library_with_highlight(data_dir, article_file)
    backup = automatic_backup(data_dir, "quit")
    assert backup is not None
    database = database_path(data_dir)
    database.write_bytes(b"\x00garbage\xff" * 4096)  # not a database any more
    seen: list[str] = []
    opened: list[int] = []

    def close_window() -> bool:
        window = top(MainWindow)
        if not isinstance(window, MainWindow):
            return False
        opened.append(len(window.library.annotations.for_document(1)))
        window.close()
        return True

    timer = drive([press("damagedLibrary", "Restore Backup", seen), close_window])
    code = run_gui(str(data_dir))
    timer.stop()

    assert code == 0 and opened == [1]
    assert "The library database is damaged." in seen[0] and "file is not a database" in seen[0]
    assert "The damaged file was kept in" in seen[0] and "1 highlight," in seen[0]
    [kept] = (data_dir / "damaged").glob("*.sqlite3")
    assert kept.read_bytes().startswith(b"\x00garbage")


def hold_lock(data_dir: Path) -> subprocess.Popen[str]:
    """Another process holding the lock, as a running window does."""
    code = (
        "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT);"
        " fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(data_dir / LOCK_NAME)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_stale_empty_or_garbage_lock_file_never_blocks(tmp_path: Path) -> None:
    for content in (b"", b"\x00\xffnot a pid at all\n" * 50, b"99999999\nlocalhost\n"):
        folder = tmp_path / str(len(content))
        folder.mkdir()
        (folder / LOCK_NAME).write_bytes(content)
        lock = InstanceLock(folder)
        assert lock.acquire()
        lock.release()
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / LOCK_NAME).write_bytes(b"")  # as a crash while writing it leaves it
    opened: list[MainWindow] = []

    def close_window() -> bool:
        window = top(MainWindow)
        if isinstance(window, MainWindow) and window.operations.idle and not window.import_running:
            opened.append(window)
            window.close()
        return bool(opened)

    timer = drive([close_window])
    assert run_gui(str(data_dir)) == 0
    timer.stop()
    assert len(opened) == 1
    [made] = list_backups(data_dir)  # quitting backed up the library (the samples were imported into it)
    assert made.reason == "quit" and made.verified and made.counts is not None and made.counts.articles == 3


def test_a_second_window_on_the_same_folder_says_already_running_until_the_first_is_gone(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    holder = hold_lock(data_dir)
    try:
        seen: list[str] = []
        timer = drive([press("", "OK", seen)])
        assert run_gui(str(data_dir)) == 1
        timer.stop()
        assert "Lectern is already running with the library in" in seen[0]
        assert not InstanceLock(data_dir).acquire()
    finally:
        holder.kill()
        holder.wait()
    lock = InstanceLock(data_dir)  # the holder was killed: the kernel let go of its lock
    assert lock.acquire()
    lock.release()
