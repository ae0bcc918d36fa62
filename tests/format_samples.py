"""One small document in each binary or web format, written by the tests: a PDF, a Word file, a saved page."""

from __future__ import annotations

from pathlib import Path

import docx
from pdf_writer import Text, pdf_file

PHRASE = "air defense support"

PDF_TITLE = "Baltic Air Defense Review"
DOCX_TITLE = "Sanctions Working Notes"
HTML_TITLE = "Radar Exports Slow Down"


def write_pdf(folder: Path) -> Path:
    page = [
        Text(PDF_TITLE, y=720, size=18, bold=True),
        Text(f"The review found that {PHRASE} from neighbours arrived", y=680),
        Text("late but in useful quantities, and that training mattered most.", y=666),
        Text("1", y=40, x=300),
    ]
    path = folder / "review.pdf"
    path.write_bytes(pdf_file([page], {"Title": PDF_TITLE, "Author": "Ilse Berg"}))
    return path


def write_docx(folder: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = DOCX_TITLE
    document.core_properties.author = "Omar Haddad"
    document.add_heading("Where the money went", level=1)
    document.add_paragraph(f"Exporters rerouted parts; {PHRASE} was never the main channel.")
    document.add_paragraph("Dual-use machine tools", style="List Bullet")
    path = folder / "notes.docx"
    document.save(path)
    return path


def write_html(folder: Path) -> Path:
    paragraphs = "".join(
        f"<p>Paragraph {number} of the report on radar exports and {PHRASE} in the region, "
        "with enough words to read as the article body rather than page furniture.</p>"
        for number in range(8)
    )
    page = (
        f"<html><head><title>{HTML_TITLE} | The Gazette</title>"
        f"<meta property='og:title' content='{HTML_TITLE}'><meta name='author' content='Mia Wong'></head>"
        "<body><nav><a href='/'>Home</a><a href='/world'>World</a></nav>"
        f"<article><h1>{HTML_TITLE}</h1>{paragraphs}</article>"
        "<div class='cookie-banner'><p>We use cookies.</p></div></body></html>"
    )
    path = folder / "radar.html"
    path.write_text(page, encoding="utf-8")
    return path


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {"pdf": write_pdf(folder), "docx": write_docx(folder), "html": write_html(folder)}
