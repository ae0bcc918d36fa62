"""A few articles that tell three stories, two of them syndicated (shared by the app, CLI and GUI tests).

The copies are marked with SQL (``documents.copy_of``, ``copy_similarity``), as near-duplicate detection
would mark them, so these tests do not depend on how copies are detected; every article's mark is set,
whatever detection may have set at import.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import ExitStack, closing
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.store import Store
    from app import Library

QUERY = "pipeline"

# name: (title, published, body); "wire" and its copies are one story, "brief" and "brief-title" another
STORY_ARTICLES: dict[str, tuple[str, str, str]] = {
    "wire.md": (
        "Pipeline talks resume",
        "2024-09-20",
        "Negotiators met on Tuesday to discuss the pipeline. The pipeline would carry gas across the border.",
    ),
    "wire-copy-1.md": (
        "Pipeline talks resume",
        "2024-09-21",
        "Negotiators met on Tuesday to discuss the pipeline. The pipeline would carry gas over the border.",
    ),
    "wire-copy-2.md": (
        "Pipeline talks resume (updated)",
        "2024-09-22",
        "Negotiators met on Tuesday to discuss the pipeline. The pipeline would carry gas across the border. "
        "Critics of the pipeline were not invited.",
    ),
    "local.md": (
        "Harbour dredging approved",
        "2024-05-02",
        "The council approved dredging of the harbour; a water pipeline runs under the quay.",
    ),
    "brief.md": ("Morning brief", "2024-01-10", "Markets were calm. A pipeline permit was signed."),
    "brief-title.md": ("Pipeline permit signed", "2024-01-11", "Markets were calm. A permit was signed."),
}
COPIES = {"wire-copy-1.md": "wire.md", "wire-copy-2.md": "wire.md", "brief-title.md": "brief.md"}
MENTIONS = {"wire.md": 2, "wire-copy-1.md": 2, "wire-copy-2.md": 3, "local.md": 1, "brief.md": 1, "brief-title.md": 0}
PLAIN = {"solo.md": ("Tidal energy", "2023-03-03", "Tidal turbines and a pipeline of projects.")}


def markdown(title: str, published: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {published}\n---\n\n{body}\n"


def mark_copies(database: Path | Store, ids: dict[str, int], copies: dict[str, str] = COPIES) -> None:
    """Set every article's ``copy_of`` as ``copies`` says (NULL for the others): straight in a SQLite file, as
    another program would, or through a store's own connection (a team library's server)."""
    with ExitStack() as stack:
        if isinstance(database, Path):
            connection = stack.enter_context(closing(sqlite3.connect(database)))
            stack.enter_context(connection)
        else:
            connection = stack.enter_context(database.db.transaction())
        for name, document_id in ids.items():
            root = copies.get(name)
            connection.execute(
                "UPDATE documents SET copy_of = ?, copy_similarity = ? WHERE id = ?",
                (ids[root] if root else None, 0.96 if root else None, document_id),
            )


def story_of(ids: dict[str, int], copies: dict[str, str] = COPIES) -> dict[int, int]:
    """Article id → its story's root id, as the fixture marks them."""
    return {document_id: ids[copies.get(name, name)] for name, document_id in ids.items()}


def write_stories(write_file: Callable[[str, str], Path], *, plain: bool = True) -> list[Path]:
    """The fixture's files (with ``plain``, also PLAIN: an article that is no copy and has none)."""
    articles = {**STORY_ARTICLES, **(PLAIN if plain else {})}
    return [write_file(name, markdown(*fields)) for name, fields in articles.items()]


def import_stories(library: Library, paths: list[Path]) -> dict[str, int]:
    """Import the files in one go (one pool of workers) and return their ids by file name."""
    outcomes = library.documents.import_paths(paths).value
    ids = {outcome.path.name: outcome.document.id for outcome in outcomes if outcome.document is not None}
    assert len(ids) == len(paths), [outcome.error for outcome in outcomes]
    return ids
