"""Importing PDFs: paragraphs rebuilt from printed lines, metadata, and clear, quick refusals of bad files.

Every PDF here is written by the tests themselves: ``pdf_file`` lays out lines of text with the
standard Helvetica fonts, and ``raw_pdf`` assembles arbitrary objects (for damaged and hostile files).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_writer import Text, pdf_file, raw_pdf, stream_object
from pypdf import PdfReader, PdfWriter

from annotations.blocks import html_to_text
from annotations.errors import ImportRefused
from annotations.importers import parse_file
from annotations.importers.pdf_layout import Line, Page, rebuild

REPO_ROOT = Path(__file__).resolve().parents[2]
WriteFile = Callable[[str, str | bytes], Path]




def encrypted(data: bytes, user_password: str, algorithm: str = "RC4-128") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def measure_import(path: Path) -> dict[str, object]:
    """Import ``path`` in a fresh interpreter: the outcome, the seconds parse_file took, and peak memory (MB)."""
    pytest.importorskip("resource")
    script = """
import json, resource, sys, time
from pathlib import Path
from annotations.errors import ImportRefused
from annotations.importers import parse_file

def peak_mb():
    try:  # this process's own high-water mark (ru_maxrss may include the parent's, across fork and exec)
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)

start = time.perf_counter()
try:
    outcome = "imported: " + parse_file(Path(sys.argv[1])).text[:200]
except ImportRefused as refused:
    outcome = str(refused)
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# -- a report ----------------------------------------------------------------------------------------
REPORT_PAGE_1 = [
    Text("Quarterly Review | Regional Security", 752, size=8),
    Text("Air Defense in the Gulf", 700, size=20),
    Text("The region's air-defense networks grew quickly. Their secu-", 660),
    Text("rity depends on radars bought abroad and on crews", 646),
    Text("trained at home.", 632),
    Text("A second paragraph begins after a gap and it runs", 604),
    Text("on until the bottom of the page, where it is cut", 590),
    Text("short in the middle of a sen-", 576),
    Text("1", 40, x=300, size=9),
]
REPORT_PAGE_2 = [
    Text("Quarterly Review | Regional Security", 752, size=8),
    Text("tence and carries on here.", 700),
    Text("Findings", 664, size=15),
    Text("The air-", 630),
    Text("defense budget doubled, and the COVID-", 616),
    Text("19 years slowed deliveries.", 602),
    Text("Page 2 of 2", 40, x=280, size=9),
]
REPORT_INFO = {"Title": "Gulf Air Defense 2024", "Author": "Jane Analyst", "CreationDate": "D:20240506120000+02'00'"}


def test_a_report_reads_as_headings_and_paragraphs(write_file: WriteFile) -> None:
    document = parse_file(write_file("report.pdf", pdf_file([REPORT_PAGE_1, REPORT_PAGE_2], REPORT_INFO)))
    assert document.text.split("\n") == [
        "Air Defense in the Gulf",
        "The region's air-defense networks grew quickly. Their security depends on radars bought abroad "
        "and on crews trained at home.",
        "A second paragraph begins after a gap and it runs on until the bottom of the page, where it is cut "
        "short in the middle of a sentence and carries on here.",
        "Findings",
        "The air-defense budget doubled, and the COVID-19 years slowed deliveries.",
    ]
    assert "<h1>Air Defense in the Gulf</h1>" in document.html and "<h2>Findings</h2>" in document.html
    assert document.format == "pdf"
    assert html_to_text(document.html) == document.text


def test_running_headers_and_page_numbers_are_dropped(write_file: WriteFile) -> None:
    document = parse_file(write_file("report.pdf", pdf_file([REPORT_PAGE_1, REPORT_PAGE_2])))
    assert "Quarterly Review" not in document.text
    assert "Page 2 of 2" not in document.text
    assert not any(line.strip().isdigit() for line in document.text.split("\n"))


def test_headers_that_carry_the_page_number_are_dropped(write_file: WriteFile) -> None:
    bodies = ["Radars see far.", "Missiles fly fast.", "Crews train hard.", "Budgets grow.", "Plans change."]
    pages = [
        [Text(f"Chapter 1: Radars {number}", 752, size=8), Text(body, 700)]
        for number, body in enumerate(bodies, start=1)
    ]
    document = parse_file(write_file("book.pdf", pdf_file(pages)))
    assert document.text.split("\n") == bodies


def test_metadata_gives_title_author_and_date(write_file: WriteFile) -> None:
    document = parse_file(write_file("report.pdf", pdf_file([REPORT_PAGE_1, REPORT_PAGE_2], REPORT_INFO)))
    assert (document.title, document.byline, document.published) == (
        "Gulf Air Defense 2024",
        "Jane Analyst",
        "2024-05-06",
    )


@pytest.mark.parametrize("junk", ["", "Microsoft Word - draft_v3.docx", "untitled"])
def test_without_a_real_title_the_first_page_supplies_one(write_file: WriteFile, junk: str) -> None:
    document = parse_file(write_file("r.pdf", pdf_file([REPORT_PAGE_1, REPORT_PAGE_2], {"Title": junk})))
    assert document.title == "Air Defense in the Gulf"


def test_without_large_type_the_first_substantial_line_is_the_title(write_file: WriteFile) -> None:
    page = [Text("DRAFT", 740), Text("Notes on radar procurement", 720), Text("Body text follows here.", 690)]
    assert parse_file(write_file("notes.pdf", pdf_file([page]))).title == "Notes on radar procurement"


def test_paragraphs_set_without_gaps_are_split_at_indents() -> None:
    lines = [
        Line("The first paragraph is long enough to fill the", 72, 700, 11),
        Line("line and then it ends here.", 72, 687, 11),
        Line("The second paragraph starts with an indent", 90, 674, 11),
        Line("like a book would set it, without extra space.", 72, 661, 11),
    ]
    blocks = rebuild([Page(1, lines)]).blocks
    assert [block.text for block in blocks] == [
        "The first paragraph is long enough to fill the line and then it ends here.",
        "The second paragraph starts with an indent like a book would set it, without extra space.",
    ]


def test_a_paragraph_continues_into_the_next_column() -> None:
    lines = [
        Line("A sentence that starts at the foot of one", 72, 100, 11),
        Line("column and ends", 72, 87, 11),
        Line("at the top of the next one.", 320, 700, 11),
    ]
    blocks = rebuild([Page(1, lines)]).blocks
    assert [block.text for block in blocks] == [
        "A sentence that starts at the foot of one column and ends at the top of the next one."
    ]


# -- refusals ----------------------------------------------------------------------------------------
def test_a_scan_without_a_text_layer_is_refused(write_file: WriteFile) -> None:
    drawing = stream_object(b"q 0.5 g 72 72 468 648 re f Q 0 0 m 612 792 l S")
    with pytest.raises(ImportRefused) as refused:
        parse_file(write_file("scan.pdf", pdf_file([drawing, drawing])))
    assert str(refused.value) == "scan.pdf: no text layer (a scanned PDF? run OCR first)"


def test_a_scan_with_only_page_numbers_is_refused_as_a_scan(write_file: WriteFile) -> None:
    pages = [[Text(str(number), 40, x=300, size=9)] for number in (1, 2, 3)]
    with pytest.raises(ImportRefused, match=r"scan\.pdf: no text layer"):
        parse_file(write_file("scan.pdf", pdf_file(pages)))


def test_text_in_fonts_without_a_unicode_map_is_refused(write_file: WriteFile) -> None:
    """Glyph numbers of a subset font without a ToUnicode map come out as control characters, not words."""
    cid_font = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Subset /DW 500"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"
    )
    glyphs = b"".join(b"%04x" % code for code in range(1, 31)) * 10
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
    data = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page,
            stream_object(b"BT /F1 12 Tf 72 700 Td <" + glyphs + b"> Tj ET"),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Subset /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            cid_font,
        ]
    )
    with pytest.raises(ImportRefused, match=r"^glyphs\.pdf: the text layer is unreadable"):
        parse_file(write_file("glyphs.pdf", data))


def test_a_password_protected_pdf_is_refused(write_file: WriteFile) -> None:
    path = write_file("locked.pdf", encrypted(pdf_file([REPORT_PAGE_1]), "secret"))
    with pytest.raises(ImportRefused) as refused:
        parse_file(path)
    message = str(refused.value)
    assert message.startswith("locked.pdf: ") and "password" in message and "\n" not in message


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_encrypted_with_an_empty_password_imports(write_file: WriteFile, algorithm: str) -> None:
    data = encrypted(pdf_file([REPORT_PAGE_1], REPORT_INFO), "", algorithm)
    document = parse_file(write_file("restricted.pdf", data))
    assert document.title == "Gulf Air Defense 2024"
    assert "Their security depends on radars" in document.text


@pytest.mark.parametrize("keep", [0.9, 0.5, 0.1])
def test_a_truncated_pdf_is_refused(write_file: WriteFile, keep: float) -> None:
    data = pdf_file([REPORT_PAGE_1, REPORT_PAGE_2])
    path = write_file("cut.pdf", data[: int(len(data) * keep)])
    with pytest.raises(ImportRefused, match=r"^cut\.pdf: the PDF is truncated"):
        parse_file(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><body>Not a PDF</body></html>", "not a PDF file"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "damaged"),
        (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
            "damaged",
        ),
    ],
    ids=["html", "garbage", "no-pages"],
)
def test_malformed_pdfs_are_refused_in_one_line(write_file: WriteFile, content: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        parse_file(write_file("bad.pdf", content))
    message = str(refused.value)
    assert message.startswith("bad.pdf: ") and reason in message and "\n" not in message


def test_a_page_over_the_limits_is_skipped_with_a_note(write_file: WriteFile) -> None:
    inflating = zlib.compress(b" " * 40_000_000)  # 40 MB of nothing: over the 20 MB a content stream may inflate to
    bomb_page = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(inflating), inflating)
    document = parse_file(write_file("mixed.pdf", pdf_file([REPORT_PAGE_1, bomb_page, REPORT_PAGE_2])))
    assert "[Page 2 was skipped: its content is over Lectern's safety limits.]" in document.text.split("\n")
    assert "Findings" in document.text


# -- hostile files: refused (or read) within 5 s and 500 MB ------------------------------------------------
def _single_page(content: bytes) -> bytes:
    return pdf_file([content])


def _flate(chunk: bytes, repeat: int) -> bytes:
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(chunk) for _ in range(repeat)) + compressor.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)


def _pages_sharing(content: bytes, count: int) -> bytes:
    """``count`` pages that all draw the one content stream (object 3): tiny file, much work."""
    kids = b" ".join(b"%d 0 R" % (5 + index) for index in range(count))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            content,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *[page] * count,
        ]
    )


BOMBS = {
    # 100 MB of spaces in one content stream, 100 kB compressed
    "flate-100MB": lambda: _single_page(_flate(b" " * 1_000_000, 100)),
    # a million text operators in one stream, 100 kB compressed
    "operators": lambda: _single_page(_flate(b"BT /F1 10 Tf 72 700 Td (radar) Tj ET\n" * 1000, 1000)),
    # 2,000 pages drawing one stream of 150,000 path operators
    "shared-graphics": lambda: _pages_sharing(_flate(b"1 1 l ", 50_000), 2000),
    # 1,500 pages repeating one page of text: far more text than the file could hold
    "shared-text": lambda: _pages_sharing(
        _flate(b"BT /F1 10 Tf 72 700 Td " + b"(radar site) Tj 0 -12 Td " * 2000, 1), 1500
    ),
    # 30,000 pages
    "pages": lambda: _pages_sharing(stream_object(b"BT /F1 10 Tf 72 700 Td (x) Tj ET"), 30_000),
    # arrays nested 100,000 deep in a content stream, dictionaries 50,000 deep in an object
    "nested-arrays": lambda: _single_page(_flate(b"BT /F1 10 Tf " + b"[" * 100_000 + b"]" * 100_000 + b" TJ ET", 1)),
    "nested-dicts": lambda: _single_page(
        b"<< /Length 3 /X " + b"<< /A " * 50_000 + b">>" * 50_000 + b" >>\nstream\nabc\nendstream"
    ),
}


@pytest.mark.parametrize("kind", list(BOMBS))
def test_hostile_pdfs_cost_under_5_seconds_and_500_mb(write_file: WriteFile, kind: str) -> None:
    path = write_file(f"{kind}.pdf", BOMBS[kind]())
    result = measure_import(path)
    assert str(result["outcome"]).startswith(f"{kind}.pdf: "), result  # refused, with a reason naming the file
    assert result["seconds"] < 5, result
    assert result["peak_mb"] < 500, result
