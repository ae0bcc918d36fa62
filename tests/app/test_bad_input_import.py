"""Every class of bad input from issue 3, imported together: each refused (or read) quickly with one line,
nothing half-stored, and the good file beside them still imported."""

from __future__ import annotations

import io
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
from pdf_writer import Text, pdf_file, raw_pdf
from pypdf import PdfReader, PdfWriter

from app import Library

WriteFile = Callable[[str, str | bytes], Path]


def _inflation_bomb() -> bytes:
    """One page whose content stream inflates from ~100 KB to 100 MB."""
    compressor = zlib.compressobj(9)
    chunk = b" " * 1_000_000
    packed = b"".join(compressor.compress(chunk) for _ in range(100)) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream,
        ]
    )


def _locked_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_file([[Text("Secret findings", y=700)]]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("A paragraph long enough to be a document body.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_each_bad_input_class_is_refused_in_one_line_and_nothing_partial_is_stored(
    library: Library, write_file: WriteFile
) -> None:
    good = write_file("good.md", "# A good article\n\nIt mentions air defense support once.\n")
    pdf = pdf_file([[Text("Report", y=700, size=18), Text("Body text of the report.", y=660)]])
    write_file("zero.md", b"")
    write_file("disguised.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    write_file("truncated.pdf", pdf[: len(pdf) // 2])
    write_file("truncated.docx", _docx_bytes()[:1500])
    write_file("locked.pdf", _locked_pdf())
    write_file("bomb.pdf", _inflation_bomb())
    write_file("malformed.html", "<html><body><p>Unclosed <b>bold <i>and <div>stray</span></p></td>")
    write_file("nested.html", "<html><body>" + "<div>" * 10_000 + "Deep text" + "</div>" * 10_000 + "</body></html>")
    huge = good.parent / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk

    timings: dict[str, float] = {}
    outcomes = []
    for path in sorted(good.parent.iterdir()):
        started = time.perf_counter()
        outcomes.extend(library.documents.import_paths([path]).value)
        timings[path.name] = time.perf_counter() - started
    library.index.flush()

    by_name = {outcome.path.name: outcome for outcome in outcomes}
    refused = {name for name, outcome in by_name.items() if outcome.error}
    assert refused == {"zero.md", "disguised.txt", "truncated.pdf", "truncated.docx", "locked.pdf", "bomb.pdf", "huge.html"}
    for name in refused:
        message = by_name[name].error
        assert message.startswith(f"{name}: ") and "\n" not in message and len(message) < 200, message
    assert all(seconds < 5 for seconds in timings.values()), timings
    imported = {outcome.document.title for outcome in outcomes if outcome.document is not None}
    assert "A good article" in imported
    assert len(library.documents.summaries()) == len(imported) == 3  # good.md, malformed.html, nested.html
    assert library.store.pending_index_count() == 0
    assert [hit.title for hit in library.index.search('"air defense support"').hits] == ["A good article"]
