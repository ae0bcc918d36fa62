"""Bulk-import throughput: Lectern end to end next to a raw, default Whoosh writer on the same texts.

    .venv/bin/python benchmarks/import_speed.py [--articles 400] [--words 1000]

Lectern's figure covers everything a user waits for: parse and sanitise each Markdown file, store it in
SQLite, and index it until it is searchable. The raw figure is Whoosh alone, out of the box: one
default writer (``ix.writer()``, one process) adding the already-extracted texts to stock Whoosh
fields with the same analyzer (TEXT with positions for phrases), one commit. It runs in a separate
Python process that never imports Lectern (it checks), so it is Whoosh exactly as shipped.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.importers import parse_file  # noqa: E402
from app import Library  # noqa: E402
from index.schema import WORD_PATTERN, article_key  # noqa: E402

VOCABULARY = (
    "air defense support sanctions supply chain grid resilience baltic ministry energy policy report analysts "
    "missile drone launcher radar corridor tariff export control shipment reactor pipeline treaty alliance "
    "parliament budget procurement deterrence escalation ceasefire negotiation envoy summit communique border "
    "the of and to in a for on with as by at from that this which was were is are has have had will would "
    "could should may might also however although because therefore while during after before between among"
).split()


def generate_articles(folder: Path, count: int, words: int, seed: int = 7, format: str = "md") -> list[Path]:
    """Write ``count`` articles of about ``words`` words each as Markdown, plain text or a saved web page."""
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        title = f"Report {number}: {' '.join(rng.choices(VOCABULARY, k=5))}"
        sections: list[tuple[str, list[str]]] = [("", [])]
        written = 0
        while written < words:
            if rng.random() < 0.1:
                sections.append((" ".join(rng.choices(VOCABULARY, k=4)).capitalize(), []))
            sentences = []
            for _ in range(rng.randint(3, 6)):
                sentence = rng.choices(VOCABULARY, k=rng.randint(8, 20))
                sentences.append(" ".join(sentence).capitalize() + ".")
                written += len(sentence)
            sections[-1][1].append(" ".join(sentences) + f" Item {number}-{written}.")
        path = folder / f"report-{number:05d}.{format}"
        path.write_text(RENDERERS[format](title, sections), encoding="utf-8")
        paths.append(path)
    return paths


def _markdown(title: str, sections: list[tuple[str, list[str]]]) -> str:
    lines = [f"# {title}", ""]
    for heading, paragraphs in sections:
        lines += [f"## {heading}", ""] if heading else []
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)


def _plain_text(title: str, sections: list[tuple[str, list[str]]]) -> str:
    blocks = [title]
    for heading, paragraphs in sections:
        blocks += ([heading] if heading else []) + paragraphs
    return "\n\n".join(blocks) + "\n"


def _web_page(title: str, sections: list[tuple[str, list[str]]]) -> str:
    body = [f"<h1>{title}</h1>"]
    for heading, paragraphs in sections:
        body += [f"<h2>{heading}</h2>"] if heading else []
        body += [f"<p>{paragraph}</p>" for paragraph in paragraphs]
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | The Gazette</title>"
        "<meta name='author' content='A. Writer'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<main><article>{''.join(body)}</article></main>"
        "<footer><p>Copyright The Gazette</p></footer></body></html>"
    )


RENDERERS = {"md": _markdown, "txt": _plain_text, "html": _web_page}


def time_lectern(folder: Path, data_dir: Path) -> tuple[float, int]:
    library = Library(data_dir)
    try:
        started = time.perf_counter()
        outcomes = library.documents.import_paths([folder]).value
        library.index.flush(timeout=600)
        elapsed = time.perf_counter() - started
    finally:
        library.close()
    return elapsed, sum(outcome.imported for outcome in outcomes)


# Run by ``time_raw_whoosh`` in a fresh interpreter: argv = texts (JSON), index folder, word pattern.
RAW_WHOOSH = """
import json, sys, time
from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, NUMERIC, TEXT, Schema

texts_path, index_dir, pattern = sys.argv[1:4]
with open(texts_path, encoding="utf-8") as file:
    articles = json.load(file)
analyzer = RegexTokenizer(pattern) | LowercaseFilter()
schema = Schema(
    key=ID(unique=True, stored=True),
    kind=ID(stored=True),
    document_id=NUMERIC(stored=True, signed=False),
    title=TEXT(analyzer=analyzer, stored=True),
    content=TEXT(analyzer=analyzer, phrase=True),
)
ix = whoosh_index.create_in(index_dir, schema)
started = time.perf_counter()
writer = ix.writer()
for number, (key, title, text) in enumerate(articles):
    writer.add_document(key=key, kind="article", document_id=number + 1, title=title, content=text)
writer.commit()
elapsed = time.perf_counter() - started
lectern = sorted(name for name in sys.modules if name.split(".")[0] in ("annotations", "app", "index", "ui"))
print(json.dumps({"seconds": elapsed, "lectern_modules": lectern}))
"""


def time_raw_whoosh(texts: list[tuple[str, str]], index_dir: Path) -> float:
    """Seconds for stock Whoosh to index ``texts`` (title, text), in a process without Lectern."""
    index_dir.mkdir()
    texts_path = index_dir.with_suffix(".json")
    articles = [(article_key(number + 1), title, text) for number, (title, text) in enumerate(texts)]
    texts_path.write_text(json.dumps(articles), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", RAW_WHOOSH, str(texts_path), str(index_dir), WORD_PATTERN],
        capture_output=True,
        text=True,
        check=True,
        cwd=index_dir,  # not the repository: nothing of Lectern's on the path
    )
    report = json.loads(completed.stdout)
    if report["lectern_modules"]:
        raise RuntimeError(f"the raw Whoosh process loaded Lectern: {report['lectern_modules']}")
    return float(report["seconds"])


def measure(root: Path, format: str, count: int, words: int) -> tuple[float, float, int]:
    """(raw Whoosh seconds, Lectern seconds, articles imported) for one format."""
    folder = root / f"articles-{format}"
    folder.mkdir()
    paths = generate_articles(folder, count, words, format=format)
    texts = [(parsed.title, parsed.text) for parsed in map(parse_file, paths)]
    raw_seconds = time_raw_whoosh(texts, root / f"raw-index-{format}")
    lectern_seconds, imported = time_lectern(folder, root / f"lectern-{format}")
    return raw_seconds, lectern_seconds, imported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--formats", default="md,txt,html", help="comma-separated: md, txt, html")
    arguments = parser.parse_args(argv)
    n = arguments.articles
    print(f"{n:,} generated articles of about {arguments.words:,} words, per format; {os.cpu_count()} CPUs")
    print()
    print("| format | raw Whoosh s | raw articles/s | Lectern s | Lectern articles/s | Lectern / raw |")
    print("|---|---|---|---|---|---|")
    complete = True
    with tempfile.TemporaryDirectory(prefix="lectern-import-speed-") as temp:
        for format in arguments.formats.split(","):
            raw_seconds, lectern_seconds, imported = measure(Path(temp), format, n, arguments.words)
            complete &= imported == n
            print(
                f"| {format} | {raw_seconds:.2f} | {n / raw_seconds:,.0f} | {lectern_seconds:.2f} | "
                f"{n / lectern_seconds:,.0f} | {raw_seconds / lectern_seconds:.2f}x |"
            )
    print()
    print("Lectern: parse + sanitise + store + index until searchable. Raw: one default Whoosh writer, texts given.")
    return 0 if complete else 1


if __name__ == "__main__":
    raise SystemExit(main())
