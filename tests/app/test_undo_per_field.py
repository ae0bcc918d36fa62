"""Undo puts back only what its step changed: a change made meanwhile elsewhere (another member of a team,
or the command line beside the window) to another field of the same highlight stays. On both engines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import Library

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture
def elsewhere(library: Library, tmp_path: Path) -> Iterator[Library]:
    """The same library opened a second time: another process on this file, or another desktop of the team."""
    folder = library.data_dir if library.team is None else tmp_path / "other-desktop"
    other = Library(folder, background=False, team=library.team)
    yield other
    other.close()


def test_undoing_a_note_keeps_a_colour_set_meanwhile_elsewhere(
    library: Library, elsewhere: Library, write_file: WriteFile
) -> None:
    document = library.documents.import_file(write_file("a.md", "# A\n\nRadars are visible. Training is not.\n"))
    assert document.value.document is not None
    [highlight] = library.annotations.add_quote(document.value.document.id, "Training is not.", color="yellow").value
    library.annotations.update(highlight.id, note="first thoughts")
    elsewhere.annotations.update(highlight.id, color="green")  # meanwhile, elsewhere

    library.history.undo()  # the note step
    after_undo = library.annotations.get(highlight.id)
    assert (after_undo.note, after_undo.color) == ("", "green")

    library.history.redo()
    after_redo = library.annotations.get(highlight.id)
    assert (after_redo.note, after_redo.color) == ("first thoughts", "green")


def test_undo_of_a_tag_edit_keeps_a_note_written_meanwhile_elsewhere(
    library: Library, elsewhere: Library, write_file: WriteFile
) -> None:
    document = library.documents.import_file(write_file("b.md", "# B\n\nSanctions bite slowly.\n"))
    assert document.value.document is not None
    [highlight] = library.annotations.add_quote(document.value.document.id, "Sanctions bite slowly.").value
    library.annotations.update(highlight.id, tags=["region/iran"])
    elsewhere.annotations.update(highlight.id, note="checked against the 2024 reporting")
    library.history.undo()
    restored = library.annotations.get(highlight.id)
    assert (restored.tags, restored.note) == ((), "checked against the 2024 reporting")
