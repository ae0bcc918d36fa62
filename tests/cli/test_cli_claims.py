"""``claims`` and ``claim …`` from the command line (real subprocesses): JSON fields, the memo, errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from file_writing import WriteFile
from test_cli import cli

from app import Library

DATED = """---
title: Missile Experts in Tehran
author: Jane Doe
date: 2024-09-12
---

Russian missile experts visited Tehran in April and September 2024. The ministry denied any visit.
"""
UNDATED = "---\ntitle: Field Notes\n---\n\nThe visits followed a long pattern of exchanges.\n"


@contextmanager
def library_in(data: Path) -> Iterator[Library]:
    library = Library(data, background=False)
    try:
        yield library
        library.index.flush()
    finally:
        library.close()


@pytest.fixture
def highlights(data: Path, write_file: WriteFile) -> dict[str, int]:
    """Three highlights, set up in the core (quicker than through the CLI)."""
    with library_in(data) as library:
        dated = library.documents.import_file(write_file("tehran.md", DATED)).value.document
        undated = library.documents.import_file(write_file("notes.md", UNDATED)).value.document
        assert dated is not None and undated is not None
        add = library.annotations.add_quote
        return {
            "pattern": add(undated.id, "The visits followed a long pattern").value[0].id,
            "visited": add(dated.id, "Russian missile experts visited Tehran").value[0].id,
            "denied": add(dated.id, "The ministry denied any visit.").value[0].id,
        }


def ok(*args: str | Path, data: Path) -> object:
    run = cli(*args, "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    return run.json()


def test_add_link_list_show_and_export_a_claim(data: Path, highlights: dict[str, int], tmp_path: Path) -> None:
    added = ok("claim", "add", "Experts visited Tehran", "--note", "Two visits?", "--tag", "Iran", data=data)
    assert isinstance(added, dict)
    assert {key: added[key] for key in ("text", "note", "tags")} == {
        "text": "Experts visited Tehran",
        "note": "Two visits?",
        "tags": ["iran"],
    }
    assert isinstance(added["id"], int) and added["created"]
    claim = str(added["id"])

    with library_in(data) as library:  # links made in the core; the CLI relinks one with another stance
        library.claims.link(int(claim), highlights["pattern"], "supports")
        library.claims.link(int(claim), highlights["visited"], "supports")
    linked = ok("claim", "link", claim, str(highlights["denied"]), "--stance", "contradicts", data=data)
    assert linked == {"claim_id": int(claim), "annotation_id": highlights["denied"], "stance": "contradicts"} | {
        "created": linked["created"]  # type: ignore[index]
    }

    with library_in(data) as library:  # the command brought the index up to date itself
        assert library.store.pending_index_count() == 0
        hits = library.index.search(f"claim:{claim} stance:contradicts", limit=None).hits
        assert [hit.annotation_id for hit in hits] == [highlights["denied"]]

    listed = cli("claims", data_dir=data)
    assert listed.stdout.strip() == f"#{claim}  Experts visited Tehran [iran]  (2 supports · 1 contradicts · 0 context)"
    assert ok("claims", data=data) == [
        {"id": int(claim), "text": "Experts visited Tehran", "supports": 2, "contradicts": 1, "context": 0, "tags": ["iran"]}
    ]

    shown = ok("claim", "show", claim, data=data)
    assert isinstance(shown, dict) and (shown["id"], shown["text"]) == (int(claim), "Experts visited Tehran")
    required = ("annotation_id", "stance", "document_id", "title", "date", "exact")
    assert [tuple(item[key] for key in required) for item in shown["evidence"]] == [
        (highlights["visited"], "supports", 1, "Missile Experts in Tehran", "2024-09-12",
         "Russian missile experts visited Tehran"),
        (highlights["pattern"], "supports", 2, "Field Notes", None, "The visits followed a long pattern"),
        (highlights["denied"], "contradicts", 1, "Missile Experts in Tehran", "2024-09-12",
         "The ministry denied any visit."),
    ]  # fmt: skip

    memo = tmp_path / "memo.md"
    exported = ok("claim", "export", claim, "--style", "apa", "-o", memo, data=data)
    assert isinstance(exported, dict) and exported["path"] == str(memo) and exported["supports"] == 2
    text = memo.read_text(encoding="utf-8")
    assert "# Experts visited Tehran" in text
    assert "> Russian missile experts visited Tehran (Doe, 2024)" in text
    assert "## References\n\nDoe, J. (2024, September 12). *Missile Experts in Tehran*." in text


def test_edit_unlink_delete_and_errors(data: Path, highlights: dict[str, int]) -> None:
    with library_in(data) as library:
        claim = library.claims.add("Experts visited Tehran", tags=["iran"]).value.id
        library.claims.link(claim, highlights["visited"], "supports")
        library.claims.link(claim, highlights["denied"], "contradicts")

    edited = ok("claim", "edit", str(claim), "--text", "Experts went to Tehran", "--no-tags", data=data)
    assert isinstance(edited, dict) and (edited["text"], edited["tags"]) == ("Experts went to Tehran", [])
    unlinked = cli("claim", "unlink", str(claim), str(highlights["denied"]), data_dir=data)
    assert unlinked.returncode == 0
    assert unlinked.stdout.strip() == f"unlinked highlight #{highlights['denied']} from claim #{claim}"

    for args, message in (
        (("claim", "show", "12"), "lectern: No claim #12."),
        (("claim", "link", str(claim), "40", "--stance", "context"), "lectern: No highlight #40."),
        (("claim", "unlink", str(claim), str(highlights["denied"])), "is not linked to claim"),
    ):
        failed = cli(*args, data_dir=data)
        assert failed.returncode == 1 and failed.stdout == "", args
        assert len(failed.stderr.splitlines()) == 1 and message in failed.stderr, failed.stderr
    assert cli("claim", "edit", str(claim), data_dir=data).returncode == 2  # nothing to change

    assert ok("claim", "delete", str(claim), data=data) == {"deleted": claim, "links": 1}
    with library_in(data) as library:
        assert library.claims.all() == []
        assert library.claims.links_of(highlights["visited"]) == []
        assert library.annotations.get(highlights["visited"]).exact == "Russian missile experts visited Tehran"
