"""Live sync for a team library in the window: another desktop's commit wakes this desktop's index.

A thread holds a connection of its own with ``LISTEN lectern_changes`` (``annotations.pg_listen``).
Each notice wakes the index writer, which reads the feed after this desktop's cursor, indexes the
changes and tells ``app.external_changes`` whose they were, so views refresh as after a CLI's write.
When the server goes away the thread tries again with growing pauses; once it is back it wakes the
writer anyway, which catches up from the last sequence number it applied (nothing is lost by missed
notices: they only say "look").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from annotations.errors import LecternError
from annotations.pg_listen import ChangeNotices, Server

log = logging.getLogger(__name__)

POLL_SECONDS = 0.25  # how often the thread looks whether it should stop
FIRST_RETRY_SECONDS = 0.2  # pauses between reconnection attempts: doubling up to MAX_RETRY_SECONDS
MAX_RETRY_SECONDS = 5.0


class TeamListener:
    """Wakes ``wake()`` after every commit on the server; ``connected`` says whether it is listening."""

    def __init__(self, server: Server, wake: Callable[[], None]) -> None:
        self._server = server
        self._wake = wake
        self._stopping = threading.Event()
        self._connected = threading.Event()
        self._listeners: list[Callable[[bool], None]] = []
        self._thread: threading.Thread | None = None

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def on_connection(self, listener: Callable[[bool], None]) -> None:
        """``listener(connected)`` runs on the listening thread when the connection is lost or back."""
        self._listeners.append(listener)

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="lectern-team-listener", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        delay = FIRST_RETRY_SECONDS
        while not self._stopping.is_set():
            try:
                notices = ChangeNotices(self._server)
            except LecternError:
                self._stopping.wait(delay)
                delay = min(MAX_RETRY_SECONDS, delay * 2)
                continue
            delay = FIRST_RETRY_SECONDS
            try:
                self._set_connected(True)
                self._wake()  # catch up on whatever was committed while this desktop was not listening
                while not self._stopping.is_set():
                    if notices.wait(POLL_SECONDS) is not None:
                        self._wake()
            except LecternError:
                log.info("lost the team library's server; reconnecting")
            finally:
                notices.close()
                self._set_connected(False)

    def _set_connected(self, connected: bool) -> None:
        if connected == self._connected.is_set():
            return
        if connected:
            self._connected.set()
        else:
            self._connected.clear()
        for listener in self._listeners:
            try:
                listener(connected)
            except Exception:  # noqa: BLE001 - a listener's failure is not the connection's
                log.exception("a team connection listener failed")
