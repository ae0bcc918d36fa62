"""Writing small PDFs for tests: lines of text in the standard Helvetica fonts, or arbitrary objects."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A line of text drawn at (x, y) points from the bottom left of a US Letter page."""

    text: str
    y: float
    x: float = 72
    size: float = 11
    bold: bool = False


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def content_stream(lines: Sequence[Text]) -> bytes:
    return b"\n".join(
        b"BT /%s %g Tf %g %g Td %s Tj ET"
        % (b"F2" if line.bold else b"F1", line.size, line.x, line.y, _literal(line.text))
        for line in lines
    )


def stream_object(content: bytes, *, compress: bool = False) -> bytes:
    if compress:
        content = zlib.compress(content)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content)
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


def raw_pdf(objects: Sequence[bytes], *, info: int | None = None) -> bytes:
    """A PDF file of ``objects`` (numbered from 1; object 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info_entry = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info_entry, xref)
    return bytes(out)


def pdf_file(pages: Sequence[Sequence[Text] | bytes], info: dict[str, str] | None = None) -> bytes:
    """A PDF with one page per entry: lines of text, or a ready content stream object."""
    fonts = b"<< /Font << /F1 3 0 R /F2 4 0 R >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (5 + 2 * index) for index in range(len(pages))), len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for index, page in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
            % (fonts, 6 + 2 * index)
        )
        objects.append(page if isinstance(page, bytes) else stream_object(content_stream(page), compress=True))
    if not info:
        return raw_pdf(objects)
    objects.append(b"<< %s >>" % b" ".join(b"/%s %s" % (key.encode(), _literal(value)) for key, value in info.items()))
    return raw_pdf(objects, info=len(objects))
