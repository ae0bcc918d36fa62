"""Web-page import quality: how close Lectern's imported article is to Mozilla Readability's, page by page.

For every folder of the corpus (``source.html``, ``expected.html``, ``expected-metadata.json``) the page is
imported through Lectern's real HTML parser and compared with the expected article:

- text: token-level F1 of the canonical text against the text of ``expected.html``. Both texts are split the
  same way into lower-case word tokens (runs of letters and digits; each CJK character is a token of its own)
  and compared as bags: precision = shared / ours, recall = shared / expected, F1 their harmonic mean.
- title: a match when the two titles are equal after normalising (NFKC, case-folded, punctuation dropped,
  white space collapsed) or when difflib's similarity ratio of the normalised titles is at least 0.9. Pages
  whose expected title is empty are not counted.
- byline (for information, no target): the same rule after dropping a leading "By"; pages without an
  expected byline are not counted.

Run: ``.venv/bin/python benchmarks/import_quality.py [--corpus PATH] [--extractor NAME]``. Prints a table;
asserts nothing. ``--extractor`` compares article extractors: readability (what Lectern ships), trafilatura
(needs ``pip install trafilatura``) and none (the whole page body, as before extraction existed).
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotations.blocks import html_to_text  # noqa: E402
from annotations.errors import ImportRefused  # noqa: E402
from annotations.importers.html_format import parse_html  # noqa: E402
from annotations.importers.source_file import decode_text, read_source  # noqa: E402
from annotations.importers.web_extract import extract_article  # noqa: E402
from annotations.importers.web_page import PageTree  # noqa: E402
from annotations.sanitize import sanitize_html  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "web-pages"
TITLE_SIMILARITY = 0.9
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def _trafilatura(tree: PageTree) -> str:
    import trafilatura  # optional: only for comparison

    return (
        trafilatura.extract(
            tree.root,
            output_format="html",
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            include_links=True,
            include_images=False,
        )
        or ""
    )


EXTRACTORS: dict[str, tuple[Callable[[PageTree], str], str]] = {
    "readability": (extract_article, "readability-lxml"),
    "trafilatura": (_trafilatura, "trafilatura"),
    "none": (lambda tree: "", ""),
}


@dataclass
class PageResult:
    name: str
    precision: float
    recall: float
    f1: float
    ours: int
    expected: int
    title_ok: bool | None
    title: str
    byline_ok: bool | None
    seconds: float
    error: str = ""


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; every CJK character counts as one word."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def overlap_scores(ours: list[str], expected: list[str]) -> tuple[float, float, float]:
    """(precision, recall, F1) of two bags of tokens."""
    if not ours and not expected:
        return 1.0, 1.0, 1.0
    shared = sum((Counter(ours) & Counter(expected)).values())
    precision = shared / len(ours) if ours else 0.0
    recall = shared / len(expected) if expected else 0.0
    f1 = 2 * shared / (len(ours) + len(expected))
    return precision, recall, f1


def normalised_title(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    kept = "".join(char if char.isalnum() else " " for char in folded)
    return " ".join(kept.split())


def titles_match(ours: str, expected: str) -> bool:
    """Equal after normalising, or at least TITLE_SIMILARITY alike (difflib ratio)."""
    a, b = normalised_title(ours), normalised_title(expected)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= TITLE_SIMILARITY


def measure_page(folder: Path, extract: Callable[[PageTree], str]) -> PageResult:
    source = folder / "source.html"
    expected_text = html_to_text(sanitize_html((folder / "expected.html").read_text(encoding="utf-8")))
    metadata = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
    expected_title = " ".join((metadata.get("title") or "").split())
    started = time.perf_counter()
    try:
        document = parse_html(source, decode_text(read_source(source), source.name, html=True), extract=extract)
    except ImportRefused as refused:
        seconds = time.perf_counter() - started
        expected_count = len(tokens(expected_text))
        return PageResult(folder.name, 0, 0, 0, 0, expected_count, False, "", False, seconds, str(refused))
    seconds = time.perf_counter() - started
    ours, expected = tokens(document.text), tokens(expected_text)
    precision, recall, f1 = overlap_scores(ours, expected)
    title_ok = titles_match(document.title, expected_title) if expected_title else None
    expected_byline = _without_by(metadata.get("byline") or "")
    byline_ok = titles_match(_without_by(document.byline), expected_byline) if expected_byline else None
    return PageResult(
        folder.name, precision, recall, f1, len(ours), len(expected), title_ok, document.title, byline_ok, seconds
    )


def _without_by(byline: str) -> str:
    return re.sub(r"^\s*by\s+", "", byline, flags=re.IGNORECASE).strip()


def installed_size(distribution: str) -> tuple[int, float]:
    """(packages, megabytes) installed for ``distribution`` and everything it requires, as found in this venv."""
    seen: set[str] = set()
    pending = [distribution]
    total = 0
    while pending:
        name = re.sub(r"[-_.]+", "-", pending.pop()).lower()
        if name in seen:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        seen.add(name)
        total += sum(file.size or 0 for file in dist.files or ())
        for requirement in dist.requires or ():
            spec, _, marker = requirement.partition(";")
            if "extra ==" in marker or "python_version < " in marker or "platform_system" in marker:
                continue
            match = re.match(r"[A-Za-z0-9_.-]+", spec.strip())
            if match:
                pending.append(match.group(0))
                if "html-clean" in spec.replace("_", "-"):
                    pending.append("lxml-html-clean")
    return len(seen), total / 1_000_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of page folders")
    parser.add_argument("--extractor", choices=sorted(EXTRACTORS), default="readability")
    arguments = parser.parse_args()
    folders = sorted(path.parent for path in arguments.corpus.glob("*/source.html"))
    if not folders:
        print(f"no pages (*/source.html) under {arguments.corpus}")
        return 1
    extract, distribution = EXTRACTORS[arguments.extractor]
    try:
        results = [measure_page(folder, extract) for folder in folders]
    except ModuleNotFoundError as missing:
        print(f"--extractor {arguments.extractor} needs {missing.name} installed")
        return 1
    print(f"{'page':32} {'P':>5} {'R':>5} {'F1':>5} {'ours':>6} {'expect':>6} {'ms':>6}  title")
    for result in results:
        mark = {True: "ok  ", False: "MISS", None: "-   "}[result.title_ok]
        shown = result.error or result.title
        print(
            f"{result.name:32.32} {result.precision:5.2f} {result.recall:5.2f} {result.f1:5.2f} "
            f"{result.ours:6d} {result.expected:6d} {result.seconds * 1000:6.0f}  {mark} {shown[:70]}"
        )
    judged = [result.title_ok for result in results if result.title_ok is not None]
    print()
    print(f"extractor: {arguments.extractor}; pages: {len(results)}")
    print(
        f"median precision {statistics.median(r.precision for r in results):.3f}  "
        f"median recall {statistics.median(r.recall for r in results):.3f}  "
        f"median F1 {statistics.median(r.f1 for r in results):.3f}  mean F1 {statistics.fmean(r.f1 for r in results):.3f}"
    )
    print(f"title match: {sum(judged)}/{len(judged)} = {100 * sum(judged) / len(judged):.1f} %")
    bylines = [result.byline_ok for result in results if result.byline_ok is not None]
    print(f"byline match: {sum(bylines)}/{len(bylines)} = {100 * sum(bylines) / max(len(bylines), 1):.1f} %")
    times = [result.seconds for result in results]
    print(f"parse time: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    if distribution:
        count, megabytes = installed_size(distribution)
        print(
            f"dependency weight: {distribution} with its requirements = {count} packages, {megabytes:.1f} MB installed"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
