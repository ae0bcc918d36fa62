"""The W3C Web Annotation export: an AnnotationCollection of pages, each annotation stand-alone and valid by the
W3C test suite's MUST assertions (../shared/tools/check_w3c_annotations.py, run here as a subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from file_writing import WriteFile

from app import Library
from app.exports import jsonld
from app.exports.jsonld import write_jsonld
from app.exports.options import ExportOptions
from app.exports.scope import ExportScope, collect

REPO = Path(__file__).resolve().parents[3]
CHECKER = REPO.parent / "shared" / "tools" / "check_w3c_annotations.py"
OPTIONS = ExportOptions(format="jsonld")

WEB_ARTICLE = """\
---
title: Interceptors and Radars
source: https://example.org/interceptors
date: 2025-03-04
---

Radar exports are visible. Interceptor stocks are finite, and air defense support is scarce.

Training is quiet. Radar maintenance creates dependency, and air defense support lasts.
"""

LOCAL_ARTICLE = """\
---
title: Sanctions at sea
---

Sanctions on shipping widened in spring. Tankers changed flags twice.

Insurers left the market; ports asked for new papers.
"""


@pytest.fixture
def coded(library: Library, write_file: WriteFile) -> Library:
    web = library.documents.import_file(write_file("web.md", WEB_ARTICLE)).value.document
    local = library.documents.import_file(write_file("local.md", LOCAL_ARTICLE)).value.document
    assert web is not None and local is not None
    library.annotations.add_quote(
        web.id, "Radar exports", tags=["air/radar", "exports"], note="**Key** point.\n\nSee p. 2"
    )
    library.annotations.add_quote(web.id, "Interceptor stocks are finite", color="green", style="underline")
    library.annotations.add_quote(web.id, "Training is quiet", tags=["training"])
    library.annotations.add_quote(local.id, "Tankers changed flags", color="pink", note="Ünïcödé — “quoted”")
    library.annotations.add_quote(local.id, "Insurers left the market", tags=["insurance"], color="blue")
    return library


def export(library: Library, path: Path, **options: int) -> dict[str, object]:
    write_jsonld(collect(library.store, library.index, ExportScope()), path, OPTIONS, **options)  # type: ignore[arg-type]
    return json.loads(path.read_text(encoding="utf-8"))


def all_items(collection: dict[str, object]) -> list[dict[str, object]]:
    pages = [collection["first"], *collection.get("@included", [])]  # type: ignore[list-item]
    return [item for page in pages for item in page["items"]]  # type: ignore[index]


def run_checker(path: Path) -> subprocess.CompletedProcess[str]:
    if not CHECKER.is_file():
        pytest.fail(
            f"the W3C annotation checker is missing: expected {CHECKER} (the shared/ folder beside the clone);"
            " the JSON-LD export cannot be checked without it"
        )
    return subprocess.run(
        [sys.executable, str(CHECKER), str(path)], capture_output=True, text=True, timeout=300, check=False
    )


def test_each_highlight_is_a_web_annotation_with_quote_position_bodies_and_lectern_look(
    coded: Library, tmp_path: Path
) -> None:
    collection = export(coded, tmp_path / "out.jsonld")
    assert collection["type"] == "AnnotationCollection"
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"  # type: ignore[index]
    assert collection["@context"][1]["lectern"] == "https://lectern.app/ns#"  # type: ignore[index]
    assert collection["total"] == 5 and collection["label"] == "Whole library"
    items = all_items(collection)
    by_quote = {item["target"]["selector"][0]["exact"]: item for item in items}  # type: ignore[index]
    stored = {annotation.exact: annotation for annotation in coded.store.all_annotations()}
    assert set(by_quote) == set(stored)

    radar = by_quote["Radar exports"]
    annotation = stored["Radar exports"]
    assert radar["id"] == f"urn:uuid:{annotation.uuid}"
    assert radar["type"] == "Annotation" and radar["motivation"] == "commenting"
    assert (radar["created"], radar["modified"]) == (annotation.created, annotation.modified)
    assert radar["body"] == [
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/markdown",
            "value": "**Key** point.\n\nSee p. 2",
        },
        {"type": "TextualBody", "purpose": "tagging", "value": "air/radar"},
        {"type": "TextualBody", "purpose": "tagging", "value": "exports"},
    ]
    target = radar["target"]
    assert target["type"] == "SpecificResource"  # type: ignore[index]
    source = target["source"]  # type: ignore[index]
    document = coded.documents.get(annotation.document_id)
    assert source["id"] == "https://example.org/interceptors"
    assert source["dcterms:title"] == "Interceptors and Radars"
    assert source["lectern:textDigest"] == document.sha256
    assert target["selector"] == [  # type: ignore[index]
        {
            "type": "TextQuoteSelector",
            "exact": "Radar exports",
            "prefix": annotation.prefix,
            "suffix": annotation.suffix,
        },
        {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
    ]
    assert document.text[annotation.start : annotation.end] == "Radar exports"
    assert (radar["lectern:color"], radar["lectern:style"]) == ("yellow", "highlight")

    plain = by_quote["Interceptor stocks are finite"]
    assert plain["motivation"] == "highlighting" and "body" not in plain
    assert (plain["lectern:color"], plain["lectern:style"]) == ("green", "underline")
    assert by_quote["Training is quiet"]["motivation"] == "tagging"

    local = by_quote["Tankers changed flags"]["target"]["source"]  # type: ignore[index]
    local_document = coded.documents.get(stored["Tankers changed flags"].document_id)
    assert local["id"] == f"urn:uuid:{local_document.uuid}"  # a local file is named by a URN, its path beside
    assert local["lectern:origin"] == local_document.source
    assert local["dcterms:title"] == "Sanctions at sea"
    for item in items:
        assert item["@context"] == collection["@context"]  # each annotation stands alone


def test_annotations_are_paged_in_one_file(coded: Library, tmp_path: Path) -> None:
    collection = export(coded, tmp_path / "paged.jsonld", page_size=2)
    first, *rest = [collection["first"], *collection["@included"]]  # type: ignore[list-item]
    assert [page["startIndex"] for page in [first, *rest]] == [0, 2, 4]
    assert [len(page["items"]) for page in [first, *rest]] == [2, 2, 1]
    ids = [page["id"] for page in [first, *rest]]
    assert first["next"] == ids[1] and rest[0]["prev"] == ids[0] and rest[0]["next"] == ids[2]
    assert "next" not in rest[1] and collection["last"] == ids[2]
    assert all(page["partOf"] == collection["id"] and page["type"] == "AnnotationPage" for page in [first, *rest])
    assert len(all_items(collection)) == 5


def test_an_orphan_keeps_its_quote_but_no_position(library: Library, write_file: WriteFile, tmp_path: Path) -> None:
    path = write_file("note.md", "---\ntitle: Note\n---\nThe convoy sailed at dawn. Nothing else happened.\n")
    document = library.documents.import_file(path).value.document
    assert document is not None
    library.annotations.add_quote(document.id, "The convoy sailed at dawn")
    path.write_text("---\ntitle: Note\n---\nNothing else happened, and more text came.\n", encoding="utf-8")
    library.documents.reimport_file(path)
    (orphan,) = library.annotations.orphans()
    (item,) = all_items(export(library, tmp_path / "orphans.jsonld"))
    assert item["lectern:orphaned"] is True
    assert item["target"]["selector"] == [  # type: ignore[index]
        {"type": "TextQuoteSelector", "exact": orphan.exact, "prefix": orphan.prefix, "suffix": orphan.suffix}
    ]


def test_the_w3c_checker_passes_every_annotation_of_every_page(coded: Library, tmp_path: Path) -> None:
    path = tmp_path / "library.jsonld"
    collection = export(coded, path, page_size=2)
    checked = run_checker(path)  # the collection file as written: the checker reads its first page
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 failures" in checked.stdout
    every = tmp_path / "every-annotation.json"  # and every page's annotations, as a list
    every.write_text(json.dumps(all_items(collection), ensure_ascii=False), encoding="utf-8")
    checked = run_checker(every)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "5 annotations checked against" in checked.stdout and "0 failures" in checked.stdout


def test_an_empty_export_is_a_valid_empty_collection(library: Library, tmp_path: Path) -> None:
    collection = export(library, tmp_path / "empty.jsonld")
    assert collection["total"] == 0 and collection["first"]["items"] == []  # type: ignore[index]
    assert "@included" not in collection


def test_a_failed_export_leaves_the_previous_file(
    coded: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "exports" / "out.jsonld"
    export(coded, path, page_size=2)
    before = path.read_bytes()
    calls = 0
    original = jsonld.web_annotation

    def failing(*args: object) -> dict[str, object]:
        nonlocal calls
        calls += 1
        if calls == 4:  # on the second page, after the first was written
            raise OSError("disk full")
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonld, "web_annotation", failing)
    with pytest.raises(OSError):
        export(coded, path, page_size=2)
    assert path.read_bytes() == before
    assert [entry.name for entry in path.parent.iterdir()] == ["out.jsonld"]  # no temp file left
