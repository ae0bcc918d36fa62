"""Importing Word (.docx) files: structure and emphasis kept, metadata read, bad files refused quickly."""

from __future__ import annotations

import datetime as dt
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from annotations.blocks import html_to_text
from annotations.errors import ImportRefused
from annotations.importers import parse_file

WriteFile = Callable[[str, str | bytes], Path]
BULLET_NUM_ID, DECIMAL_NUM_ID = "1", "9"  # list definitions in python-docx's default template


def docx_bytes(build: Callable[[Document], None]) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _number(paragraph: Paragraph, num_id: str, level: int = 0) -> Paragraph:
    """Give ``paragraph`` direct list numbering, as Word does for lists typed in a "List Paragraph"."""
    numbering = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    paragraph._p.get_or_add_pPr().append(numbering)
    return paragraph


def _add_link(paragraph: Paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _append_xml(document: Document, xml: str) -> None:
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))  # before the final section properties


def _report(document: Document) -> None:
    properties = document.core_properties
    properties.title, properties.author = "Radar Networks", "Jane Analyst"
    properties.created = dt.datetime(2024, 5, 6, 9, 30)
    document.add_paragraph("Radar Networks in the Gulf", style="Title")
    document.add_heading("Overview", level=1)
    paragraph = document.add_paragraph("Coverage is ")
    paragraph.add_run("patchy").bold = True
    paragraph.add_run(" and ")
    paragraph.add_run("aging").italic = True
    paragraph.add_run(", <as> & the CO")
    paragraph.add_run("2").font.subscript = True
    paragraph.add_run(" budget shows.")
    document.add_heading("Sites", level=2)
    document.add_paragraph("Coastal sites", style="List Bullet")
    document.add_paragraph("Two on islands", style="List Bullet 2")
    document.add_paragraph("Inland sites", style="List Bullet")
    document.add_paragraph("Survey the sites", style="List Number")
    document.add_paragraph("Rank the gaps", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("Site", "Range"), ("Bushehr", "400 km")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("Deep", level=6)
    document.add_paragraph("The end.")


def test_a_report_keeps_headings_lists_tables_and_emphasis(write_file: WriteFile) -> None:
    document = parse_file(write_file("report.docx", docx_bytes(_report)))
    assert document.text.split("\n") == [
        "Radar Networks in the Gulf",
        "Overview",
        "Coverage is patchy and aging, <as> & the CO2 budget shows.",
        "Sites",
        "Coastal sites",
        "Two on islands",
        "Inland sites",
        "Survey the sites",
        "Rank the gaps",
        "Site\tRange",
        "Bushehr\t400 km",
        "Deep",
        "The end.",
    ]
    html = document.html
    assert "<h1>Radar Networks in the Gulf</h1>" in html and "<h1>Overview</h1>" in html
    assert "<h2>Sites</h2>" in html and "<h6>Deep</h6>" in html
    assert "<strong>patchy</strong>" in html and "<em>aging</em>" in html and "<sub>2</sub>" in html
    assert "<ul><li>Coastal sites<ul><li>Two on islands</li></ul></li><li>Inland sites</li></ul>" in _squash(html)
    assert "<ol><li>Survey the sites</li><li>Rank the gaps</li></ol>" in _squash(html)
    assert "<table>" in html and "<td>Bushehr</td>" in html
    assert document.format == "docx"
    assert html_to_text(document.html) == document.text


def test_core_properties_give_title_author_and_date(write_file: WriteFile) -> None:
    document = parse_file(write_file("report.docx", docx_bytes(_report)))
    assert (document.title, document.byline, document.published) == ("Radar Networks", "Jane Analyst", "2024-05-06")


def test_without_a_core_title_the_title_paragraph_is_the_title(write_file: WriteFile) -> None:
    def build(document: Document) -> None:
        document.core_properties.title = ""
        document.add_paragraph("Front matter note")
        document.add_paragraph("The Visible Title", style="Title")
        document.add_paragraph("Body.")

    assert parse_file(write_file("untitled.docx", docx_bytes(build))).title == "The Visible Title"


def test_lists_numbered_directly_follow_their_numbering_format(write_file: WriteFile) -> None:
    def build(document: Document) -> None:
        _number(document.add_paragraph("first step", style="List Paragraph"), DECIMAL_NUM_ID)
        _number(document.add_paragraph("a detail", style="List Paragraph"), BULLET_NUM_ID, level=1)
        _number(document.add_paragraph("second step", style="List Paragraph"), DECIMAL_NUM_ID)
        document.add_paragraph("After the list.")

    html = _squash(parse_file(write_file("steps.docx", docx_bytes(build))).html)
    assert "<ol><li>first step<ul><li>a detail</li></ul></li><li>second step</li></ol><p>After the list.</p>" in html


def test_web_links_are_kept_and_other_links_become_text(write_file: WriteFile) -> None:
    def build(document: Document) -> None:
        paragraph = document.add_paragraph("See ")
        _add_link(paragraph, "https://example.org/radars", "the survey")
        paragraph.add_run(" and ")
        _add_link(paragraph, "javascript:alert(1)", "this")
        paragraph.add_run(".")

    document = parse_file(write_file("links.docx", docx_bytes(build)))
    assert document.text == "See the survey and this."
    assert '<a href="https://example.org/radars">the survey</a>' in document.html
    assert "javascript" not in document.html


def test_text_in_content_controls_and_tracked_insertions_is_kept_deletions_are_not(write_file: WriteFile) -> None:
    def build(document: Document) -> None:
        _append_xml(
            document,
            f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Cover text in a control</w:t></w:r>"
            "</w:p></w:sdtContent></w:sdt>",
        )
        _append_xml(
            document,
            f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">Budget rose </w:t></w:r>'
            '<w:del w:id="1" w:author="A"><w:r><w:delText>slightly</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="A"><w:r><w:t>sharply</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>',
        )

    document = parse_file(write_file("tracked.docx", docx_bytes(build)))
    assert document.text.split("\n") == ["Cover text in a control", "Budget rose sharply."]


# -- bad files ---------------------------------------------------------------------------------------
def _zip_with(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def _inflating_docx(padding_mb: int) -> bytes:
    """A real .docx whose word/document.xml carries ``padding_mb`` MB of white space (compresses ~1000:1)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(lambda document: document.add_paragraph("Tiny."))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "word/document.xml":
                package.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with package.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(head + b"<w:body>")
                for _ in range(padding_mb):
                    member.write(b" " * 1024 * 1024)
                member.write(tail)
    return out.getvalue()


_SPREADSHEET = {  # the skeleton of an .xlsx: a valid Office package, but not a Word document
    "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
    "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
}
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
BAD_FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty": (lambda: b"", "the file is empty"),
    "text": (lambda: b"Just some notes, saved with the wrong name.\n", "not a Word .docx file"),
    "image": (lambda: _PNG, "not a Word .docx file"),
    "legacy-doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "old-format (.doc)"),
    "truncated": (lambda: docx_bytes(_report)[:20_000], "damaged or truncated"),
    "spreadsheet": (lambda: _zip_with(_SPREADSHEET), "not a Word document"),
    "bad-xml": (
        lambda: _zip_with({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}),
        "damaged",
    ),
    "zip-bomb": (lambda: _inflating_docx(64), "over the 20 MB limit (a zip bomb?)"),
    "ratio-bomb": (lambda: _inflating_docx(12), "inflates"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_are_refused_quickly_in_one_line(write_file: WriteFile, kind: str) -> None:
    make, reason = BAD_FILES[kind]
    path = write_file(f"{kind}.docx", make())
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ImportRefused) as refused:
            parse_file(path)
        seconds = time.perf_counter() - started
        peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    message = str(refused.value)
    assert message.startswith(f"{kind}.docx: ") and reason in message and "\n" not in message, message
    assert seconds < 5 and peak_mb < 500, (seconds, peak_mb)


def _squash(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())
