"""A big export's references come from worker processes; they are the same references as rendered here,
and an export whose workers cannot start or die still gets every one."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace

import pytest

from annotations.models import Document
from app.exports import references
from app.exports.citations import reference
from app.exports.references import References

BASE = Document(
    id=0, uuid="", title="", byline="Jane Doe", source="https://example.org/a", published="2024-05",
    imported_at="2026-01-15T10:00:00.000+00:00", format="markdown", html="", text="", sha256="", site="RAND",
)  # fmt: skip
DOCUMENTS = [replace(BASE, id=number, uuid=f"u{number}", title=f"Report {number} on radars") for number in range(7)]


@pytest.fixture
def few_for_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(references, "MIN_ARTICLES_FOR_PROCESSES", 3)
    monkeypatch.setattr(references, "HEAD", 1)
    monkeypatch.setattr(references, "CHUNK", 2)
    monkeypatch.setattr(references, "_workers", lambda: 2)


@pytest.mark.usefixtures("few_for_processes")
@pytest.mark.parametrize("style", ["chicago-note", "apa"])
def test_references_from_worker_processes_are_the_ones_rendered_here(style: str) -> None:
    entry = style == "apa"
    with References(style, DOCUMENTS, entry=entry) as book:
        assert book._executor is not None  # the workers were asked
        got = [book.get(document) for document in DOCUMENTS]
    assert got == [reference(document, style, entry=entry) for document in DOCUMENTS]
    if style == "apa":
        assert got[3].citation == "(Doe, 2024)" and got[3].entry.startswith("Doe, J. (2024, May). <i>Report 3")
    else:
        assert got[3].citation == "Jane Doe, “Report 3 on Radars,” RAND, May 2024, https://example.org/a."


class _DeadPool:
    """An executor whose workers die at once (as when the machine kills them)."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        pass

    def submit(self, *_args: object) -> Future[object]:
        future: Future[object] = Future()
        future.set_exception(RuntimeError("a worker died"))
        return future

    def shutdown(self, **_kwargs: object) -> None:
        pass


@pytest.mark.usefixtures("few_for_processes")
def test_workers_that_die_or_cannot_start_cost_nothing_but_time(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [reference(document, "mla") for document in DOCUMENTS]
    monkeypatch.setattr(references, "ProcessPoolExecutor", _DeadPool)
    with References("mla", DOCUMENTS, entry=True) as book:
        assert [book.get(document) for document in DOCUMENTS] == expected

    def no_processes(*_args: object, **_kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(references, "ProcessPoolExecutor", no_processes)
    with References("mla", DOCUMENTS, entry=True) as book:
        assert book._executor is None
        assert [book.get(document) for document in DOCUMENTS] == expected
