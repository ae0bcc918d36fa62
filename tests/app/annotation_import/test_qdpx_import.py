"""REFI-QDA project import: a Lectern export comes back whole into an empty library (texts, tags with their
hierarchy and colours, highlights with their offsets and notes), a second import creates nothing, other
tools' files are read leniently, and hostile files are refused in words with nothing stored."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from file_writing import WriteFile

from annotations.models import DocumentMetadata
from app import Library
from app.annotation_import import qdpx_package as package
from app.annotation_import.incoming import AnnotationFileUnreadable
from app.annotation_import.placing import AnnotationImportReport
from app.annotation_import.qdpx import align, nearest_color, read_qdpx
from app.changes import Applied
from app.exports.options import ExportOptions
from app.exports.qdpx import write_qdpx
from app.exports.scope import ExportScope, collect

WORLD = """---
title: 世界 — voices of the region
author: Leila Haddad
date: 2024-03-01
source: https://example.org/voices
---
# Voices

Radars over 北京 and the العربية press 😀 agree on sanctions.

| Country | Stance |
|---|---|
| Iran | against |

A second paragraph: sanctions again, and radars 🚀 at dawn.
"""

PLAIN = """---
title: Plain report
---
Only sanctions here, nothing else.
"""

NS = "urn:QDA-XML:project:1.0"
USER = "11111111-1111-4111-8111-111111111111"


@pytest.fixture
def coded(library: Library, write_file: WriteFile) -> Library:
    world = library.documents.import_file(write_file("world.md", WORLD)).value.document
    plain = library.documents.import_file(write_file("plain.md", PLAIN)).value.document
    assert world is not None and plain is not None
    library.annotations.add_quote(world.id, "北京 and the العربية press 😀", tags=["region/china", "media"],
                                  note="**Both** sides — see [link](https://example.org)\n\n- 中文 point")  # fmt: skip
    library.annotations.add_quote(world.id, "radars 🚀", tags=["region/middle-east/gulf"], note="emoji 🚀 inside")
    library.annotations.add_quote(world.id, "sanctions", every=True, tags=["economy"])
    library.annotations.add_quote(world.id, "against", tags=["stance"])  # in a table row
    library.annotations.add_quote(plain.id, "Only sanctions", tags=[])
    library.tags.set_details("region", color="green", description="Where it happens")
    library.tags.set_details("region/china", color="pink")
    library.tags.set_details("economy", color="blue", description="Money, *trade*")
    library.documents.update_metadata(world.id, DocumentMetadata(note="Article note with **Markdown** and 😀"))
    return library


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Library]:
    """A second library, empty, to import into."""
    opened = Library(tmp_path / "second", background=False)
    yield opened
    opened.close()


def export(library: Library, path: Path, *, crlf: bool = False) -> Path:
    write_qdpx(collect(library.store, library.index, ExportScope()), path, ExportOptions(format="qdpx"), crlf=crlf)
    return path


def import_into(library: Library, path: Path) -> Applied[AnnotationImportReport]:
    return read_qdpx(path, library.store, library.index, library.history)


def contents(library: Library) -> dict[str, object]:
    """What a round trip must keep, keyed by what survives it (titles, uuids, tag names)."""
    documents = {}
    for summary in library.documents.summaries():
        document = library.store.document(summary.id)
        documents[document.title] = (document.text, document.byline, document.published, document.source, document.note)
    highlights = {
        a.uuid: (library.store.document(a.document_id).title, a.start, a.end, a.exact, a.tags, a.note)
        for a in library.store.all_annotations()
    }
    tags = {tag.name: (tag.color, tag.description) for tag in library.store.tags.counts()}
    return {"documents": documents, "highlights": highlights, "tags": tags}


def counts(library: Library) -> tuple[int, int, int]:
    return library.store.document_count(), len(library.store.annotation_ids()), len(library.store.tags.counts())


# -- Lectern to Lectern -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_an_export_imported_into_an_empty_library_comes_back_whole(
    coded: Library, empty: Library, tmp_path: Path, crlf: bool
) -> None:
    path = export(coded, tmp_path / "project.qdpx", crlf=crlf)
    applied = import_into(empty, path)
    report = applied.value
    assert (report.created, report.placed, report.failed, report.documents_created) == (6, 6, 0, 2), report.problems
    assert report.problems == ()
    assert applied.changes.documents and applied.changes.annotations and applied.changes.tags
    assert contents(empty) == contents(coded)
    # The format has no highlight colour: each takes its first tag's colour (own or a parent's), as by-tag view.
    colours = {a.exact: a.color for a in empty.store.all_annotations()}
    assert colours["北京 and the العربية press 😀"] == "pink"
    assert colours["radars 🚀"] == "green"  # region/middle-east/gulf takes region's colour
    assert colours["Only sanctions"] == "yellow"
    # Each highlight sits on exactly its quote, counted in code points (emoji and all).
    for annotation in empty.store.all_annotations():
        assert empty.store.document(annotation.document_id).text[annotation.start : annotation.end] == annotation.exact
    empty.index.flush()
    assert empty.index.search("北京").total >= 1


def test_importing_twice_creates_nothing(coded: Library, empty: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "project.qdpx")
    import_into(empty, path)
    before = contents(empty)
    again = import_into(empty, path)
    assert (again.value.created, again.value.skipped, again.value.documents_created) == (0, 6, 0)
    assert not again.changes
    assert contents(empty) == before


def test_importing_into_the_library_it_came_from_creates_nothing(coded: Library, tmp_path: Path) -> None:
    before = contents(coded)
    applied = import_into(coded, export(coded, tmp_path / "project.qdpx"))
    assert (applied.value.created, applied.value.skipped, applied.value.documents_created) == (0, 6, 0)
    assert contents(coded) == before


def test_a_tag_keeps_its_own_colour_and_description(coded: Library, empty: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "project.qdpx")
    empty.tags.set_details("economy", color="orange", description="mine")
    import_into(empty, path)
    economy = next(tag for tag in empty.store.tags.counts() if tag.name == "economy")
    assert (economy.color, economy.description) == ("orange", "mine")


def test_the_library_part_reads_qdpx_files(coded: Library, empty: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "project.qdpx")
    report = empty.annotation_imports.import_file(path).value
    assert (report.format, report.created, report.documents_created) == ("qdpx", 6, 2)


def test_the_import_is_one_undo_step(coded: Library, empty: Library, tmp_path: Path) -> None:
    import_into(empty, export(coded, tmp_path / "project.qdpx"))
    assert empty.history.undo_label == "Import Annotations"
    empty.history.undo()
    assert empty.store.annotation_ids() == []
    assert empty.store.document_count() == 2  # articles stay, as after any import


# -- other tools' files -----------------------------------------------------------------------------------------
def project_xml(sources: str, *, origin: str = "QualCoder 3.5", codes: str = "", more: str = "") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Interviews" origin="{origin}">
  <Users><User guid="{USER}" name="ann"/></Users>
  <CodeBook><Codes>{codes}</Codes></CodeBook>
  <Sources>{sources}</Sources>
  {more}
</Project>"""


def write_qdpx_file(path: Path, qde: str | bytes, members: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("project.qde", qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (members or {}).items():
            package.writestr(name, data)
    return path


def guid(number: int) -> str:
    return f"{number:08x}-0000-4000-8000-{number:012x}"


CODES = f"""
<Code guid="{guid(1)}" name="Trust Issues" isCodable="true" color="#FF0000">
  <Description>When people doubt</Description>
  <Code guid="{guid(2)}" name="In/Out group" isCodable="true" color="#00ff00"/>
</Code>
<Code guid="{guid(3)}" name="Work" isCodable="false" color="#808080">
  <Code guid="{guid(4)}" name="Pay" isCodable="true" color="#00F"/>
</Code>"""

INTERVIEW = "\ufeffInterview one\r\n\r\nI   trust my neighbours.\r\n\r\n  The pay is low — 很低 😀.\r\n"


def position(text: str, quote: str) -> tuple[int, int]:
    """Code-point positions of ``quote`` in ``text`` as stored (a leading byte-order mark is not text)."""
    start = text.removeprefix("\ufeff").index(quote)
    return start, start + len(quote)


def selection(number: int, span: tuple[int, int], *codes: int, note: str = "") -> str:
    codings = "".join(
        f'<Coding guid="{guid(1000 + number * 10 + code)}"><CodeRef targetGUID="{guid(code)}"/></Coding>'
        for code in codes
    )
    description = f"<Description>{note}</Description>" if note else ""
    return (
        f'<PlainTextSelection guid="{guid(100 + number)}" startPosition="{span[0]}" endPosition="{span[1]}"'
        f' creatingUser="{USER}" creationDateTime="2024-05-01T10:00:00Z">{description}{codings}</PlainTextSelection>'
    )


def test_a_qualcoder_style_project_is_read_leniently(empty: Library, tmp_path: Path) -> None:
    sources = f"""
<TextSource guid="{guid(50)}" name="Interview one" plainTextPath="internal://{guid(50)}.txt">
  <Description>Memo on the interview</Description>
  {selection(1, position(INTERVIEW, "I   trust my neighbours."), 1, 2, note="Key *quote*")}
  {selection(2, position(INTERVIEW, "The pay is low — 很低 😀"), 4, 99)}
  {selection(3, (5, 999), 1)}
  {selection(4, position(INTERVIEW, "neighbours"), 1)}
  <NoteRef targetGUID="{guid(70)}"/>
  <VariableValue><VariableRef targetGUID="{guid(60)}"/><TextValue>Bea</TextValue></VariableValue>
</TextSource>
<PDFSource guid="{guid(51)}" name="Scan" path="internal://{guid(51)}.pdf">
  <PDFSelection guid="{guid(52)}" page="1" firstX="1" firstY="1" secondX="2" secondY="2"/>
</PDFSource>
<TextSource guid="{guid(53)}" name="Rich only" richTextPath="internal://{guid(53)}.docx"/>
<TextSource guid="{guid(54)}" name="Elsewhere" plainTextPath="absolute:///home/ann/x.txt"/>
<TextSource guid="{guid(55)}" name="Latin" plainTextPath="internal://{guid(55)}.txt"/>
<TextSource guid="{guid(56)}" name="Wide" plainTextPath="internal://{guid(56)}.txt">
  {selection(5, (0, 4), 4)}
</TextSource>
<PictureSource guid="{guid(57)}" name="Photo" path="internal://{guid(57)}.png"/>"""
    more = f"""<Notes><Note guid="{guid(70)}" name="memo"><PlainTextContent>A linked note</PlainTextContent></Note></Notes>"""
    qde = project_xml(sources, codes=CODES, more=more).replace(
        "<Sources>",
        f'<Variables><Variable guid="{guid(60)}" name="Author" typeOfVariable="Text"/></Variables><Sources>',
    )
    path = write_qdpx_file(
        tmp_path / "qualcoder.qdpx",
        qde,
        {
            f"Sources/{guid(50)}.txt": INTERVIEW.encode("utf-8"),  # capitalised folder, BOM, CRLF, blank lines
            f"Sources/{guid(55)}.txt": "Caf\xe9 cr\xe8me".encode("latin-1"),
            f"Sources/{guid(56)}.txt": "Wide text here".encode("utf-16"),
        },
    )
    applied = import_into(empty, path)
    report = applied.value
    by_exact = {a.exact: a for a in empty.store.all_annotations()}
    assert set(by_exact) == {"I trust my neighbours.", "The pay is low — 很低 😀", "neighbours", "Wide"}
    trust = by_exact["I trust my neighbours."]
    assert trust.tags == ("trust-issues", "trust-issues/in-out-group")
    assert trust.note == "Key *quote*"
    assert trust.color == "pink"  # #FF0000 is nearest in hue to pink
    assert by_exact["The pay is low — 很低 😀"].tags == ("work/pay",)  # the unknown code is left out
    interview = empty.store.document(trust.document_id)
    assert interview.text == "Interview one\nI trust my neighbours.\nThe pay is low — 很低 😀."
    assert (interview.title, interview.byline) == ("Interview one", "Bea")
    assert interview.note == "Memo on the interview\n\nA linked note"
    tags = {tag.name: tag for tag in empty.store.tags.counts()}
    assert (tags["trust-issues"].color, tags["trust-issues"].description) == ("pink", "When people doubt")
    assert tags["trust-issues/in-out-group"].color == "green"
    assert tags["work/pay"].color == "blue"
    assert "work" not in tags  # grey and without a description: nothing to keep
    assert (report.created, report.failed, report.documents_created) == (4, 2, 2)
    reasons = " | ".join(f"{problem.label}: {problem.reason}" for problem in report.problems)
    assert "outside its source's text" in reasons
    assert "source “Scan”: skipped: a PDF source" in reasons
    assert "source “Rich only”: skipped: only a rich-text version" in reasons
    assert "source “Elsewhere”: skipped: its text is kept outside the project file" in reasons
    assert "source “Latin”: skipped: its text is not UTF-8" in reasons
    assert "source “Photo”: skipped: a picture" in reasons
    assert "not in the codebook" in reasons
    again = import_into(empty, path)
    assert (again.value.created, again.value.skipped) == (0, 4)


def test_atlas_ti_counts_crlf_as_one_character(empty: Library, tmp_path: Path) -> None:
    text = "First line\r\nSecond line with a quote\r\n"
    start = text.replace("\r\n", "\n").index("quote")
    sources = f"""<TextSource guid="{guid(50)}" name="A" plainTextPath="internal://{guid(50)}.txt">
      {selection(1, (start, start + 5), 1)}</TextSource>"""
    codes = f'<Code guid="{guid(1)}" name="q" isCodable="true"/>'
    path = write_qdpx_file(
        tmp_path / "atlas.qdpx",
        project_xml(sources, origin="ATLAS.ti Windows 23", codes=codes),
        {f"sources/{guid(50)}.txt": text.encode()},
    )
    import_into(empty, path)
    assert [a.exact for a in empty.store.all_annotations()] == ["quote"]


def test_inline_text_and_a_root_level_project_file_name(empty: Library, tmp_path: Path) -> None:
    sources = f"""<TextSource guid="{guid(50)}" name="Inline">
      <PlainTextContent>Inline text to code.</PlainTextContent>{selection(1, (7, 11), 1)}</TextSource>"""
    path = tmp_path / "named.qdpx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "Interviews.qde", project_xml(sources, codes=f'<Code guid="{guid(1)}" name="c" isCodable="true"/>')
        )
    import_into(empty, path)
    assert [(a.exact, a.tags) for a in empty.store.all_annotations()] == [("text", ("c",))]


# -- hostile and broken files -----------------------------------------------------------------------------------
def refused(library: Library, path: Path, message: str) -> None:
    before = counts(library)
    with pytest.raises(AnnotationFileUnreadable, match=message):
        import_into(library, path)
    assert counts(library) == before


def test_a_file_that_is_not_a_zip_is_refused(empty: Library, write_file: WriteFile) -> None:
    refused(empty, write_file("notes.qdpx", "just some text"), "not a zip archive")


def test_a_zip_without_a_project_is_refused(empty: Library, tmp_path: Path) -> None:
    path = tmp_path / "other.qdpx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "hello")
    refused(empty, path, "no project.qde inside")


def test_a_zip_bomb_is_refused_before_inflating(empty: Library, tmp_path: Path) -> None:
    path = write_qdpx_file(tmp_path / "bomb.qdpx", b"<Project/>" + b" " * 30_000_000)
    refused(empty, path, "a zip bomb")


def test_too_many_members_or_too_much_inflated_is_refused(
    empty: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_qdpx_file(tmp_path / "many.qdpx", project_xml(""), {f"sources/{n}.txt": b"x" * 100 for n in range(6)})
    monkeypatch.setattr(package, "MAX_MEMBERS", 5)
    refused(empty, path, "over the 5-file limit")
    monkeypatch.setattr(package, "MAX_MEMBERS", 10_000)
    monkeypatch.setattr(package, "MAX_INFLATED_BYTES", 500)
    refused(empty, path, "inflate to")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        '<!DOCTYPE Project SYSTEM "http://example.invalid/project.dtd">',
    ],
    ids=["external-entity", "billion-laughs", "external-dtd"],
)
def test_xml_with_a_dtd_or_entities_is_refused(empty: Library, tmp_path: Path, doctype: str) -> None:
    sources = f"""<TextSource guid="{guid(50)}" name="A"><Description>&secret;</Description>
      <PlainTextContent>Some text</PlainTextContent></TextSource>"""
    qde = project_xml(sources).replace('<?xml version="1.0" encoding="utf-8"?>', f'<?xml version="1.0"?>{doctype}')
    if "secret" not in doctype:
        qde = qde.replace("&secret;", "&d;" if "ENTITY d" in doctype else "")
    refused(empty, write_qdpx_file(tmp_path / "dtd.qdpx", qde), "declares a DTD")


@pytest.mark.parametrize(
    ("qde", "message"),
    [
        ("<Project", "not well-formed XML"),
        ('<?xml version="1.0"?><Other xmlns="urn:something"/>', "not a REFI-QDA project"),
    ],
)
def test_broken_xml_is_refused_in_words(empty: Library, tmp_path: Path, qde: str, message: str) -> None:
    refused(empty, write_qdpx_file(tmp_path / "broken.qdpx", qde), message)


def test_member_names_are_never_paths_on_disk(empty: Library, tmp_path: Path) -> None:
    """A reference that climbs out of the folder is looked up in the zip, never extracted."""
    sources = f"""<TextSource guid="{guid(50)}" name="Climb" plainTextPath="internal://../../escaped.txt">
      {selection(1, (0, 4), 1)}</TextSource>"""
    codes = f'<Code guid="{guid(1)}" name="c" isCodable="true"/>'
    path = write_qdpx_file(tmp_path / "climb.qdpx", project_xml(sources, codes=codes), {"../../escaped.txt": b"Text"})
    import_into(empty, path)
    assert [a.exact for a in empty.store.all_annotations()] == ["Text"]  # read from the zip, in memory
    assert not list(tmp_path.parent.rglob("escaped.txt"))


# -- the pieces -------------------------------------------------------------------------------------------------
def test_colours_map_to_the_nearest_highlight_colour() -> None:
    assert [nearest_color(value) for value in ("#FFE066", "#9be59a", "#9FD0FF", "#FFB3D6", "#FFBF73")] == [
        "yellow", "green", "blue", "pink", "orange",
    ]  # fmt: skip
    assert nearest_color("#00FF00") == "green"
    assert nearest_color("#0000ff") == "blue"
    assert nearest_color("#FFFF00") == "yellow"
    assert nearest_color("#FFA500") == "orange"
    assert nearest_color("#F0F") == "pink"
    assert nearest_color("#808080") == nearest_color("#000000") == nearest_color("#FFFFFF") == ""
    assert nearest_color("red") == nearest_color(None) == nearest_color("#12345") == ""


def test_alignment_carries_positions_across_collapsed_white_space() -> None:
    source = "\ufeffA  b\r\n\r\n  c\x00d"
    target = "A b\ncd"
    mapped = align(source, target, [1, 5, 9, 11, 13, len(source)])
    assert mapped == {1: 0, 5: 3, 9: 4, 11: 4, 13: 5, len(source): 6}
    assert align("abc", "abd", [3]) is None


def test_a_damaged_or_unreadable_source_is_skipped_and_the_rest_imported(empty: Library, tmp_path: Path) -> None:
    codes = f'<Code guid="{guid(1)}" name="c" isCodable="true"/>'
    sources = "".join(
        f'<TextSource guid="{guid(50 + n)}" name="S{n}" plainTextPath="internal://{guid(50 + n)}.txt">'
        f"{selection(n, (0, 5), 1)}</TextSource>"
        for n in range(4)
    )
    path = tmp_path / "damaged.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as package:
        package.writestr("project.qde", project_xml(sources, codes=codes))
        package.writestr(f"sources/{guid(50)}.txt", "Hello world text")
        package.writestr(f"sources/{guid(51)}.txt", "Crc42 broken here")
        package.writestr(f"sources/{guid(52)}.txt", "\x01\x02\x03\x04\x05\x06")  # nothing a reader can show
        package.writestr(f"sources/{guid(53)}.txt", "Hello world text")  # the same text again: the same article
    path.write_bytes(path.read_bytes().replace(b"Crc42 broken", b"Crc43 broken"))
    report = import_into(empty, path).value
    assert empty.store.document_count() == 1
    assert [a.exact for a in empty.store.all_annotations()] == ["Hello", "Hello"]  # two selections, one article
    reasons = " | ".join(f"{problem.label}: {problem.reason}" for problem in report.problems)
    assert "source “S1”: skipped:" in reasons and "is damaged" in reasons
    assert "source “S2”: not imported:" in reasons and "no readable text" in reasons
    assert (report.created, report.failed) == (2, 2)


def test_texts_past_the_reading_budget_refuse_the_file(
    coded: Library, empty: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export(coded, tmp_path / "project.qdpx")
    monkeypatch.setattr(package, "MAX_READ_BYTES", 2_000)
    refused(empty, path, "add up to more than")
