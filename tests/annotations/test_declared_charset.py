"""A web page whose ``<meta charset>`` names one of Python's codecs that is not a text encoding ("zlib",
"rot13", "base64") is read as if it had declared nothing. Found by ``benchmarks/fuzz.py``: ``codecs.lookup``
accepts those names, and decoding with them raised LookupError, a traceback out of the importer."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.importers import parse_file
from annotations.importers.source_file import decode_text

PAGE = "<html><head><meta charset='{}'><title>Café</title></head><body><p>Café déjà vu, naïve façade.</p></body></html>"


@pytest.mark.parametrize("charset", ["zlib", "rot13", "base64", "hex", "bz2", "uu"])
def test_a_codec_that_is_not_a_text_encoding_is_ignored(tmp_path: Path, charset: str) -> None:
    data = PAGE.format(charset).encode("cp1252")
    assert "Café déjà vu" in decode_text(data, "page.html", html=True)
    path = tmp_path / "page.html"
    path.write_bytes(data)
    assert parse_file(path).text == "Café déjà vu, naïve façade."


def test_a_declared_text_encoding_still_decides() -> None:
    data = "<html><head><meta charset='koi8-r'></head><body><p>Привет, мир</p></body></html>".encode("koi8-r")
    assert "Привет, мир" in decode_text(data, "page.html", html=True)
