"""OPTIONAL: real saved web pages from ../shared/corpus/web-pages (skipped when that folder is absent).

Each page must import, and the reader must show exactly the stored canonical text for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotations.importers import parse_file
from ui.reader.render import build_document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "web-pages"
PAGES = sorted(path for path in CORPUS.glob("*/source.html")) if CORPUS.is_dir() else []

pytestmark = [
    pytest.mark.shared_corpus,
    pytest.mark.skipif(not PAGES, reason=f"optional shared corpus not found at {CORPUS}"),
]


def _normalised(title: str) -> str:
    return " ".join(title.split()).casefold()


@pytest.mark.parametrize("source", PAGES, ids=[path.parent.name for path in PAGES])
def test_real_page_imports_and_reader_shows_its_canonical_text(qapp: QApplication, source: Path) -> None:
    parsed = parse_file(source)
    assert parsed.text.strip()
    assert "<script" not in parsed.html and "javascript:" not in parsed.html
    assert build_document(parsed.html).toPlainText() == parsed.text


def test_titles_match_the_expected_metadata_on_most_pages() -> None:
    matched, compared = 0, 0
    for source in PAGES:
        expected = json.loads((source.parent / "expected-metadata.json").read_text(encoding="utf-8")).get("title")
        if not expected:
            continue
        compared += 1
        ours, theirs = _normalised(parse_file(source).title), _normalised(expected)
        matched += ours == theirs or ours.startswith(theirs) or theirs.startswith(ours)
    assert compared and matched / compared >= 0.85, f"{matched} of {compared} titles match"
