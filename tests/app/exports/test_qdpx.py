"""REFI-QDA project export: the file passes ../shared/tools/check_qdpx.py (schema, references, offsets), its
positions are code points on the text as stored, and exporting twice gives the same GUIDs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from file_writing import WriteFile
from lxml import etree

from annotations.models import DocumentMetadata
from app import Library
from app.exports.options import ExportOptions
from app.exports.qdpx import COLOR_HEX, NAMESPACE, write_qdpx
from app.exports.scope import ExportScope, collect

REPO = Path(__file__).resolve().parents[3]
TOOLS = REPO.parent / "shared" / "tools"
CHECKER = TOOLS / "check_qdpx.py"
SCHEMA = REPO.parent / "shared" / "refi-qda" / "Project-mrt2019.xsd"
NS = {"q": NAMESPACE}
OPTIONS = ExportOptions(format="qdpx")

WORLD = """---
title: 世界 — voices of the region
author: Leila Haddad
date: 2024-03-01
source: https://example.org/voices
---
# Voices

Radars over 北京 and the العربية press 😀 agree on sanctions.

A second paragraph: sanctions again, and radars 🚀 at dawn.
"""

PLAIN = """---
title: Plain report
---
Only sanctions here, nothing else.
"""


@pytest.fixture
def coded(library: Library, write_file: WriteFile) -> Library:
    """Two articles with nested tags, colours, descriptions, Markdown notes and non-ASCII text."""
    world = library.documents.import_file(write_file("world.md", WORLD)).value.document
    plain = library.documents.import_file(write_file("plain.md", PLAIN)).value.document
    assert world is not None and plain is not None
    library.annotations.add_quote(world.id, "北京 and the العربية press 😀", tags=["region/china", "media"],
                                  note="**Both** sides — see [link](https://example.org)\n\n- 中文 point")  # fmt: skip
    library.annotations.add_quote(world.id, "radars 🚀", tags=["region/middle-east/gulf"], note="emoji 🚀 inside")
    library.annotations.add_quote(world.id, "sanctions", every=True, tags=["economy"])
    library.annotations.add_quote(plain.id, "Only sanctions", tags=[])  # a highlight without tags
    library.tags.set_details("region", color="green", description="Where it happens")
    library.tags.set_details("region/china", color="pink")
    library.tags.set_details("economy", color="blue", description="Money, *trade*")
    library.documents.update_metadata(world.id, DocumentMetadata(note="Article note with **Markdown** and 😀"))
    library.index.flush()
    return library


def export(library: Library, path: Path, *, crlf: bool = False) -> Path:
    write_qdpx(collect(library.store, library.index, ExportScope()), path, OPTIONS, crlf=crlf)
    return path


def run_checker(path: Path, *more: str) -> subprocess.CompletedProcess[str]:
    if not CHECKER.is_file():
        pytest.fail(f"the REFI-QDA checker is missing: expected {CHECKER} (the shared/ folder beside the clone)")
    return subprocess.run(
        [sys.executable, str(CHECKER), str(path), *more], capture_output=True, text=True, timeout=120, check=False
    )


def project(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("project.qde"))


def source_texts(path: Path) -> dict[str, str]:
    """Each source's stored text by source GUID, read exactly as the zip holds it (no newline translation)."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("project.qde"))
        texts = {}
        for source in root.iterfind(".//q:TextSource", NS):
            member = "sources/" + source.get("plainTextPath").removeprefix("internal://")
            texts[source.get("guid")] = package.read(member).decode("utf-8")
        return texts


def test_the_export_passes_the_shared_checker(coded: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "project.qdpx")
    result = run_checker(path, "--min-codings", "5")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "project.qdpx: valid" in result.stdout


def test_the_crlf_export_passes_the_checker_with_positions_on_the_stored_text(coded: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "crlf.qdpx", crlf=True)
    result = run_checker(path, "--min-codings", "5")
    assert result.returncode == 0, result.stdout + result.stderr
    texts = source_texts(path)
    assert all("\r\n" in text or "\n" not in text for text in texts.values())
    quotes = {annotation.uuid: annotation.exact for annotation in coded.store.all_annotations()}
    for source in project(path).iterfind(".//q:TextSource", NS):
        text = texts[source.get("guid")]
        for selection in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end].replace("\r\n", "\n") == quotes[selection.get("guid")]
    later = next(s for s in project(path).iterfind(".//q:PlainTextSelection", NS) if s.get("name") == "radars 🚀")
    original = next(a for a in coded.store.all_annotations() if a.exact == "radars 🚀")
    assert int(later.get("startPosition")) == original.start + coded.store.document(original.document_id).text.count(
        "\n", 0, original.start
    )  # one more per line break before it


def test_the_file_layout_follows_what_importers_expect(coded: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "project.qdpx")
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        raw = package.read("project.qde")
    assert names[0] == "project.qde"
    assert all(name == "project.qde" or name.startswith("sources/") for name in names)
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')  # no byte-order mark before it
    root = etree.fromstring(raw)
    assert root.tag == f"{{{NAMESPACE}}}Project"
    assert etree.XMLSchema(etree.parse(str(SCHEMA))).validate(root)
    for source in root.iterfind(".//q:TextSource", NS):
        assert source.get("plainTextPath") == f"internal://{source.get('guid')}.txt"
        assert source.get("richTextPath") is None and source.find("q:PlainTextContent", NS) is None
    users = root.findall("q:Users/q:User", NS)
    assert len(users) == 1 and users[0].get("name")
    assert root.get("creatingUserGUID") == users[0].get("guid")


def test_positions_are_code_points_on_the_canonical_text(coded: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "project.qdpx")
    texts = source_texts(path)
    documents = {document.title: coded.store.document(document.id) for document in coded.documents.summaries()}
    annotations = {annotation.uuid: annotation for annotation in coded.store.all_annotations()}
    root = project(path)
    selections = 0
    for source in root.iterfind(".//q:TextSource", NS):
        text = texts[source.get("guid")]
        assert text == documents[source.get("name")].text  # the canonical text exactly (line feeds as stored)
        for selection in source.iterfind("q:PlainTextSelection", NS):
            annotation = annotations[selection.get("guid")]  # the selection's GUID is the highlight's uuid
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert (start, end) == (annotation.start, annotation.end)
            assert text[start:end] == annotation.exact
            description = selection.find("q:Description", NS)
            assert (description.text if description is not None else "") == annotation.note
            selections += 1
    assert selections == len(annotations) == 5
    emoji = annotations[next(a.uuid for a in annotations.values() if a.exact == "radars 🚀")]
    assert len(emoji.exact) == 8  # 🚀 is one code point (two UTF-16 units): positions count code points


def test_the_codebook_nests_tags_with_colours_and_descriptions(coded: Library, tmp_path: Path) -> None:
    root = project(export(coded, tmp_path / "project.qdpx"))
    codes = root.find("q:CodeBook/q:Codes", NS)

    def tree(element: etree._Element) -> list[object]:
        return [(code.get("name"), tree(code)) for code in element.iterfind("q:Code", NS)]

    assert tree(codes) == [
        ("economy", []),
        ("media", []),
        ("region", [("china", []), ("middle-east", [("gulf", [])])]),
    ]
    by_name = {code.get("name"): code for code in codes.iter(f"{{{NAMESPACE}}}Code")}
    assert by_name["region"].get("color") == COLOR_HEX["green"] == "#9BE59A"
    assert by_name["china"].get("color") == COLOR_HEX["pink"]
    assert by_name["media"].get("color") is None
    assert by_name["economy"].findtext("q:Description", namespaces=NS) == "Money, *trade*"
    assert all(code.get("isCodable") == "true" for code in by_name.values())
    # Each coding points at the code of its tag (the leaf, not the parent).
    gulf = by_name["gulf"].get("guid")
    emoji = next(s for s in root.iterfind(".//q:PlainTextSelection", NS) if s.get("name") == "radars 🚀")
    assert [coding.find("q:CodeRef", NS).get("targetGUID") for coding in emoji.iterfind("q:Coding", NS)] == [gulf]


def test_article_metadata_and_note_travel_as_name_variables_and_description(coded: Library, tmp_path: Path) -> None:
    root = project(export(coded, tmp_path / "project.qdpx"))
    variables = {v.get("guid"): v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)}
    world = next(s for s in root.iterfind(".//q:TextSource", NS) if s.get("name") == "世界 — voices of the region")
    values = {
        variables[value.find("q:VariableRef", NS).get("targetGUID")]: value.findtext("q:TextValue", namespaces=NS)
        for value in world.iterfind("q:VariableValue", NS)
    }
    assert values["Author"] == "Leila Haddad"
    assert values["Published"] == "2024-03-01"
    assert values["URL"] == "https://example.org/voices"
    assert world.findtext("q:Description", namespaces=NS) == "Article note with **Markdown** and 😀"
    plain = next(s for s in root.iterfind(".//q:TextSource", NS) if s.get("name") == "Plain report")
    named = [variables[v.find("q:VariableRef", NS).get("targetGUID")] for v in plain.iterfind("q:VariableValue", NS)]
    assert named == ["Source file"]  # a local file's path is not called a URL


def test_exporting_twice_gives_the_same_guids(coded: Library, tmp_path: Path) -> None:
    first = project(export(coded, tmp_path / "one.qdpx"))
    second = project(export(coded, tmp_path / "two.qdpx"))
    guids = [[element.get("guid") for element in root.iter() if element.get("guid")] for root in (first, second)]
    assert guids[0] == guids[1]
    assert len(set(guids[0])) == len(guids[0])
    with zipfile.ZipFile(tmp_path / "one.qdpx") as one, zipfile.ZipFile(tmp_path / "two.qdpx") as two:
        assert one.namelist() == two.namelist()


def test_a_scope_exports_only_its_highlights_and_the_codes_they_need(coded: Library, tmp_path: Path) -> None:
    path = tmp_path / "tag.qdpx"
    write_qdpx(collect(coded.store, coded.index, ExportScope(tag="region/china")), path, OPTIONS)
    assert run_checker(path).returncode == 0
    root = project(path)
    assert [s.get("name") for s in root.iterfind(".//q:PlainTextSelection", NS)] == ["北京 and the العربية press 😀"]
    assert sorted(code.get("name") for code in root.iter(f"{{{NAMESPACE}}}Code")) == ["china", "media", "region"]


def test_an_orphaned_highlight_is_left_out(coded: Library, tmp_path: Path) -> None:
    orphan = coded.store.all_annotations()[0]
    with coded.store.db.transaction() as connection:
        connection.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", (orphan.id,))
    path = export(coded, tmp_path / "project.qdpx")
    assert run_checker(path).returncode == 0
    assert orphan.uuid not in [s.get("guid") for s in project(path).iterfind(".//q:PlainTextSelection", NS)]


def test_an_empty_library_exports_a_valid_empty_project(library: Library, tmp_path: Path) -> None:
    path = export(library, tmp_path / "empty.qdpx")
    result = run_checker(path)
    assert result.returncode == 0, result.stdout


def test_the_checker_catches_a_broken_file(coded: Library, tmp_path: Path) -> None:
    """The check is real: a selection past its source's end fails it."""
    good = export(coded, tmp_path / "good.qdpx")
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "project.qde":
                data = data.replace(b'endPosition="', b'endPosition="9', 1)
            target.writestr(name, data)
    result = run_checker(bad)
    assert result.returncode == 1 and "outside its source" in result.stdout


def test_a_failed_export_leaves_the_previous_file_whole(
    coded: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export(coded, tmp_path / "project.qdpx")
    before = path.read_bytes()
    written: list[str] = []
    original = zipfile.ZipFile.writestr

    def failing(self: zipfile.ZipFile, name: str, data: bytes, *args: object, **kwargs: object) -> None:
        written.append(name)
        if name.startswith("sources/"):
            raise OSError("disk full")
        original(self, name, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    with pytest.raises(OSError, match="disk full"):
        export(coded, path)
    assert written[0] == "project.qde"
    assert path.read_bytes() == before
    assert [entry.name for entry in tmp_path.iterdir() if entry.is_file()] == ["project.qdpx"]  # no temp file left
