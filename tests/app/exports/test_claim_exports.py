"""Claims in every export and back: JSON-LD (``lectern:claims``, still valid by the W3C suite's checker),
``.qdpx`` (claim notes and stance links, still valid by the REFI-QDA checker), CSV/XLSX (a claims column),
Markdown (a line per claim under the quote); importing JSON-LD or ``.qdpx`` into an empty library restores
the claims, their stances and their notes, and never makes the same claim twice."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from file_writing import WriteFile
from lxml import etree

from annotations.models import Claim
from app import Library
from app.exports.options import ExportOptions
from app.exports.qdpx import NAMESPACE
from app.exports.scope import ExportScope

SHARED_TOOLS = Path(__file__).resolve().parents[4] / "shared" / "tools"
VISIT = "Russian missile experts visited Tehran in 2024"
DEAL = "A defence pact was signed"

WEB = """---
title: Visits to Tehran
source: https://example.org/visits
date: 2024-10-01
---

Officials said Russian missile experts visited Tehran in April.

A spokesman denied that any experts travelled.
"""

LOCAL = """---
title: The pact
---

The visits followed a defence agreement signed in 2023.
"""


@dataclass
class Claimed:
    library: Library
    said: int
    denied: int
    agreement: int
    plain: int
    visit: Claim
    deal: Claim


@pytest.fixture
def claimed(library: Library, write_file: WriteFile) -> Claimed:
    web = library.documents.import_file(write_file("web.md", WEB)).value.document
    local = library.documents.import_file(write_file("local.md", LOCAL)).value.document
    assert web is not None and local is not None
    said = library.annotations.add_quote(web.id, "Russian missile experts visited Tehran").value[0].id
    denied = library.annotations.add_quote(web.id, "A spokesman denied", tags=["denials"]).value[0].id
    agreement = library.annotations.add_quote(local.id, "a defence agreement signed in 2023").value[0].id
    plain = library.annotations.add_quote(local.id, "The visits followed").value[0].id
    visit = library.claims.add(VISIT, note="Two sources; one denial.", tags=["russia", "iran"]).value
    deal = library.claims.add(DEAL).value
    library.claims.link(visit.id, said, "supports")
    library.claims.link(visit.id, denied, "contradicts")
    library.claims.link(visit.id, agreement, "context")
    library.claims.link(deal.id, agreement, "supports")
    library.index.flush()
    return Claimed(library, said, denied, agreement, plain, visit, deal)


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Library]:
    opened = Library(tmp_path / "empty-library", background=False)
    yield opened
    opened.close()


def export(library: Library, path: Path, format: str) -> Path:
    library.exports.export(ExportScope(), ExportOptions(format=format), path)  # type: ignore[arg-type]
    return path


def run_tool(tool: str, path: Path) -> subprocess.CompletedProcess[str]:
    checker = SHARED_TOOLS / tool
    if not checker.is_file():
        pytest.fail(f"the checker is missing: expected {checker} (the shared/ folder beside the clone)")
    return subprocess.run([sys.executable, str(checker), str(path)], capture_output=True, text=True, timeout=300, check=False)


def evidence(library: Library) -> set[tuple[str, str, str, str]]:
    """(claim uuid, claim text, highlight uuid, stance) of every link: the same in any library."""
    found = set()
    for claim in library.store.claims.all():
        for linked in library.store.claims.links(claim.id):
            found.add((claim.uuid, claim.text, library.store.annotation(linked.annotation_id).uuid, linked.stance))
    return found


# -- JSON-LD ---------------------------------------------------------------------------------------------------
def test_jsonld_carries_each_highlights_claims_and_passes_the_w3c_checker(claimed: Claimed, tmp_path: Path) -> None:
    path = export(claimed.library, tmp_path / "library.jsonld", "jsonld")
    checked = run_tool("check_w3c_annotations.py", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["@context"][1]["lectern"] == "https://lectern.app/ns#"
    by_quote = {item["target"]["selector"][0]["exact"]: item for item in collection["first"]["items"]}
    assert by_quote["Russian missile experts visited Tehran"]["lectern:claims"] == [
        {
            "id": f"urn:uuid:{claimed.visit.uuid}",
            "type": "lectern:Claim",
            "lectern:text": VISIT,
            "lectern:stance": "supports",
            "lectern:note": "Two sources; one denial.",
            "lectern:tags": ["iran", "russia"],
        }
    ]
    stances = [node["lectern:stance"] for node in by_quote["a defence agreement signed in 2023"]["lectern:claims"]]
    assert stances == ["supports", "context"]  # by stance, then claim
    assert "lectern:claims" not in by_quote["The visits followed"]


def test_jsonld_round_trip_restores_claims_and_stances_once(claimed: Claimed, empty: Library, tmp_path: Path) -> None:
    path = export(claimed.library, tmp_path / "library.jsonld", "jsonld")
    for name in ("web.md", "local.md"):
        empty.documents.import_file(tmp_path / "incoming" / name)
    report = empty.annotation_imports.import_file(path).value
    assert report.placed == 4 and report.failed == 0
    assert evidence(empty) == evidence(claimed.library) and len(evidence(empty)) == 4
    visit = next(claim for claim in empty.store.claims.all() if claim.uuid == claimed.visit.uuid)
    assert (visit.note, visit.tags) == ("Two sources; one denial.", ("iran", "russia"))
    assert len(empty.store.claims.all()) == 2
    empty.index.flush()
    assert empty.index.search(f"claim:{visit.id} stance:contradicts").total == 1  # searchable at once

    again = empty.annotation_imports.import_file(path).value  # nothing new, no second copy of a claim
    assert again.created == 0 and len(empty.store.claims.all()) == 2


def test_a_claim_the_library_has_is_linked_to_not_copied(claimed: Claimed, empty: Library, tmp_path: Path) -> None:
    """The second library imported the claim once and reworded it; a later export's new evidence joins it."""
    for name in ("web.md", "local.md"):
        empty.documents.import_file(tmp_path / "incoming" / name)
    library = claimed.library
    library.annotations.delete(claimed.denied)
    empty.annotation_imports.import_file(export(library, tmp_path / "first.jsonld", "jsonld"))
    mine = next(claim for claim in empty.store.claims.all() if claim.uuid == claimed.visit.uuid)
    empty.claims.update(mine.id, text="Experts visited (my wording)")
    library.history.undo()  # the denial is back, still contradicting the claim
    library.claims.update(claimed.visit.id, text="Their wording, changed")
    empty.annotation_imports.import_file(export(library, tmp_path / "second.jsonld", "jsonld"))
    assert len(empty.store.claims.all()) == 2
    assert {link.stance for link in empty.store.claims.links(mine.id)} == {"supports", "contradicts", "context"}
    assert empty.store.claims.get(mine.id).text == "Experts visited (my wording)"  # type: ignore[union-attr]


def test_undoing_the_import_takes_the_claims_it_made_away(claimed: Claimed, empty: Library, tmp_path: Path) -> None:
    path = export(claimed.library, tmp_path / "library.jsonld", "jsonld")
    for name in ("web.md", "local.md"):
        empty.documents.import_file(tmp_path / "incoming" / name)
    applied = empty.annotation_imports.import_file(path)
    assert applied.changes.claims and len(empty.store.claims.all()) == 2
    empty.history.undo()
    assert empty.store.claims.all() == [] and evidence(empty) == set()
    empty.history.redo()
    assert evidence(empty) == evidence(claimed.library)


def test_unusable_claim_nodes_are_passed_over_and_the_highlight_still_imported(
    claimed: Claimed, empty: Library, tmp_path: Path
) -> None:
    path = export(claimed.library, tmp_path / "library.jsonld", "jsonld")
    collection = json.loads(path.read_text(encoding="utf-8"))
    for item in collection["first"]["items"]:
        for node in item.get("lectern:claims", []):
            node["lectern:stance"] = "maybe" if node["id"].endswith(claimed.deal.uuid) else node["lectern:stance"]
        if item["target"]["selector"][0]["exact"] == "A spokesman denied":
            item["lectern:claims"] = [{"id": "not a uuid", "lectern:text": "x", "lectern:stance": "supports"}, 7]
    path.write_text(json.dumps(collection), encoding="utf-8")
    for name in ("web.md", "local.md"):
        empty.documents.import_file(tmp_path / "incoming" / name)
    assert empty.annotation_imports.import_file(path).value.placed == 4
    assert [claim.uuid for claim in empty.store.claims.all()] == [claimed.visit.uuid]
    assert {stance for *_, stance in evidence(empty)} == {"supports", "context"}


# -- REFI-QDA ----------------------------------------------------------------------------------------------------
def test_qdpx_writes_claim_notes_and_stance_links_and_passes_the_checker(claimed: Claimed, tmp_path: Path) -> None:
    path = export(claimed.library, tmp_path / "library.qdpx", "qdpx")
    checked = run_tool("check_qdpx.py", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("project.qde"))
    ns = {"q": NAMESPACE}
    notes = {note.get("guid"): note for note in root.iterfind("q:Notes/q:Note", ns)}
    assert set(notes) == {claimed.visit.uuid, claimed.deal.uuid}
    assert notes[claimed.visit.uuid].findtext("q:PlainTextContent", namespaces=ns) == "Russian missile experts visited Tehran in 2024"
    assert notes[claimed.visit.uuid].findtext("q:Description", namespaces=ns) == "Two sources; one denial."
    selections = {s.get("guid"): s.get("name") for s in root.iterfind(".//q:PlainTextSelection", ns)}
    links = {(selections[x.get("originGUID")], x.get("targetGUID"), x.get("name")) for x in root.iterfind("q:Links/q:Link", ns)}
    assert links == {
        ("Russian missile experts visited Tehran", claimed.visit.uuid, "supports"),
        ("A spokesman denied", claimed.visit.uuid, "contradicts"),
        ("a defence agreement signed in 2023", claimed.visit.uuid, "context"),
        ("a defence agreement signed in 2023", claimed.deal.uuid, "supports"),
    }
    assert {x.get("direction") for x in root.iterfind("q:Links/q:Link", ns)} == {"OneWay"}


def test_qdpx_round_trip_into_an_empty_library_keeps_claims_and_stances(
    claimed: Claimed, empty: Library, tmp_path: Path
) -> None:
    path = export(claimed.library, tmp_path / "library.qdpx", "qdpx")
    report = empty.annotation_imports.import_file(path).value
    assert report.placed == 4 and report.documents_created == 2
    assert evidence(empty) == evidence(claimed.library)
    visit = next(claim for claim in empty.store.claims.all() if claim.uuid == claimed.visit.uuid)
    assert visit.note == "Two sources; one denial."
    empty.annotation_imports.import_file(path)
    assert len(empty.store.claims.all()) == 2


def test_a_project_without_claims_exports_no_notes_or_links(library: Library, write_file: WriteFile, tmp_path: Path) -> None:
    document = library.documents.import_file(write_file("local.md", LOCAL)).value.document
    assert document is not None
    library.annotations.add_quote(document.id, "The visits followed")
    path = export(library, tmp_path / "plain.qdpx", "qdpx")
    assert run_tool("check_qdpx.py", path).returncode == 0
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("project.qde"))
    assert root.find(f"{{{NAMESPACE}}}Notes") is None and root.find(f"{{{NAMESPACE}}}Links") is None


# -- tables and Markdown -----------------------------------------------------------------------------------------
def test_csv_has_a_claims_column(claimed: Claimed, tmp_path: Path) -> None:
    path = export(claimed.library, tmp_path / "highlights.csv", "csv")
    with path.open(encoding="utf-8", newline="") as file:
        rows = {row["quote"]: row["claims"] for row in csv.DictReader(file)}
    assert rows == {
        "Russian missile experts visited Tehran": "supports: Russian missile experts visited Tehran in 2024",
        "A spokesman denied": "contradicts: Russian missile experts visited Tehran in 2024",
        "a defence agreement signed in 2023": "supports: A defence pact was signed; "
        "context: Russian missile experts visited Tehran in 2024",
        "The visits followed": "",
    }


def test_xlsx_has_the_same_claims_column(claimed: Claimed, tmp_path: Path) -> None:
    path = export(claimed.library, tmp_path / "highlights.xlsx", "xlsx")
    with zipfile.ZipFile(path) as package:  # the sheet's XML: strings are written inline (constant memory)
        sheet = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<t>claims</t>" in sheet
    assert "<t>supports: A defence pact was signed; context: Russian missile experts visited Tehran in 2024</t>" in sheet


def test_markdown_lists_each_quotes_claims_under_it(claimed: Claimed, tmp_path: Path) -> None:
    text = export(claimed.library, tmp_path / "digest.md", "markdown").read_text(encoding="utf-8")
    denied = text.index("> A spokesman denied")
    assert text.index("Contradicts the claim: Russian missile experts visited Tehran in 2024", denied) < text.index(
        "> a defence agreement", denied
    )
    agreement = text.index("> a defence agreement signed in 2023")
    after = text[agreement:]
    assert "Supports the claim: A defence pact was signed" in after
    assert "Context for the claim: Russian missile experts visited Tehran in 2024" in after
    assert "the claim" not in text[text.index("> The visits followed") :].split(">")[1]
