"""The time and memory every imported file may use, and the messages past them.

Each file is parsed in a worker process (``parallel.py``); these limits are enforced there (an alarm
and ``RLIMIT_AS``) and, for time, again by the parent, which kills a worker that ignores its alarm.
Two environment variables override the defaults (tests use them to reach a limit quickly):

- ``LECTERN_IMPORT_SECONDS``: seconds per file (a number, e.g. ``30`` or ``0.5``);
- ``LECTERN_IMPORT_MEMORY_MB``: address space per worker process, in MB.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

SECONDS_VARIABLE = "LECTERN_IMPORT_SECONDS"
MEMORY_VARIABLE = "LECTERN_IMPORT_MEMORY_MB"
_MIB = 1024 * 1024
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportLimits:
    """Per-file wall-clock seconds and per-worker address space (bytes)."""

    seconds: float
    memory_bytes: int

    @classmethod
    def from_environment(cls, seconds: float, memory_bytes: int) -> ImportLimits:
        """The given defaults, overridden by ``LECTERN_IMPORT_SECONDS`` / ``LECTERN_IMPORT_MEMORY_MB``."""
        return cls(
            _positive(SECONDS_VARIABLE, float(seconds)),
            int(_positive(MEMORY_VARIABLE, memory_bytes / _MIB) * _MIB),
        )


def _positive(variable: str, default: float) -> float:
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        log.warning("ignoring %s=%r: not a positive number", variable, raw)
        return default
    return value


def too_slow(path: Path, seconds: float) -> str:
    return f"{path.name}: took longer than {seconds:g} s to read; skipped"


def too_big(path: Path, memory_bytes: int) -> str:
    return f"{path.name}: needed more than {memory_bytes // _MIB:,} MB of memory to read; skipped"


def limit_address_space(memory_bytes: int) -> None:
    """In a worker: a file that runs away gets MemoryError, not the machine (POSIX only)."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    limit = memory_bytes
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft != limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
