"""The library's size as the status bar shows it: one count per table, following imports, highlights
and deletions."""

from __future__ import annotations

from file_writing import WriteFile

from app import Library


def test_counts_follow_imports_highlights_and_deletions(library: Library, write_file: WriteFile) -> None:
    assert (library.documents.count(), library.annotations.count()) == (0, 0)
    first = write_file("first.md", "---\ntitle: First\n---\nAir defense support arrives in small steps.\n")
    second = write_file("second.md", "---\ntitle: Second\n---\nRadars are visible. Training is not.\n")
    library.documents.import_paths([first, second])
    assert library.documents.count() == 2
    ids = {summary.title: summary.id for summary in library.documents.summaries()}
    library.annotations.add_quote(ids["First"], "Air defense")
    library.annotations.add_quote(ids["Second"], "Radars")
    library.annotations.add_quote(ids["Second"], "Training", color="green")
    assert library.annotations.count() == 3
    library.documents.delete(ids["Second"])
    assert (library.documents.count(), library.annotations.count()) == (1, 1)
