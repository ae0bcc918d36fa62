"""Which SQLite statements run on the GUI thread: every connection opened from now on reports them."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest


@dataclass
class GuiThreadStatements:
    """Statements run on the GUI thread while ``recording`` is set (and ``keep`` accepts them)."""

    recording: threading.Event = field(default_factory=threading.Event)
    seen: list[str] = field(default_factory=list)


def trace_gui_thread_statements(
    monkeypatch: pytest.MonkeyPatch, keep: Callable[[str], bool] = lambda statement: True
) -> GuiThreadStatements:
    traced = GuiThreadStatements()
    connect = sqlite3.connect

    def tracing_connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        connection = connect(*args, **kwargs)

        def trace(statement: str) -> None:
            if traced.recording.is_set() and threading.current_thread() is threading.main_thread() and keep(statement):
                traced.seen.append(statement)

        connection.set_trace_callback(trace)
        return connection

    monkeypatch.setattr(sqlite3, "connect", tracing_connect)
    return traced
