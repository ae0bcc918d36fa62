"""Import workers that die with the Lectern process that started them, even when it is SIGKILLed.

Why this is needed: with the ``forkserver`` start method a worker's parent is the fork server, not
Lectern, and the fork server and the resource tracker only exit once every worker has closed their
pipes. Workers blocked on their task queue never do, so a killed import used to leave all of them
running, holding the dead process's pipes.

The mechanism is a *lifeline*: a pipe whose write end only the Lectern process holds (descriptors
are not inherited across ``exec``, and the fork server and tracker get only the descriptors they are
passed). Every worker receives the read end. When Lectern dies, for any reason, the kernel closes
the write end, the read end reaches end-of-file, and:

- on Linux, the worker has reopened its read end through ``/proc/self/fd`` (a file description of
  its own) and asked for a signal on it (``O_ASYNC``, ``F_SETOWN``, ``F_SETSIG`` = SIGKILL): the
  kernel kills the worker at once, even while it holds the GIL in a long C call;
- elsewhere (or if that setup fails) a daemon thread waits for end-of-file and exits the process.

Once the workers are gone, the fork server sees end-of-file on its own "alive" pipe and the resource
tracker on its pipe, and both exit.
"""

from __future__ import annotations

import os
import select
import signal
import threading
from multiprocessing.connection import Connection

_lock = threading.Lock()
_lifeline: tuple[Connection, int] | None = None  # (read end to hand to workers, write end held for life)


def lifeline() -> Connection | None:
    """The read end of this process's lifeline, to pass to each worker (``None`` where unsupported).

    Created once per process and never closed: the write end must live exactly as long as we do."""
    global _lifeline
    if os.name != "posix":  # a Connection over a CRT descriptor does not pickle to a Windows child
        return None
    with _lock:
        if _lifeline is None:
            read_end, write_end = os.pipe()  # both non-inheritable (PEP 446)
            _lifeline = (Connection(read_end, writable=False), write_end)
        return _lifeline[0]


def hold_lifeline(connection: Connection | None) -> str:
    """In a worker: die when the lifeline reaches end-of-file. Returns how ("kernel", "thread", "none")."""
    if connection is None:
        return "none"
    passed = connection.fileno()
    own = _reopen_privately(passed)
    if own is not None and _signal_on_close(own):
        connection.close()
        if _closed(own):  # Lectern died before the signal was armed
            os._exit(1)
        return "kernel"
    if own is not None:
        os.close(own)
    watched = os.dup(passed)  # ours: the caller's Connection may be closed or collected at any time
    if _closed(watched):
        os._exit(1)
    threading.Thread(target=_exit_on_close, args=(watched,), name="lectern-lifeline", daemon=True).start()
    return "thread"


def _reopen_privately(fd: int) -> int | None:
    """A new open file description of the same pipe: ``F_SETOWN`` is per description, and the
    description passed to us is shared by every worker (the last one to claim it would win)."""
    try:
        return os.open(f"/proc/self/fd/{fd}", os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None


def _signal_on_close(fd: int) -> bool:
    """Ask the kernel for SIGKILL when this pipe's last writer goes (Linux: pipes send SIGIO on release)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETOWN, os.getpid())
        fcntl.fcntl(fd, fcntl.F_SETSIG, signal.SIGKILL)
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | os.O_ASYNC | os.O_NONBLOCK)
    except (ImportError, AttributeError, OSError):
        return False
    return True


def _closed(fd: int) -> bool:
    """Whether every writer of the pipe is gone (readable now means end-of-file: nobody ever writes)."""
    readable, _, _ = select.select([fd], [], [], 0)
    return bool(readable)


def _exit_on_close(fd: int) -> None:
    try:
        select.select([fd], [], [])
    except OSError:  # cannot watch: the time limits still bound this worker
        return
    os._exit(1)
