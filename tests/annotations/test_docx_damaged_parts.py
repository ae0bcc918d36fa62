"""A .docx whose zip directory is fine but a part cannot be inflated (bad deflate data, a compression method
zipfile lacks, a part flagged as encrypted, a member name that is not UTF-8, a header naming zip version 19.2) is refused in words, not in Python's. Found by ``benchmarks/fuzz.py``: python-docx
inflates every part when it opens the package, and zipfile's errors for these (zlib.error,
NotImplementedError, RuntimeError) escaped the importer as tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fuzzing.zips import Member, build_zip, zeros_bomb

from annotations.errors import ImportRefused
from annotations.importers import parse_file
from app import Library

REPO = Path(__file__).resolve().parents[2]

CONTENT_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="word/document.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
DOCUMENT = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    b"<w:p><w:r><w:t>Exporters rerouted parts.</w:t></w:r></w:p></w:body></w:document>"
)


def package(document: Member) -> bytes:
    return build_zip([Member("[Content_Types].xml", CONTENT_TYPES), Member("_rels/.rels", RELS), document])


def test_a_name_that_is_not_utf8_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "names.docx"
    path.write_bytes(package(Member(b"word/\xafdocument.xml", DOCUMENT)))  # flagged UTF-8, but it is not
    with pytest.raises(ImportRefused, match="a name inside it is not valid UTF-8"):
        parse_file(path)


def future_zip_version(data: bytes) -> bytes:
    """``data`` with its first central-directory entry asking for zip version 19.2 to extract."""
    entry = data.index(b"PK\x01\x02")
    return data[: entry + 6] + (192).to_bytes(2, "little") + data[entry + 8 :]


def test_a_zip_header_naming_an_unknown_version_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "future.docx"
    path.write_bytes(future_zip_version(package(Member("word/document.xml", DOCUMENT))))
    with pytest.raises(ImportRefused, match="unknown zip version"):
        parse_file(path)


def test_the_package_itself_opens(tmp_path: Path) -> None:
    path = tmp_path / "fine.docx"
    path.write_bytes(package(Member("word/document.xml", DOCUMENT)))
    assert parse_file(path).text == "Exporters rerouted parts."


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (Member("word/document.xml", raw=b"\xff" * 40, true_size=len(DOCUMENT), crc=0), "damaged or truncated"),
        (Member("word/document.xml", DOCUMENT, method=99), "packed in a way Lectern cannot unpack"),
        (Member("word/document.xml", DOCUMENT, flags=1), "encrypted"),
    ],
    ids=["bad-deflate-data", "unknown-compression", "encrypted-part"],
)
def test_a_part_that_cannot_be_inflated_is_refused_in_words(
    tmp_path: Path, library: Library, document: Member, reason: str
) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(package(document))
    with pytest.raises(ImportRefused, match=reason) as refused:
        parse_file(path)
    assert str(refused.value).startswith("notes.docx: ")
    assert not any(words in str(refused.value) for words in ("Error -3", "codec can't", "has no attribute"))
    outcome = library.documents.import_file(path).value
    assert outcome.document is None and reason in outcome.error
    assert library.store.document_count() == 0


def test_a_part_that_lies_about_its_size_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    """Found by ``benchmarks/fuzz.py``: a document.xml declaring 1 KB but holding 300 MB of zeros cost 650 MB
    of memory before its CRC failed, since reading a part whole lets the inflater expand all of it first."""
    payload, crc = zeros_bomb(300 * 1024 * 1024)
    path = tmp_path / "bomb.docx"
    path.write_bytes(package(Member("word/document.xml", raw=payload, true_size=1000, crc=crc)))
    probe = (
        "import sys\n"
        "from annotations.errors import ImportRefused\n"
        "from annotations.importers import parse_file\n"
        "try:\n"
        f"    parse_file(__import__('pathlib').Path({str(path)!r}))\n"
        "except ImportRefused as refused:\n"
        "    print(refused)\n"
        # VmHWM is this program's own peak; ru_maxrss would include the test process's, inherited through exec.
        "peak = [line for line in open('/proc/self/status') if line.startswith('VmHWM')][0]\n"
        "print(int(peak.split()[1]) // 1024)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60)
    message, peak_mb = run.stdout.strip().splitlines()
    assert "bomb.docx: the .docx file is damaged or truncated" in message
    assert int(peak_mb) < 200, f"{peak_mb} MB to refuse a lying part"
