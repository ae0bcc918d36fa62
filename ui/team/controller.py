"""The window's side of a team library: File → Open Team Library… and Open My Library, the title and
status bar naming the library, and the highlight editor's Private box.

Switching libraries reuses the path File → Restore takes: the window records what to open next
(``switch``) and closes; ``ui.app`` then opens a new window on it. The team library is opened here first,
on a worker (a server may take seconds to answer), so a wrong address is said in the dialog and the
current library stays open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, QThreadPool
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow
from shiboken6 import isValid

from annotations.errors import PasswordRefused
from annotations.models import Annotation
from annotations.pg_connect import remember_password
from app import Library
from ui.highlights.editor import AnnotationEditor
from ui.operations import Operations, failure_message
from ui.team.address import TeamAddress, remember, remembered, team_name
from ui.team.dialog import OpenTeamDialog
from ui.team.private_row import PrivateBox, on_save
from ui.team.status import TeamStatus
from ui.workers import run_in_background

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Switch:
    """What the next window opens: an already opened team library, or (None) the user's own library, or
    (``team``) a team library to open afresh (an offline window whose server answers again)."""

    library: Library | None
    team: str | None = None


def one_line(text: str) -> str:
    """The first line of a message (a server's error may run on with hints and context)."""
    return next((line.strip() for line in text.splitlines() if line.strip()), text.strip())


def team_title(title: str, url: str | None) -> str:
    """ "Lectern — team: research@db.example.org" (after the open article's title, if any)."""
    return title if url is None else f"{title} — team: {team_name(url)}"


def keep_in_keyring(url: str, password: str) -> None:
    """Remember a password that just worked in the system keyring; a desktop without a usable keyring
    simply asks again next time (nothing is written anywhere else)."""
    try:
        remember_password(url, password)
    except Exception as error:  # noqa: BLE001 - keyring backends raise their own kinds; asking again is the fallback
        log.warning("the password could not be kept in the system keyring: %s", error)


class TeamController(QObject):
    """``open_action``, ``own_action``; ``switch`` once the user chose another library (the window closes)."""

    def __init__(self, library: Library, operations: Operations, window: QMainWindow, *, persist: bool = True) -> None:
        super().__init__(window)
        self.library = library
        self.operations = operations
        self.window = window
        self.persist = persist  # remember the dialog's fields (not in test windows)
        self.switch: Switch | None = None
        self.dialog: OpenTeamDialog | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.open_action = QAction("Open &Team Library…", window)
        self.open_action.setToolTip("Open a library shared by your team on a PostgreSQL server")
        self.open_action.triggered.connect(self.ask)
        self.own_action = QAction("Open &My Library", window)
        self.own_action.setToolTip("Go back to your own library on this computer")
        self.own_action.setEnabled(library.team is not None)
        self.own_action.triggered.connect(lambda: self.switch_to(None))
        self.status = TeamStatus(library.team, window) if library.team is not None else None

    @property
    def opening(self) -> bool:
        return self.dialog is not None and not self.dialog.open_button.isEnabled()

    def title(self, title: str) -> str:
        return team_title(title, self.library.team)

    def set_connection(self, connected: bool, message: str = "") -> None:
        """Show whether the team library's server answers (nothing on a personal library)."""
        if self.status is not None:
            self.status.set_connection(connected, message)

    # -- File → Open Team Library… -----------------------------------------------------------------
    def ask(self) -> None:
        """Show the dialog (its fields as last opened); Open connects on a worker."""
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.raise_()
            return
        current = TeamAddress.from_url(self.library.team) if self.library.team else None
        self.dialog = OpenTeamDialog(current or (remembered() if self.persist else None), self.window)
        self.dialog.open_requested.connect(self._open)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def _open(self, address: TeamAddress) -> None:
        dialog = self.dialog
        if self.library.team is not None and TeamAddress.from_url(self.library.team) == address:
            if dialog is not None:
                dialog.accept()  # already open
            return
        data_dir = self.library.data_dir
        password = dialog.password() if dialog is not None else ""
        keep = dialog is not None and dialog.remember_password()

        def opened(library: Library | None, error: BaseException | None) -> None:
            gone = not isValid(self) or dialog is None or not isValid(dialog) or dialog is not self.dialog
            if gone or not dialog.isVisible():
                if library is not None:  # cancelled, or the window closed, meanwhile: let it go off the GUI thread
                    run_in_background(library.close, lambda _result, _error: None)
                return
            if error is not None or library is None:
                dialog.set_busy(False)
                message = one_line(failure_message(error or ValueError(), "Opening the team library"))
                if isinstance(error, PasswordRefused):  # the dialog can take it now: say so, not .pgpass
                    dialog.ask_password(
                        f"The server refused that password for {address.user}." if password
                        else f"The server wants the password for {address.user}: type it below."
                    )
                else:
                    dialog.show_error(message)
                return
            if self.persist:
                remember(address, QSettings())
            dialog.accept()
            self.switch_to(library)

        def open_library() -> Library:
            library = Library(data_dir, background=True, team=address.url_with(password))
            if keep:
                keep_in_keyring(address.url, password)
            return library

        run_in_background(open_library, opened, pool=self._pool)

    def _dialog_closed(self) -> None:
        self.dialog = None

    def switch_to(self, library: Library | None) -> None:
        """Close this window so ``ui.app`` opens one on ``library`` (None: the user's own library)."""
        self.switch = Switch(library)
        self.window.close()

    def reopen_online(self) -> None:
        """Close this (offline) window so ``ui.app`` opens the team library afresh, from its server."""
        self.switch = Switch(None, team=self.library.team)
        self.window.close()

    # -- the editor's Private box ------------------------------------------------------------------
    def attach_editor(self, editor: AnnotationEditor) -> None:
        """On a team library, add the Private box; a change is written on the editor's Save, undoable."""
        if self.library.team is None:
            return
        annotation: Annotation = self.library.annotations.get(editor.annotation_id)
        box = PrivateBox(annotation.visibility, editor)
        editor.add_row("Visibility", box)
        editor.saved.connect(on_save(box, lambda visibility: self.set_visibility(editor.annotation_id, visibility)))

    def set_visibility(self, annotation_id: int, visibility: str) -> None:
        """Make a highlight private or the team's (one undo step)."""
        self.operations.run(
            lambda: self.library.annotations.update(annotation_id, visibility=visibility),
            success=lambda _annotation: self.operations.events.status_message.emit(
                "Highlight made private." if visibility == "private" else "Highlight shared with the team."
            ),
            what="Changing who sees the highlight",
        )
