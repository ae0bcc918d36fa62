"""CSV and XLSX: one row per highlight with the same columns; read back, they give the same values
(notes with commas, quotes and newlines included), and a cell that looks like a formula stays text."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from file_writing import WriteFile

from app import Library
from app.exports.options import ExportOptions
from app.exports.scope import ExportScope
from app.exports.tabular import COLUMNS, TEAM_COLUMNS

TRICKY_NOTE = 'Commas, "quotes", a\nnew line,\r\nand a CRLF; ünïcödé — “curly” and a tab\there'
ARTICLE = """\
---
title: Interceptors, "Radars" and more
author: Jane Doe
date: 2025-03-04
source: https://example.org/interceptors
---

Radar exports are visible. =SUM(A1:A2) is in the text. Interceptor stocks are finite.
"""


@pytest.fixture
def coded(library: Library, write_file: WriteFile) -> Library:
    document = library.documents.import_file(write_file("a.md", ARTICLE)).value.document
    assert document is not None
    library.annotations.add_quote(document.id, "Radar exports", tags=["air-defense", "region/iran"], note=TRICKY_NOTE)
    library.annotations.add_quote(document.id, "=SUM(A1:A2)", note="@mention +1 -minus", color="green")
    library.annotations.add_quote(document.id, "Interceptor stocks", style="underline")
    library.index.flush()
    return library


def expected_rows(library: Library) -> list[dict[str, str]]:
    document = library.documents.get(1)
    return [
        {
            "article_title": document.title,
            "author": "Jane Doe",
            "date": "2025-03-04",
            "site": "",
            "source": "https://example.org/interceptors",
            "quote": annotation.exact,
            "prefix": annotation.prefix,
            "suffix": annotation.suffix,
            "start": str(annotation.start),
            "end": str(annotation.end),
            "colour": annotation.color,
            "style": annotation.style,
            "tags": ";".join(annotation.tags),
            "note": annotation.note,
            "claims": "",
            "created": annotation.created,
            "modified": annotation.modified,
            "annotation_uuid": annotation.uuid,
            # a team library's highlights say who made them and who sees them
            **({"creator": annotation.creator, "modified_by": annotation.modified_by,
                "visibility": annotation.visibility} if library.team else {}),
        }  # fmt: skip
        for annotation in library.annotations.for_document(document.id)
    ]


def expected_columns(library: Library) -> list[str]:
    return [*COLUMNS, *(TEAM_COLUMNS if library.team else ())]


def export(library: Library, path: Path, **options: object) -> Path:
    library.exports.export(ExportScope(), ExportOptions(**options), path)  # type: ignore[arg-type]
    return path


def test_csv_reads_back_with_the_same_values(coded: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "highlights.csv", format="csv", style="")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # plain UTF-8: no byte-order mark
    with path.open(encoding="utf-8", newline="") as file:
        read = list(csv.DictReader(file))
    assert read == expected_rows(coded)
    assert read[0]["note"] == TRICKY_NOTE  # commas, quotes, LF, CRLF and a tab survive
    assert read[1]["quote"] == "=SUM(A1:A2)"  # plain CSV is data: exact


def test_a_csv_for_excel_has_a_bom_and_shows_formulas_as_text(coded: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "excel.csv", format="csv", style="", excel=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as file:
        read = list(csv.DictReader(file))
    assert [row["quote"] for row in read] == ["Radar exports", "'=SUM(A1:A2)", "Interceptor stocks"]
    assert read[1]["note"] == "'@mention +1 -minus"
    assert read[0]["note"] == TRICKY_NOTE


def test_a_citation_style_adds_the_reference_column(coded: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "cited.csv", format="csv", style="chicago-note")
    with path.open(encoding="utf-8", newline="") as file:
        read = list(csv.DictReader(file))
    assert list(read[0]) == [*expected_columns(coded), "citation"]
    assert {row["citation"] for row in read} == {
        "Jane Doe, “Interceptors, ‘Radars’ and More,” March 4, 2025, https://example.org/interceptors."
    }


def test_xlsx_holds_the_same_rows_with_text_as_strings_and_no_formula(coded: Library, tmp_path: Path) -> None:
    path = export(coded, tmp_path / "highlights.xlsx", format="xlsx", style="")
    header, *rows, kinds = read_xlsx(path)
    assert header == expected_columns(coded)
    assert [dict(zip(header, row, strict=True)) for row in rows] == expected_rows(coded)
    assert "formula" not in kinds and kinds == {"string", "number"}  # =SUM(A1:A2) is a string cell


def read_xlsx(path: Path) -> list:  # type: ignore[type-arg]
    """The first sheet's rows as strings (numbers as their digits), then the set of cell kinds seen:
    read from the OOXML itself, as any spreadsheet reads it."""
    namespace = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as archive:
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            strings = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in item.iter(f"{{{namespace['m']}}}t")) for item in strings]
    rows, kinds = [], set()
    for row in sheet.iterfind(".//m:sheetData/m:row", namespace):
        values: dict[int, str] = {}
        for cell in row.iterfind("m:c", namespace):
            column = _column(cell.get("r", ""))
            if cell.find("m:f", namespace) is not None:
                kinds.add("formula")
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                kinds.add("string")
                values[column] = _unescape("".join(t.text or "" for t in cell.iter(f"{{{namespace['m']}}}t")))
            elif kind == "s":
                kinds.add("string")
                values[column] = _unescape(shared[int(cell.findtext("m:v", "", namespace))])
            else:
                kinds.add("number" if kind == "n" else kind)
                values[column] = cell.findtext("m:v", "", namespace)
        width = max(values, default=-1) + 1
        rows.append([values.get(column, "") for column in range(max(width, len(COLUMNS)))])
    return [*rows, kinds]


def _unescape(text: str) -> str:
    """OOXML writes control characters (a CR) as _xHHHH_; a spreadsheet shows the character."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), text)


def _column(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference)
    assert letters is not None
    number = 0
    for letter in letters.group():
        number = number * 26 + ord(letter) - 64
    return number - 1


def test_rows_are_highlights_only_even_with_mentions(coded: Library, tmp_path: Path) -> None:
    path = tmp_path / "radar.csv"
    report = coded.exports.export(
        ExportScope(query="radar", mentions=True), ExportOptions(format="csv", style=""), path
    )
    with path.open(encoding="utf-8", newline="") as file:
        assert [row["quote"] for row in csv.DictReader(file)] == ["Radar exports"]
    assert (report.highlights, report.mentions) == (1, 0)


def test_a_note_longer_than_a_spreadsheet_cell_is_cut_with_a_mark_in_xlsx_only(coded: Library, tmp_path: Path) -> None:
    long_note = "word " * 8000  # 40,000 characters; a cell holds 32,767
    coded.annotations.update(coded.annotations.for_document(1)[2].id, note=long_note)
    header, *rows, _kinds = read_xlsx(export(coded, tmp_path / "long.xlsx", format="xlsx", style=""))
    note = rows[2][header.index("note")]
    assert len(note) == 32_767 and note.endswith(" […cut: longer than a spreadsheet cell holds]")
    with export(coded, tmp_path / "long.csv", format="csv", style="").open(encoding="utf-8", newline="") as file:
        assert list(csv.DictReader(file))[2]["note"] == long_note  # CSV has no such limit: exact


def test_an_orphaned_highlight_keeps_its_row_without_offsets(
    coded: Library, write_file: WriteFile, tmp_path: Path
) -> None:
    newer = ARTICLE.replace("Radar exports are visible. ", "")  # the first highlight's passage is gone
    _outcome, reanchoring = coded.documents.reimport_file(write_file("newer.md", newer)).value
    assert reanchoring is not None and len(reanchoring.orphaned) == 1
    path = export(coded, tmp_path / "after.csv", format="csv", style="")
    with path.open(encoding="utf-8", newline="") as file:
        orphan = next(row for row in csv.DictReader(file) if row["quote"] == "Radar exports")
    assert (orphan["start"], orphan["end"]) == ("", "")
    digest = export(coded, tmp_path / "after.md", format="markdown", style="").read_text(encoding="utf-8")
    assert "> Radar exports\n\n-   Passage lost: not found in the article's current text\n" in digest
