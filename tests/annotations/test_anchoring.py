"""The anchoring invariant (DESIGN §3): for every highlight, ``document.text[start:end] == exact``.

Checked as a property over ~200 generated documents in HTML, Markdown and plain text, with random
selections, using fixed seeds so that a failure can be replayed.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator

import pytest

from annotations.anchoring import CONTEXT_CHARS, find_occurrences
from annotations.blocks import html_to_text
from annotations.errors import InvalidSelection
from annotations.models import Annotation, Document
from app import Library

DOCUMENTS = 200
SELECTIONS_PER_DOCUMENT = 6

PLAIN_WORDS = (
    "policy sanctions radar grid cable export the of and in a to analysts supply chain resilience "
    "interceptor Baltic Iran Russia training maintenance network signal evidence report 2025 42 3.5"
).split()
UNICODE_WORDS = [
    "café", "déjà", "naïve", "Ωmega", "日本語", "😀", "👩‍🔬", "e\u0301", "Straße", "“quoted”", "‘single’",
    "don't", "U.S.", "—", "…", "€10", "x²", "\u200bzero-width",
]  # fmt: skip
PUNCTUATION = [",", ".", ";", ":", "!", "?", " -", " (aside)", "'", '"']


def words(rng: random.Random, low: int = 1, high: int = 14) -> str:
    picked = []
    for _ in range(rng.randint(low, high)):
        word = rng.choice(UNICODE_WORDS) if rng.random() < 0.2 else rng.choice(PLAIN_WORDS)
        if rng.random() < 0.15:
            word += rng.choice(PUNCTUATION)
        picked.append(word)
    return " ".join(picked)


def html_inline(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        text = html.escape(words(rng), quote=False)
        tag = rng.choice(["", "", "b", "em", "code", "a", "span", "sup", "q"])
        if tag == "a":
            parts.append(f'<a href="https://example.org/{rng.randint(1, 99)}">{text}</a>')
        elif tag:
            parts.append(f"<{tag}>{text}</{tag}>")
        else:
            parts.append(text)
    separator = rng.choice([" ", "  ", "\n", " &nbsp;", "&amp; ", "<br>", " &lt;x&gt; "])
    return separator.join(parts)


def html_snippet(rng: random.Random) -> str:
    kind = rng.choice(["p", "p", "h", "ul", "ol", "table", "pre", "blockquote", "br", "hr", "div"])
    if kind == "p":
        return f"<p>{html_inline(rng)}</p>\n"
    if kind == "h":
        level = rng.randint(1, 6)
        return f"<h{level}>{html_inline(rng)}</h{level}>"
    if kind in ("ul", "ol"):
        items = "".join(f"<li>{html_inline(rng)}</li>" for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.3:
            items += f"<li>{words(rng)}<ul><li>{words(rng)}</li></ul></li>"
        return f"<{kind}>{items}</{kind}>"
    if kind == "table":
        rows = []
        for row in range(rng.randint(1, 4)):
            cell = "th" if row == 0 and rng.random() < 0.5 else "td"
            cells = "".join(f"<{cell}> {html_inline(rng) if rng.random() < 0.9 else ''} </{cell}>" for _ in range(3))
            rows.append(f"<tr>{cells}</tr>")
        return f"<table>{''.join(rows)}</table>"
    if kind == "pre":
        lines = [" " * rng.randint(0, 4) + html.escape(words(rng, 0, 6)) for _ in range(rng.randint(1, 5))]
        return "<pre>" + "\n".join(lines) + "</pre>"
    if kind == "blockquote":
        return f"<blockquote><p>{html_inline(rng)}</p></blockquote>"
    if kind == "br":
        return f"<p>{words(rng)}<br>{words(rng)}<br/></p>"
    if kind == "hr":
        return "<hr>"
    return f"<div>\n  {html_inline(rng)}\n</div>"


def markdown_snippet(rng: random.Random) -> str:
    kind = rng.choice(["p", "p", "h", "list", "olist", "table", "code", "quote", "emphasis"])
    if kind == "p":
        return words(rng, 3, 30)
    if kind == "h":
        return "#" * rng.randint(1, 4) + " " + words(rng, 1, 6)
    if kind == "list":
        return "\n".join(f"- {words(rng)}" for _ in range(rng.randint(1, 4)))
    if kind == "olist":
        return "\n".join(f"{number}. {words(rng)}" for number in range(1, rng.randint(2, 5)))
    if kind == "table":
        header = "| " + " | ".join(words(rng, 1, 3) for _ in range(3)) + " |"
        body = ["| " + " | ".join(words(rng, 1, 4) for _ in range(3)) + " |" for _ in range(rng.randint(1, 3))]
        return "\n".join([header, "|---|---|---|", *body])
    if kind == "code":
        lines = ["    " * rng.randint(0, 1) + words(rng, 0, 6) for _ in range(rng.randint(1, 4))]
        return "```\n" + "\n".join(lines) + "\n```"
    if kind == "quote":
        return "> " + words(rng, 3, 20)
    return f'Some *{words(rng, 1, 3)}* and **{words(rng, 1, 3)}** and `{words(rng, 1, 2)}` -- "{words(rng, 1, 3)}".'


def generated_file(rng: random.Random, number: int) -> tuple[str, str]:
    """A file name and its content; every document carries a unique marker so none is a duplicate."""
    marker = f"marker{number}"
    fmt = rng.choice(["html", "md", "md", "txt"])
    count = rng.randint(1, 8)
    if fmt == "html":
        body = "".join(html_snippet(rng) for _ in range(count))
        return f"doc{number}.html", f"<html><body><h1>Doc {marker}</h1>{body}<p>{marker}</p></body></html>"
    if fmt == "md":
        return f"doc{number}.md", f"# Doc {marker}\n\n" + "\n\n".join(markdown_snippet(rng) for _ in range(count))
    paragraphs = ["\n".join(words(rng, 1, 12) for _ in range(rng.randint(1, 3))) for _ in range(count)]
    return f"doc{number}.txt", f"Doc {marker}\n\n" + "\n\n".join(paragraphs)


def random_selection(rng: random.Random, text: str) -> tuple[int, int]:
    style = rng.random()
    if style < 0.15:
        return 0, len(text)
    if style < 0.5:  # a whole word or run of words, as a double-click or drag would select
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        first = rng.randrange(len(spans))
        last = min(len(spans) - 1, first + rng.randint(0, 5))
        return spans[first][0], spans[last][1]
    start = rng.randrange(len(text))
    return start, min(len(text), start + rng.randint(1, 120))


def assert_anchored(document: Document, annotation: Annotation) -> None:
    text = document.text
    assert annotation.document_id == document.id
    assert text[annotation.start : annotation.end] == annotation.exact
    assert annotation.prefix == text[max(0, annotation.start - CONTEXT_CHARS) : annotation.start]
    assert annotation.suffix == text[annotation.end : annotation.end + CONTEXT_CHARS]


@pytest.fixture(scope="module")
def generated_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, list[Document]]]:
    """~200 imported documents, shared by the property tests of this module (importing is the slow part)."""
    root = tmp_path_factory.mktemp("anchoring")
    incoming = root / "incoming"
    incoming.mkdir()
    library = Library(root / "data", background=False)
    documents = []
    for number in range(DOCUMENTS):
        name, content = generated_file(random.Random(number), number)
        path = incoming / name
        path.write_text(content, encoding="utf-8")
        outcome = library.documents.import_file(path).value
        assert outcome.document is not None, f"{name} was not imported: {outcome.error or outcome.duplicate_of}"
        documents.append(outcome.document)
    yield library, documents
    library.close()


def test_canonical_text_is_what_the_stored_html_spells(generated_library: tuple[Library, list[Document]]) -> None:
    """The reader renders the stored HTML; offsets are only right if its text is the stored text."""
    _, documents = generated_library
    for document in documents:
        assert html_to_text(document.html) == document.text, document.source
        for invisible in ("\r", "\xa0", "\ufeff", "\x00", "\ufffc"):
            assert invisible not in document.text, (document.source, invisible)


def test_every_highlight_quotes_its_offsets(generated_library: tuple[Library, list[Document]]) -> None:
    library, documents = generated_library
    expected: dict[int, list[tuple[int, int]]] = {}
    refused = 0
    for document in documents:
        rng = random.Random(10_000 + document.id)
        for _ in range(SELECTIONS_PER_DOCUMENT):
            start, end = random_selection(rng, document.text)
            if not document.text[start:end].strip():
                with pytest.raises(InvalidSelection):
                    library.annotations.add(document.id, start, end)
                refused += 1
                continue
            color = rng.choice(["yellow", "green", "blue", "pink", "orange"])
            annotation = library.annotations.add(document.id, start, end, color=color, tags=["property"]).value
            assert (annotation.start, annotation.end) == (start, end)
            assert_anchored(document, annotation)
            if (start, end) not in expected.setdefault(document.id, []):  # the same span again: not stacked
                expected[document.id].append((start, end))
    assert sum(len(spans) for spans in expected.values()) > DOCUMENTS * SELECTIONS_PER_DOCUMENT * 0.8, refused

    for document in documents:  # read back from SQLite, not from what add_annotation returned
        stored = [a for a in library.annotations.for_document(document.id) if a.tags == ("property",)]
        assert sorted((a.start, a.end) for a in stored) == sorted(expected.get(document.id, []))
        for annotation in stored:
            assert_anchored(library.documents.get(document.id), annotation)


def test_every_quote_found_in_the_text_is_highlighted_where_it_is(
    generated_library: tuple[Library, list[Document]],
) -> None:
    """Highlighting by quote (the CLI's ``annotate --quote --all``) lands on each occurrence."""
    library, documents = generated_library
    rng = random.Random(7)
    for document in rng.sample(documents, 60):
        start, end = random_selection(rng, document.text)
        quote = document.text[start:end]
        if not quote.strip():
            continue
        created = library.annotations.add_quote(document.id, quote, every=True, tags=["by-quote"]).value
        assert [(a.start, a.end) for a in created] == find_occurrences(document.text, quote)
        assert any(a.start < end and start < a.end for a in created)  # the selected occurrence, or one overlapping it
        for annotation in created:
            assert_anchored(document, annotation)


# -- re-anchoring ------------------------------------------------------------------------------------
TEXT = "Radars are loud. Training is quiet. Maintenance creates dependency. Training again."
