"""Highlights as a table, one row per highlight: CSV (UTF-8) and the same columns as an XLSX workbook.

Rows are highlights only. A query's mentions are not highlights (no colour, tags or note), so a table
never lists them; the Markdown digest does. An orphaned highlight (its passage lost in a new version of
the text) has empty start and end, as its old offsets fit no text.

Formula injection: a spreadsheet reads a cell that starts with = + - @ as a formula, and highlights hold
words from imported web pages. The XLSX workbook writes every text cell as a string, which Excel never
evaluates, so its data stays exact. A CSV is data and stays exact by default (Python's ``csv`` reads back
the same values); the "for Excel" CSV, meant to be opened by double-clicking, starts with a byte-order
mark (so Excel reads UTF-8) and puts an apostrophe before a cell that starts with = + - @ (or a tab or a
carriage return), which makes Excel show the cell as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from annotations.models import Annotation
from app.exports.atomic import atomic_file
from app.exports.citations import NOTE_STYLES, Reference, html_to_text
from app.exports.claim_links import LinkedClaim, claims_text
from app.exports.options import ExportOptions
from app.exports.references import References, pause
from app.exports.scope import ExportSet, Progress

COLUMNS = (
    "article_title",
    "author",
    "date",
    "site",
    "source",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
    "colour",
    "style",
    "tags",
    "note",
    "claims",  # "supports: <claim>; contradicts: <claim>" (app.exports.claim_links.claims_text)
    "created",
    "modified",
    "annotation_uuid",
)
TEAM_COLUMNS = ("creator", "modified_by", "visibility")  # added when the highlights come from a team library
CITATION_COLUMN = "citation"  # added when a citation style is chosen: the article's reference in it
TAG_SEPARATOR = ";"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_LIMIT = 32_767  # characters Excel holds in one cell

Row = list[str | int]


def columns(options: ExportOptions, team: bool = False) -> tuple[str, ...]:
    return (*COLUMNS, *(TEAM_COLUMNS if team else ()), *((CITATION_COLUMN,) if options.style else ()))


def from_team(export_set: ExportSet) -> bool:
    """Whether the highlights carry who made them (a team library's do; a personal library's creator is "")."""
    return any(annotation.creator for item in export_set.items for annotation in item.annotations)


def rows(export_set: ExportSet, options: ExportOptions, progress: Progress | None = None) -> Iterator[Row]:
    """One row per highlight, in the export's order (articles in library order, highlights in text order)."""
    team = from_team(export_set)
    cited = [item.document for item in export_set.items if item.annotations] if options.style else []
    with References(options.style, cited, entry=options.style not in NOTE_STYLES, workers=1) as references:
        total = len(export_set.items)
        for number, item in enumerate(export_set.items):
            if number % 20 == 0:
                pause()
                if progress is not None:
                    progress(number, total)
            if not item.annotations:
                continue
            document = item.document
            article: Row = [document.title, document.byline, document.published, document.site, document.source]
            citation = [_citation(references.get(document))] if options.style else []
            for annotation in item.annotations:
                who: Row = [annotation.creator, annotation.modified_by, annotation.visibility] if team else []
                yield article + _highlight(annotation, export_set.claims.get(annotation.id, ())) + who + citation
    if progress is not None:
        progress(total, total)


def _highlight(annotation: Annotation, claims: tuple[LinkedClaim, ...]) -> Row:
    return [
        annotation.exact,
        annotation.prefix,
        annotation.suffix,
        "" if annotation.orphaned else annotation.start,
        "" if annotation.orphaned else annotation.end,
        annotation.color,
        annotation.style,
        TAG_SEPARATOR.join(annotation.tags),
        annotation.note,
        claims_text(claims),
        annotation.created,
        annotation.modified,
        annotation.uuid,
    ]


def _citation(ref: Reference) -> str:
    """The article's reference as plain text: the note for a note style, else the bibliography entry."""
    return html_to_text(ref.citation if ref.is_note else ref.entry)


# -- CSV -------------------------------------------------------------------------------------------
def write_csv(export_set: ExportSet, path: Path, options: ExportOptions, progress: Progress | None = None) -> None:
    """UTF-8 CSV with a header row (RFC 4180 quoting, CRLF rows); ``options.excel``: see the module."""
    encoding = "utf-8-sig" if options.excel else "utf-8"
    with atomic_file(path, "w", encoding=encoding, newline="") as file:
        _write_csv_rows(file, export_set, options, progress)


def _write_csv_rows(file: IO[str], export_set: ExportSet, options: ExportOptions, progress: Progress | None) -> None:
    writer = csv.writer(file)
    writer.writerow(columns(options, from_team(export_set)))
    for row in rows(export_set, options, progress):  # a loop here, not writerows: see pause()
        writer.writerow([_as_text(cell) for cell in row] if options.excel else row)


def _as_text(cell: str | int) -> str | int:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


# -- XLSX ------------------------------------------------------------------------------------------
def write_xlsx(export_set: ExportSet, path: Path, options: ExportOptions, progress: Progress | None = None) -> None:
    """One worksheet, "Highlights": a bold, frozen header row and a row per highlight; text cells are
    strings (never formulas), numbers numbers; a cell longer than Excel allows is cut with a mark."""
    import xlsxwriter  # imported here: only an XLSX export needs it

    with atomic_file(path, "wb") as file:
        workbook = xlsxwriter.Workbook(
            file,
            {
                "constant_memory": True,  # rows are streamed to disk: memory stays flat on a big library
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        sheet = workbook.add_worksheet("Highlights")
        header = workbook.add_format({"bold": True})
        names = columns(options, from_team(export_set))
        sheet.write_row(0, 0, names, header)
        sheet.freeze_panes(1, 0)
        write_string, write_number = sheet.write_string, sheet.write_number  # 1.7 million cells: keep it lean
        for number, row in enumerate(rows(export_set, options, progress), start=1):
            for column, cell in enumerate(row):
                if cell.__class__ is not str:
                    write_number(number, column, cell)
                elif cell:
                    write_string(number, column, cell if len(cell) <= XLSX_CELL_LIMIT else _cut(cell))
        sheet.autofilter(0, 0, 0, len(names) - 1)
        workbook.close()


def _cut(text: str) -> str:
    """A text longer than a cell holds, cut with a mark. (Control characters need nothing: xlsxwriter
    writes them as OOXML escapes, which spreadsheets read back.)"""
    mark = " […cut: longer than a spreadsheet cell holds]"
    return text[: XLSX_CELL_LIMIT - len(mark)] + mark
