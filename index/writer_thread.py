"""The window's index writer: one background thread that holds the writer lease and drains the outbox.

Writes wake it (``notify``); when idle it folds small segments together; while another process holds the
lease it waits, and ``wait_idle`` does not wait for work it cannot do. The CLI has no thread: it drains
through ``IndexKeeper`` directly around each write.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from index.errors import RebuildStopped
from index.keeper import IndexKeeper

log = logging.getLogger(__name__)

IDLE_MERGE_SECONDS = 2.0  # the writer thread merges small segments after this long without changes
LEASE_RETRY_SECONDS = 1.0  # how often the writer thread tries for a lease another process holds


class IndexWriterThread(threading.Thread):
    """The one background thread that writes the index: holds the writer lease for its lifetime (trying
    again every second while another process has it), wakes on ``notify()`` and drains the outbox."""

    def __init__(self, keeper: IndexKeeper, on_error: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(name="lectern-index-writer", daemon=True)
        self.keeper = keeper
        self._condition = threading.Condition()
        self._requested = 1  # the first pass drains leftovers from a previous run, or rebuilds
        self._completed = 0
        self._stopping = False
        self._blocked = False  # waiting for the lease, or failing: wait_idle does not wait
        self._rebuilding = False
        self._error_listeners: list[Callable[[BaseException], None]] = [on_error] if on_error else []

    def add_error_listener(self, listener: Callable[[BaseException], None]) -> None:
        """``listener(error)`` runs on this thread when an index update fails (it is retried later)."""
        self._error_listeners.append(listener)

    def notify(self) -> None:
        """Ask for a drain: the store has new outbox rows. Safe from any thread."""
        with self._condition:
            self._requested += 1
            self._condition.notify_all()

    def run(self) -> None:
        self.keeper.defer_merges = True
        try:
            if self._take_lease():
                self._serve()
        finally:
            self.keeper.release_lease()
            with self._condition:
                self._stopping = True
                self._condition.notify_all()

    def _take_lease(self) -> bool:
        """Wait (waking every second) until this process holds the writer lease; False if stopped first."""
        while True:
            try:
                if self.keeper.keep_lease():
                    self._set_blocked(False)
                    return True
            except OSError as error:
                self._report(error)
            self._set_blocked(True)
            with self._condition:
                if self._stopping:
                    return False
                self._condition.wait(LEASE_RETRY_SECONDS)
                if self._stopping:
                    return False

    def _serve(self) -> None:
        failures = 0
        while True:
            with self._condition:
                idle = False
                while self._completed >= self._requested and not self._stopping and not idle:
                    idle = not self._condition.wait(IDLE_MERGE_SECONDS)
                if self._stopping:
                    return
                target = self._requested
            try:
                if idle:
                    self.keeper.merge_when_idle()
                    continue
                with self._condition:
                    self._rebuilding = self.keeper.needs_rebuild
                    self._condition.notify_all()
                self.keeper.drain()
            except RebuildStopped:
                return
            except Exception as error:  # noqa: BLE001 - keep the thread alive; the outbox keeps the work
                failures += 1
                log.warning("index update failed; will retry", exc_info=failures == 1)
                self._set_blocked(True)
                self._report(error)
                with self._condition:
                    if not self._stopping:
                        self._condition.wait(min(5.0, 0.5 * 2 ** (failures - 1)))
                continue
            failures = 0
            with self._condition:
                self._blocked = self._rebuilding = False
                self._completed = max(self._completed, target)
                self._condition.notify_all()

    def _set_blocked(self, blocked: bool) -> None:
        with self._condition:
            self._blocked = blocked
            self._condition.notify_all()

    def _report(self, error: BaseException) -> None:
        for listener in self._error_listeners:
            try:
                listener(error)
            except Exception:  # noqa: BLE001 - a listener's failure is not the index's
                log.exception("an index error listener failed")

    def wait_idle(self, timeout: float = 10.0, *, unless_rebuilding: bool = False) -> bool:
        """Block until every change notified so far is in the index (for tests, the CLI and shutdown); False
        at once while the thread cannot drain (another process has the lease, writes fail) and, with
        ``unless_rebuilding``, while it rebuilds."""
        with self._condition:
            target = self._requested
            return self._condition.wait_for(
                lambda: self._completed >= target
                or self._stopping
                or self._blocked
                or (unless_rebuilding and self._rebuilding),
                timeout,
            ) and self._completed >= target

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread; a rebuild under way stops promptly and nothing of it goes live."""
        self.keeper.stop()
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        self.join(timeout)
