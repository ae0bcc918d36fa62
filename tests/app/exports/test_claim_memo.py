"""A claim's memo: the claim, its note, each stance's quotes with citations, and the references."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.models import Claim
from app import Library
from app.exports.options import InvalidExport

WriteFile = Callable[[str, str | bytes], Path]

SEPTEMBER = """---
title: Missile Experts in Tehran
author: Jane Doe
date: 2024-09-12
source: https://example.org/tehran
---

Russian missile experts visited Tehran in April and September 2024, officials said.

The ministry denied that *any* experts travelled to Iran.
"""
UNDATED = "---\ntitle: Field Notes\nauthor: Sam Roe\n---\n\nThe visits followed a long pattern of exchanges.\n"


@pytest.fixture
def claim(library: Library, write_file: WriteFile) -> Claim:
    dated = library.documents.import_file(write_file("tehran.md", SEPTEMBER)).value.document
    undated = library.documents.import_file(write_file("notes.md", UNDATED)).value.document
    assert dated is not None and undated is not None
    visited = library.annotations.add_quote(dated.id, "Russian missile experts visited Tehran").value[0]
    denied = library.annotations.add_quote(dated.id, "The ministry denied that any experts travelled to Iran.")
    pattern = library.annotations.add_quote(undated.id, "The visits followed a long pattern", note="Ask Sam").value[0]
    made = library.claims.add("Experts visited Tehran", note="# Why\nTwo visits, one denial.", tags=["iran"]).value
    library.claims.link(made.id, pattern.id, "supports")
    library.claims.link(made.id, visited.id, "supports")
    library.claims.link(made.id, denied.value[0].id, "contradicts")
    return made


def sections(memo: str) -> dict[str, str]:
    """The memo's ``## `` sections by heading."""
    parts = memo.split("\n## ")
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in parts[1:]}


def test_an_author_date_memo_quotes_each_stance_and_lists_the_references(
    library: Library, claim: Claim, tmp_path: Path
) -> None:
    path = tmp_path / "memos" / "tehran.md"
    report = library.claims.export_memo(claim.id, path, "apa")
    memo = path.read_text(encoding="utf-8")
    assert memo.startswith("# Experts visited Tehran\n")
    assert "Tags: iran" in memo and "\n### Why\nTwo visits, one denial.\n" in memo  # the note's heading demoted
    parts = sections(memo)
    assert list(parts) == ["Supports", "Contradicts", "Context", "References"]
    assert parts["Supports"].index("> Russian missile experts visited Tehran (Doe, 2024)") < parts["Supports"].index(
        "> The visits followed a long pattern (Roe, n.d.)"
    ), "oldest first, undated last"
    assert "-   Note: Ask Sam" in parts["Supports"]
    assert "> The ministry denied that any experts travelled to Iran. (Doe, 2024)" in parts["Contradicts"]
    assert parts["Context"].strip() == "No evidence yet."
    assert parts["References"].strip().split("\n\n") == [
        "Doe, J. (2024, September 12). *Missile Experts in Tehran*. https://example.org/tehran",
        "Roe, S. (n.d.). *Field Notes*.",
    ]
    assert report.counts == {"supports": 2, "contradicts": 1, "context": 0} and report.articles == 2
    assert report.bytes == path.stat().st_size


def test_a_note_style_memo_cites_in_footnotes_and_no_style_names_the_articles(
    library: Library, claim: Claim, tmp_path: Path
) -> None:
    path = tmp_path / "notes.md"
    library.claims.export_memo(claim.id, path)
    parts = sections(path.read_text(encoding="utf-8"))
    assert "> Russian missile experts visited Tehran[^1]\n\n[^1]: Jane Doe, “Missile Experts in Tehran,”" in parts[
        "Supports"
    ]
    assert "[^3]: Jane Doe" in parts["Contradicts"]
    assert "Doe, Jane. “Missile Experts in Tehran.” September 12, 2024. https://example.org/tehran." in parts[
        "References"
    ]

    library.claims.export_memo(claim.id, path, "")
    plain = path.read_text(encoding="utf-8")
    assert "-   From: Missile Experts in Tehran — Jane Doe · 2024-09-12" in plain
    assert "References" not in plain and "[^" not in plain
    with pytest.raises(InvalidExport, match="unknown citation style"):
        library.claims.export_memo(claim.id, path, "harvard")
    with pytest.raises(InvalidExport, match="is a folder"):
        library.claims.export_memo(claim.id, tmp_path, "apa")
