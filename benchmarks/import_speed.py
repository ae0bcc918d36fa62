"""Bulk-import throughput: Lectern end to end next to a raw, default Whoosh writer on the same texts.

    .venv/bin/python benchmarks/import_speed.py [--articles 400] [--words 1000]

Lectern's figure covers everything a user waits for: parse and sanitise each Markdown file, store it in
SQLite, and index it until it is searchable. The raw figure is Whoosh alone, out of the box: one
default writer (``ix.writer()``, one process) adding the already-extracted texts to stock Whoosh
fields with the same analyzer (TEXT with positions for phrases), one commit.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh import index as whoosh_index  # noqa: E402
from whoosh.fields import ID, NUMERIC, TEXT, Schema  # noqa: E402

from annotations.importers import parse_file  # noqa: E402
from index.library import Library  # noqa: E402
from index.schema import ANALYZER, article_key  # noqa: E402

VOCABULARY = (
    "air defense support sanctions supply chain grid resilience baltic ministry energy policy report analysts "
    "missile drone launcher radar corridor tariff export control shipment reactor pipeline treaty alliance "
    "parliament budget procurement deterrence escalation ceasefire negotiation envoy summit communique border "
    "the of and to in a for on with as by at from that this which was were is are has have had will would "
    "could should may might also however although because therefore while during after before between among"
).split()


def generate_articles(folder: Path, count: int, words: int, seed: int = 7) -> list[Path]:
    """Write ``count`` Markdown articles of about ``words`` words each; returns their paths."""
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        lines = [f"# Report {number}: {' '.join(rng.choices(VOCABULARY, k=5))}", ""]
        written = 0
        while written < words:
            if rng.random() < 0.1:
                lines += [f"## {' '.join(rng.choices(VOCABULARY, k=4)).capitalize()}", ""]
            sentences = []
            for _ in range(rng.randint(3, 6)):
                sentence = rng.choices(VOCABULARY, k=rng.randint(8, 20))
                sentences.append(" ".join(sentence).capitalize() + ".")
                written += len(sentence)
            lines += [" ".join(sentences) + f" Item {number}-{written}.", ""]
        path = folder / f"report-{number:05d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def time_lectern(folder: Path, data_dir: Path) -> tuple[float, int]:
    library = Library(data_dir)
    try:
        started = time.perf_counter()
        outcomes = library.import_paths([folder])
        library.flush_index(timeout=600)
        elapsed = time.perf_counter() - started
    finally:
        library.close()
    return elapsed, sum(outcome.imported for outcome in outcomes)


def time_raw_whoosh(texts: list[tuple[str, str]], index_dir: Path) -> float:
    index_dir.mkdir()
    schema = Schema(
        key=ID(unique=True, stored=True),
        kind=ID(stored=True),
        document_id=NUMERIC(stored=True, signed=False),
        title=TEXT(analyzer=ANALYZER, stored=True),
        content=TEXT(analyzer=ANALYZER, phrase=True),
    )
    ix = whoosh_index.create_in(str(index_dir), schema)
    started = time.perf_counter()
    writer = ix.writer()
    for number, (title, text) in enumerate(texts):
        writer.add_document(key=article_key(number + 1), kind="article", document_id=number + 1, title=title, content=text)
    writer.commit()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--words", type=int, default=1000)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lectern-import-speed-") as temp:
        root = Path(temp)
        folder = root / "articles"
        folder.mkdir()
        paths = generate_articles(folder, arguments.articles, arguments.words)
        texts = [(parsed.title, parsed.text) for parsed in map(parse_file, paths)]
        raw_seconds = time_raw_whoosh(texts, root / "raw-index")
        lectern_seconds, imported = time_lectern(folder, root / "lectern")
    n = arguments.articles
    total_words = sum(len(text.split()) for _, text in texts)
    print(f"{n} generated articles, {total_words / n:,.0f} words each on average")
    print()
    print(f"| {'pipeline':<58} | {'seconds':>8} | {'articles/s':>10} |")
    print(f"|{'-' * 60}|{'-' * 10}|{'-' * 12}|")
    print(f"| {'raw Whoosh: default writer, texts given, one commit':<58} | {raw_seconds:8.2f} | {n / raw_seconds:10.1f} |")
    label = f"Lectern: parse + sanitise + store + index ({imported} imported)"
    print(f"| {label:<58} | {lectern_seconds:8.2f} | {n / lectern_seconds:10.1f} |")
    print()
    print(f"Lectern / raw Whoosh throughput: {raw_seconds / lectern_seconds:.2f}x (target >= 1.3x)")
    return 0 if imported == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
