"""PDF and Word (.docx) inputs, written by hand: valid small documents with one hostile part, or mutated seeds.

PDFs come from ``tests/pdf_writer.py`` (correct cross-reference tables) or, for the hostile parts, from raw
objects; .docx packages from ``fuzzing.zips``, so a package can lie about its members.
"""

from __future__ import annotations

import random
import zlib
from xml.sax.saxutils import escape, quoteattr

from pdf_writer import Text, content_stream, pdf_file, raw_pdf, stream_object

from fuzzing.common import Generated, Variant, pick
from fuzzing.hostile import WORDS, encode, hostile_text, sentence
from fuzzing.zips import Member, build_zip, zeros_bomb


# -- PDF --------------------------------------------------------------------------------------------------------
def _lines(rng: random.Random, count: int = 8) -> list[Text]:
    lines = [Text(sentence(rng, 4), y=720, size=18, bold=True)]
    lines += [Text(sentence(rng, 9), y=690 - 14 * n) for n in range(count)]
    return lines


def pdf_seed(rng: random.Random) -> bytes:
    pages = [_lines(rng) for _ in range(rng.randint(1, 3))]
    return pdf_file(pages, {"Title": sentence(rng, 4), "Author": "Ilse Berg", "CreationDate": "D:20240506120000"})


_FONTS = b"<< /Font << /F1 3 0 R /F2 4 0 R >> >>"
_FONT_OBJECTS = [
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
]


def _one_page(content: bytes, *, page_extra: bytes = b"", catalog_extra: bytes = b"", info: bytes | None = None) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        *_FONT_OBJECTS,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents 6 0 R %s>>" % (_FONTS, page_extra),
        content,
    ]
    if info is not None:
        objects.append(info)
    return raw_pdf(objects, info=len(objects) if info is not None else None)


def _text_stream(rng: random.Random) -> bytes:
    return content_stream(_lines(rng, 3))


def _pdf_operators(rng: random.Random) -> bytes:
    hostile = rng.choice((
        b"[" * 100_000 + b"(x) Tj",
        b"<<" * 50_000,
        b"BT /F1 1e99999 Tf 72 700 Td (huge font) Tj ET",
        b"BT /F1 -11 Tf 1e308 -1e308 Td (far away) Tj ET",
        b"BT /F1 11 Tf 0 0 0 0 0 0 Tm (singular matrix) Tj ET",
        b"BT /F1 11 Tf 72 700 Td [" + b"(a) -99999999999 " * 20_000 + b"] TJ ET",
        b"BT /F1 11 Tf 72 700 Td <4142434> Tj <zz> Tj ET",
        b"BT /F9 11 Tf 72 700 Td (no such font) Tj ET",
        b"BT /F1 11 Tf 72 700 Td (" + b"\\(" * 100_000 + b") Tj ET",
        b"BT /F1 11 Tf 72 700 Td (x) Tj ET " * 50_000,
        b"q " * 100_000 + b"BT /F1 11 Tf 72 700 Td (x) Tj ET",
        b"BT /F1 11 Tf 0 Tz 72 700 Td (zero width) Tj ET",
        b"BT /F1 11 Tf 72 700 Td (unclosed",
        b"BT BT BT ET ET ET ET ET",
        b"BT /F1 11 Tf 72 700 Td 99999999999999999999999999 0 Td (x) Tj ET",
        b"1 2 3 4 5 6 7 8 9 " * 100_000,
        b"BT /F1 11 Tf " + b"1 0 0 1 0 -1 cm " * 50_000 + b"(x) Tj ET",
    ))  # fmt: skip
    return _one_page(stream_object(_text_stream(rng) + b"\n" + hostile, compress=rng.random() < 0.5))


def _pdf_streams(rng: random.Random) -> bytes:
    content = _text_stream(rng)
    packed = zlib.compress(content)
    stream = rng.choice((
        b"<< /Length 99999999999 >>\nstream\n%s\nendstream" % content,
        b"<< /Length -5 >>\nstream\n%s\nendstream" % content,
        b"<< /Length 6 0 R >>\nstream\n%s\nendstream" % content,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed[: len(packed) // 2]),
        b"<< /Length %d /Filter /LZWDecode >>\nstream\n%s\nendstream" % (len(packed), packed),
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode /ASCIIHexDecode] >>\nstream\n%s\nendstream" % (len(packed), packed),
        b"<< /Length 10 /Filter /NoSuchFilter >>\nstream\n0123456789\nendstream",
        b"<< /Length 4 /Filter /ASCII85Decode >>\nstream\nzzz~\nendstream",
        b"<< /Length 3 /Filter /RunLengthDecode >>\nstream\n\x81x\x80\nendstream",
        b"<< /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 99999999 >> /Length %d >>\nstream\n%s\nendstream" % (len(packed), packed),
        b"<< /Length %d >>\nstream\n%s" % (len(content), content),
    ))  # fmt: skip
    return _one_page(stream)


def _pdf_bomb(rng: random.Random) -> bytes:
    size = rng.choice((30, 60, 200)) * 1024 * 1024
    raw, _ = zeros_bomb(size)
    zlib_stream = b"\x78\x9c" + raw + b"\x00\x00\x00\x00"  # zlib header, bad checksum (pypdf tolerates it)
    return _one_page(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(zlib_stream), zlib_stream))


def _pdf_page_tree(rng: random.Random) -> bytes:
    content = stream_object(_text_stream(rng))
    shape = rng.choice(("cycle", "count", "shared", "deep", "missing", "not-a-page"))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents 6 0 R >>" % _FONTS
    if shape == "cycle":
        pages = b"<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 2 >>"
    elif shape == "count":
        pages = b"<< /Type /Pages /Kids [5 0 R] /Count %s >>" % rng.choice((b"999999999", b"-1", b"1e9", b"(x)", b"99999999999999999999"))
    elif shape == "shared":
        kids = b" ".join([b"5 0 R"] * rng.choice((1500, 2500, 6000)))
        pages = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, kids.count(b"R"))
    elif shape == "deep":
        pages = b"<< /Type /Pages /Kids [" + b"[" * 10_000 + b"5 0 R" + b"]" * 10_000 + b"] /Count 1 >>"
    elif shape == "missing":
        pages = b"<< /Type /Pages /Kids [5 0 R 99 0 R 7 0 R] /Count 3 >>"
    else:
        pages = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", pages, *_FONT_OBJECTS, page, content])


def _pdf_structure(rng: random.Random) -> bytes:
    good = pdf_seed(rng)
    return rng.choice((
        good.replace(b"startxref\n", b"startxref\n-").replace(b"xref\n0", b"xref\n9"),
        good[: good.rindex(b"xref")] + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n",
        good.replace(b"/Root 1 0 R", b"/Root 99 0 R"),
        good.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard /V 99 /R 99 /O (x) /U (y) /P -1 >>"),
        good.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard /V 4 /R 4 /Length 128 /O <00> /U <00> /P -4 /CF << /StdCF << /CFM /AESV2 >> >> /StmF /StdCF /StrF /StdCF >>"),
        good.replace(b"startxref\n", b"startxref\n99999999999"),
        b"%PDF-1.7\n" + b"1 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n" * 1000 + b"%%EOF",
        b"%PDF-1.4\n%%EOF",
        b"%PDF-" + b"\x00" * 2000 + b"%%EOF",
        good.replace(b"obj", b"obj\n" + b"[" * 5000, 1),
        good.replace(b"0 obj", b"0 obj\n<< /Type /ObjStm /N 99999 /First 9999999 /Length 0 >>\nstream\n\nendstream\nendobj\n1 0 obj", 1),
        good + good[rng.randrange(len(good)) :],
    ))  # fmt: skip


def _pdf_metadata(rng: random.Random) -> bytes:
    value = rng.choice((
        b"(" + encode(hostile_text(rng)).replace(b"(", b"").replace(b")", b"") + b")",
        b"<FEFFD800D800202E0000>", b"<FEFF" + b"0041" * 50_000 + b">", b"(D:99999999999999)", b"(D:2024-13-45)",
        b"(D:0000)", b"99999999999999999999", b"[1 2 3]", b"<< /x /y >>", b"(" + b"x" * 1_000_000 + b")",
        b"7 0 R", b"(\\376\\377\\330\\000)",
    ))  # fmt: skip
    info = b"<< /Title %s /Author %s /CreationDate %s >>" % (value, value, value)
    return _one_page(stream_object(_text_stream(rng)), info=info)


def _pdf_fonts(rng: random.Random) -> bytes:
    cmap = rng.choice((
        b"begincmap 1 beginbfchar <01> <D800> endbfchar endcmap",
        b"begincmap 1 beginbfrange <00> <FF> <202E> endbfrange endcmap",
        b"begincmap 99999 beginbfrange <0000> <FFFF> [<0041>] endbfrange endcmap",
        b"begincmap " + b"[" * 20_000 + b" endcmap",
        b"garbage",
    ))  # fmt: skip
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 7 0 R /DescendantFonts [8 0 R] >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        font,
        _FONT_OBJECTS[1],
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents 6 0 R >>" % _FONTS,
        stream_object(b"BT /F1 11 Tf 72 700 Td <0001000200030004> Tj ET BT /F2 11 Tf 72 680 Td (plain) Tj ET"),
        stream_object(cmap),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /W [0 [" + b"1e308 " * 1000 + b"]] >>",
    ]
    return raw_pdf(objects)


PDF_VARIANTS: dict[str, Variant] = {
    "pdf: hostile content operators": _pdf_operators,
    "pdf: broken streams": _pdf_streams,
    "pdf: flate bomb": _pdf_bomb,
    "pdf: hostile page tree": _pdf_page_tree,
    "pdf: damaged structure": _pdf_structure,
    "pdf: hostile metadata": _pdf_metadata,
    "pdf: hostile fonts": _pdf_fonts,
}


def pdf_input(rng: random.Random) -> Generated:
    return pick(rng, ".pdf", PDF_VARIANTS, pdf_seed)


# -- Word (.docx) -----------------------------------------------------------------------------------------------
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)


def _document_rels(link: str = "https://example.org/a") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target={quoteattr(link)} TargetMode="External"/>'
        "</Relationships>"
    )


def _styles() -> str:
    styles = [("Normal", "Normal", ""), ("Title", "Title", ""), ("Heading1", "heading 1", ""), ("ListBullet", "List Bullet", "")]
    body = "".join(f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>{extra}</w:style>' for sid, name, extra in styles)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {_W}>{body}</w:styles>'


def _core(title: str, author: str = "Omar Haddad", created: str = "2024-05-06T10:00:00Z") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>'
    )


def _paragraph(text: str, style: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _document(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') -> str:
    return f"{prolog}<w:document {_W}><w:body>{body}<w:sectPr/></w:body></w:document>"


def _seed_body(rng: random.Random) -> str:
    return (
        _paragraph(escape(sentence(rng, 4)), "Title")
        + _paragraph(escape(sentence(rng, 3)), "Heading1")
        + "".join(_paragraph(escape(sentence(rng))) for _ in range(rng.randint(2, 5)))
        + _paragraph(escape(sentence(rng, 4)), "ListBullet")
        + '<w:p><w:hyperlink r:id="rId2"><w:r><w:t>a link</w:t></w:r></w:hyperlink></w:p>'
        + f"<w:tbl><w:tr><w:tc>{_paragraph('cell')}</w:tc><w:tc>{_paragraph(rng.choice(WORDS))}</w:tc></w:tr></w:tbl>"
    )


def _package(
    document: str | bytes,
    *,
    core: str | None = None,
    rels: str = _RELS,
    document_rels: str | None = None,
    extra: tuple[Member, ...] = (),
) -> bytes:
    data = encode(document) if isinstance(document, str) else document
    members = [
        Member("[Content_Types].xml", _CONTENT_TYPES.encode()),
        Member("_rels/.rels", encode(rels)),
        Member("word/document.xml", data),
        Member("word/_rels/document.xml.rels", encode(document_rels or _document_rels())),
        Member("word/styles.xml", _styles().encode()),
        Member("docProps/core.xml", encode(core if core is not None else _core("Sanctions Working Notes"))),
        *extra,
    ]
    return build_zip(members)


def docx_seed(rng: random.Random) -> bytes:
    return _package(_document(_seed_body(rng)), core=_core(escape(sentence(rng, 4))))


def _docx_nesting(rng: random.Random) -> bytes:
    depth = rng.choice((100, 1_000, 10_000, 100_000))
    shape = rng.choice(("sdt", "table", "ins", "hyperlink", "smartTag"))
    inner = _paragraph("deep")
    if shape == "sdt":
        body = "<w:sdt><w:sdtContent>" * depth + inner + "</w:sdtContent></w:sdt>" * depth
    elif shape == "table":
        body = "<w:tbl><w:tr><w:tc>" * depth + inner + "</w:tc></w:tr></w:tbl>" * depth
    elif shape == "ins":
        body = "<w:p>" + "<w:ins>" * depth + "<w:r><w:t>x</w:t></w:r>" + "</w:ins>" * depth + "</w:p>"
    elif shape == "hyperlink":
        body = "<w:p>" + '<w:hyperlink r:id="rId2">' * depth + "<w:r><w:t>x</w:t></w:r>" + "</w:hyperlink>" * depth + "</w:p>"
    else:
        body = "<w:p>" + "<w:smartTag>" * depth + "<w:r><w:t>x</w:t></w:r>" + "</w:smartTag>" * depth + "</w:p>"
    return _package(_document(_seed_body(rng) + body))


def _docx_hostile_text(rng: random.Random) -> bytes:
    body = "".join(_paragraph(escape(hostile_text(rng)), rng.choice(("", "Title", "Heading1", "ListBullet", "Nope"))) for _ in range(rng.randint(2, 10)))
    return _package(_document(body), core=_core(escape(hostile_text(rng, 2, 2)), escape(hostile_text(rng, 1, 1))))


def _docx_xml_attacks(rng: random.Random) -> bytes:
    laughs = '<!DOCTYPE w:document [<!ENTITY a "lollollollol">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    ) + "]>"
    prolog = rng.choice((
        '<?xml version="1.0"?>' + laughs,
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd">',
        '<?xml version="1.0" encoding="UTF-16"?>',
        '<?xml version="1.0" encoding="no-such-encoding"?>',
        '<?xml version="9.9"?>',
    ))  # fmt: skip
    body = _paragraph("&j;" if "ENTITY a" in prolog else "&x;") + _seed_body(rng)
    return _package(_document(body, prolog))


def _docx_attributes(rng: random.Random) -> bytes:
    huge = "x" * rng.choice((100_000, 3_000_000))
    body = rng.choice((
        f'<w:p><w:pPr><w:pStyle w:val="{huge}"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>',
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{rng.choice(("999999999", "-1", "x", "1e308"))}"/><w:numId w:val="{rng.choice(("0", "99999", "-5", "a"))}"/></w:numPr></w:pPr><w:r><w:t>list</w:t></w:r></w:p>',
        f'<w:p><w:hyperlink r:id="{rng.choice(("rId99", "", "rId1", huge))}"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>',
        f'<w:p><w:r><w:t>{huge}</w:t></w:r></w:p>',
        f'<w:p><w:r {" ".join(f"a{n}={chr(34)}1{chr(34)}" for n in range(20_000))}><w:t>many</w:t></w:r></w:p>',
        '<w:p><w:r><w:t>' + "&#0;&#xD800;&#xFFFE;" + "</w:t></w:r></w:p>",
        "<w:p>" + "<w:r><w:t>r</w:t></w:r>" * 200_000 + "</w:p>",
        "<w:p><w:r><w:tab/><w:br/><w:cr/><w:sym w:char='F0FF'/><w:noBreakHyphen/><w:fldChar/></w:r></w:p>" * 5000,
    ))  # fmt: skip
    link = rng.choice(("javascript:alert(1)", "file:///etc/passwd", "http:\\\\host\\share", "https://" + "a" * 50_000))
    return _package(_document(_seed_body(rng) + body), document_rels=_document_rels(link))


def _docx_core(rng: random.Random) -> bytes:
    created = rng.choice(("9999-99-99T99:99:99Z", "-0001-01-01", "", "1e308", "2024-02-30T00:00:00Z", "x" * 10_000))
    core = rng.choice((
        _core(escape(hostile_text(rng)), created=created),
        "<not-xml",
        "",
        '<?xml version="1.0"?><cp:coreProperties xmlns:cp="urn:wrong"/>',
        _core("<![CDATA[" + "x" * 100 + "]]>", created=created),
    ))  # fmt: skip
    return _package(_document(_seed_body(rng)), core=core)


def _docx_package(rng: random.Random) -> bytes:
    document = encode(_document(_seed_body(rng)))
    shape = rng.choice(("traversal", "missing", "duplicate", "encrypted", "lying size", "wrong type", "absolute", "many"))
    if shape == "traversal":
        return _package(document, rels=_RELS.replace('Target="word/document.xml"', 'Target="../../../etc/passwd"'),
                        extra=(Member("../../evil.xml", b"<x/>"), Member("/etc/passwd", b"root")))  # fmt: skip
    if shape == "missing":
        return build_zip([Member("[Content_Types].xml", _CONTENT_TYPES.encode()), Member("_rels/.rels", _RELS.encode())])
    if shape == "duplicate":
        return _package(document, extra=(Member("word/document.xml", b"<other/>"),))
    if shape == "encrypted":
        return build_zip([Member("[Content_Types].xml", _CONTENT_TYPES.encode(), flags=1), Member("_rels/.rels", _RELS.encode(), flags=1), Member("word/document.xml", document, flags=1)])  # fmt: skip
    if shape == "lying size":
        return build_zip([Member("[Content_Types].xml", _CONTENT_TYPES.encode()), Member("_rels/.rels", _RELS.encode()),
                          Member("word/document.xml", document, declared_size=rng.choice((10, 0, 2**32 - 1)))])  # fmt: skip
    if shape == "wrong type":
        return _package(document, extra=(), rels=_RELS.replace("officeDocument/2006/relationships/officeDocument", "x/y"))
    if shape == "absolute":
        return _package(document, rels=_RELS.replace('Target="word/document.xml"', 'Target="/word/document.xml"'))
    return _package(document, extra=tuple(Member(f"media/{n}.bin", b"") for n in range(rng.choice((5_000, 11_000)))))


def _docx_bomb(rng: random.Random) -> bytes:
    size = rng.choice((19, 25, 150, 300)) * 1024 * 1024
    raw, crc = zeros_bomb(size)
    name = rng.choice(("word/document.xml", "word/media/image1.png", "word/styles.xml", "customXml/item1.xml"))
    bomb = Member(name, raw=raw, true_size=size, crc=crc, declared_size=rng.choice((size, 1000)))
    members = [Member("[Content_Types].xml", _CONTENT_TYPES.encode()), Member("_rels/.rels", _RELS.encode())]
    if name != "word/document.xml":
        members.append(Member("word/document.xml", encode(_document(_seed_body(rng)))))
    return build_zip([*members, bomb])


def _docx_truncated(rng: random.Random) -> bytes:
    data = docx_seed(rng)
    return rng.choice((data[: rng.randrange(len(data))], data[:-22], data[4:], b"PK\x03\x04" + data[rng.randrange(len(data)) :]))


DOCX_VARIANTS: dict[str, Variant] = {
    "docx: deep nesting": _docx_nesting,
    "docx: hostile text": _docx_hostile_text,
    "docx: XML entities and DTDs": _docx_xml_attacks,
    "docx: hostile attributes and runs": _docx_attributes,
    "docx: hostile core properties": _docx_core,
    "docx: hostile package": _docx_package,
    "docx: zip bomb": _docx_bomb,
    "docx: truncated zip": _docx_truncated,
}


def docx_input(rng: random.Random) -> Generated:
    return pick(rng, ".docx", DOCX_VARIANTS, docx_seed)
