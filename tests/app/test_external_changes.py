"""Another process's writes reach a process that shows the library (``app.external_changes``).

The other process is a real ``main.py`` subprocess on the same data folder; this process keeps its
index writer running, as the window does, and hears what the other one changed.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app import Changes, Library
from app.external_changes import ExternalChanges, ForeignChanges

WriteFile = Callable[[str, str | bytes], Path]
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTICLE = """---
title: Interceptors and Radars
source: https://example.org/interceptors
---

Radar exports are visible. Interceptor stocks are finite. Training is quiet.
"""
HEARD_WITHIN = 2.0  # seconds after the other process exits (the watcher looks every 0.1 s here, 0.4 s in the window)


def lectern(data: Path, *args: str) -> str:
    """Run the CLI in a process of its own; its stdout."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run([sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(data), *args],
                         cwd=REPO_ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)  # fmt: skip
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return run.stdout


@dataclass
class Shown:
    library: Library
    data: Path
    document_id: int
    heard: queue.Queue[ForeignChanges]
    watcher: ExternalChanges

    def next(self, timeout: float = HEARD_WITHIN) -> ForeignChanges:
        return self.heard.get(timeout=timeout)

    def quiet_for(self, seconds: float) -> bool:
        try:
            self.heard.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


@pytest.fixture
def shown(tmp_path: Path, write_file: WriteFile) -> Iterator[Shown]:
    data = tmp_path / "data"
    library = Library(data, background=True)
    outcome = library.documents.import_file(write_file("interceptors.md", ARTICLE)).value
    assert outcome.document is not None
    library.annotations.add_quote(outcome.document.id, "Radar exports", tags=["radar"])
    library.index.flush()
    heard: queue.Queue[ForeignChanges] = queue.Queue()
    watcher = ExternalChanges(library.store, library.index, heard.put, interval=0.1)
    watcher.start()
    yield Shown(library, data, outcome.document.id, heard, watcher)
    watcher.stop()
    library.close()


def test_a_highlight_made_by_another_process_is_announced_with_its_article_and_searchable(shown: Shown) -> None:
    [made] = json.loads(lectern(shown.data, "annotate", str(shown.document_id), "--quote", "Training is quiet",
                                "--tag", "drills", "--json"))  # fmt: skip
    foreign = shown.next()
    assert foreign.changes == Changes(
        annotations=frozenset({made["id"]}), annotated_documents=frozenset({shown.document_id}), tags=True
    )
    assert foreign.deleted_annotations == frozenset()
    hits = shown.library.index.search("tag:drills", fresh_within=0).hits  # indexed already, by this process
    assert [hit.annotation_id for hit in hits] == [made["id"]]


def test_an_article_imported_by_another_process_is_announced(shown: Shown, write_file: WriteFile) -> None:
    path = write_file("second.md", "# Second notes\n\nPatriot batteries moved north.\n")
    [entry] = json.loads(lectern(shown.data, "import", str(path), "--json"))
    assert shown.next().changes == Changes(documents=frozenset({entry["id"]}))
    assert shown.library.index.search("Patriot", fresh_within=0).total == 1


def test_a_highlight_deleted_by_another_process_is_announced_as_deleted(shown: Shown) -> None:
    [radar] = shown.library.annotations.for_document(shown.document_id)
    lectern(shown.data, "annotation", "delete", str(radar.id))
    foreign = shown.next()
    assert foreign.deleted_annotations == frozenset({radar.id})
    assert foreign.changes.annotations == frozenset({radar.id}) and foreign.changes.tags


def test_a_change_that_leaves_no_outbox_row_is_announced_as_tags_saved_searches_and_claims(shown: Shown) -> None:
    lectern(shown.data, "tags", "set", "radar", "--color", "green", "--description", "Radars and their exports")
    assert shown.next() == ForeignChanges(Changes(tags=True, saved_searches=True, claims=True))
    assert shown.quiet_for(0.5)  # said once


def test_this_processs_own_writes_are_not_announced_again(shown: Shown) -> None:
    applied = shown.library.annotations.add_quote(shown.document_id, "Interceptor stocks", tags=["stocks"])
    shown.library.annotations.update(applied.value[0].id, note="own note")
    shown.library.index.flush()
    assert shown.quiet_for(1.0)


def test_once_stopped_nothing_is_announced_and_the_thread_ends(shown: Shown) -> None:
    assert shown.watcher.running
    shown.watcher.stop()
    assert not shown.watcher.running
    lectern(shown.data, "annotate", str(shown.document_id), "--quote", "Training is quiet")
    shown.library.index.changed()
    shown.library.index.flush()  # this process still indexes the other one's highlight, silently
    assert shown.quiet_for(0.8)
