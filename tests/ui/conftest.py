"""GUI fixtures: a real main window over a real library (SQLite + Whoosh) in a temp folder, offscreen."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication  # noqa: E402

from app import Library  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

QCoreApplication.setOrganizationName("Lectern-tests")
QCoreApplication.setApplicationName("Lectern-tests")

ARTICLE = """---
title: Notes on Air Defense Cooperation
author: Test Author
date: 2026-01-15
source: https://example.org/test-article
---
Analysts keep returning to one question: how much air defense support can one partner give another?

## Forms of support

Radars are visible. Training is not. In practice, air defense support is a portfolio of small steps.

- spare parts
- software updates
"""


@pytest.fixture
def gui_library(tmp_path: Path) -> Iterator[Library]:
    """A library with its background index writer, as the app runs it."""
    opened = Library(tmp_path / "data", background=True)
    yield opened
    opened.close()


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "incoming" / "air-defense-notes.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def make_window(qtbot) -> Callable[[Library], MainWindow]:  # type: ignore[no-untyped-def]
    def make(library: Library) -> MainWindow:
        window = MainWindow(library, remember_layout=False)
        qtbot.addWidget(window)
        window.resize(1300, 850)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(gui_library: Library, make_window: Callable[[Library], MainWindow]) -> MainWindow:
    return make_window(gui_library)


@pytest.fixture
def import_through(qtbot) -> Callable[..., None]:  # type: ignore[no-untyped-def]
    """Import through the window (worker thread + progress) and wait until it reports back."""

    def run(window: MainWindow, paths: list[Path], announce: bool = False) -> None:
        window.import_paths(paths, announce=announce)
        qtbot.waitUntil(lambda: not window.import_running, timeout=15000)

    return run


@pytest.fixture
def settled(qtbot) -> Callable[..., None]:  # type: ignore[no-untyped-def]
    """``settled(window)`` waits until every write the window asked for has run and been announced.

    Writes run off the GUI thread (``ui.operations``); a test that acts and then looks waits here first."""

    def wait(window: MainWindow, timeout: int = 5000) -> None:
        qtbot.waitUntil(lambda: window.operations.idle, timeout=timeout)

    return wait
