"""``search`` with --mentions, --sort, --facets and --tag (auto-coding), and ``reindex``, run as a user runs them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli import ARTICLE, cli, show

WriteFile = Callable[[str, str | bytes], Path]
PHRASE = '"air defense support"'

LATER = """\
---
title: A later memo
date: 2026-02-01
source: https://example.org/memo
---

The memo repeats that air defense support is scarce, and adds nothing else.
"""


def occurrences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\bair\W+defense\W+support\b", text, re.IGNORECASE)]


@pytest.fixture
def library_dir(tmp_path: Path, write_file: WriteFile) -> tuple[Path, int, int]:
    """A data folder with ARTICLE (2025, two mentions) and LATER (2026, one mention): (folder, first id, later id)."""
    data = tmp_path / "cli-search"
    run = cli("import", "--json", write_file("article.md", ARTICLE), write_file("later.md", LATER), data_dir=data)
    assert run.returncode == 0, run.stderr
    first, later = (int(entry["id"]) for entry in run.json())
    return data, first, later


def test_mentions_json_offsets_point_at_the_phrase_in_show_text(library_dir: tuple[Path, int, int]) -> None:
    data, first, later = library_dir
    run = cli("search", PHRASE, "--mentions", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    document = run.json()
    # always one object; "facets" only with --facets
    assert set(document) == {"query", "total", "mentions", "articles", "stories"}
    assert (document["articles"], document["stories"]) == (2, 2)
    assert (document["query"], document["total"]) == (PHRASE, 3)
    mentions = document["mentions"]
    assert isinstance(mentions, list) and len(mentions) == 3
    texts = {document_id: show(data, document_id)["text"] for document_id in (first, later)}
    found = set()
    for mention in mentions:
        assert set(mention) == {"document_id", "title", "start", "end", "match", "context"}
        text = texts[mention["document_id"]]
        assert mention["match"] == text[mention["start"] : mention["end"]]
        assert re.fullmatch(r"air\W+defense\W+support", mention["match"], re.IGNORECASE)
        assert mention["match"].replace("\n", " ") in mention["context"]
        assert "<mark>" not in mention["context"] and len(mention["context"]) <= len(mention["match"]) + 2 * 60 + 2
        found.add((mention["document_id"], mention["start"], mention["end"]))
    assert found == {(document_id, *span) for document_id, text in texts.items() for span in occurrences(text)}


def test_mentions_without_json_print_one_object_per_line(library_dir: tuple[Path, int, int]) -> None:
    data, _, later = library_dir
    run = cli("search", PHRASE, "--mentions", "--sort", "date", "--limit", "2", data_dir=data)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(lines) == 2 and lines[0]["document_id"] == later  # newest first, then limited
    paged = cli("search", PHRASE, "--mentions", "--sort", "date", "--limit", "2", "--offset", "1", data_dir=data)
    as_json = cli("search", PHRASE, "--mentions", "--sort", "date", "--offset", "1", "--json", data_dir=data).json()
    paged_lines = [json.loads(line) for line in paged.stdout.splitlines()]
    assert paged_lines == as_json["mentions"] and len(paged_lines) == 2 and paged_lines[0] == lines[1]
    assert as_json["total"] == 3


def test_mentions_page_by_mention_and_total_counts_only_mentions(
    library_dir: tuple[Path, int, int], write_file: WriteFile
) -> None:
    """--limit and --offset count mentions; highlights and articles matched by their title are no mentions."""
    data, first, later = library_dir
    titled = write_file("titled.md", "---\ntitle: Air defense support, in the title only\n---\n\nNothing here.\n")
    assert cli("import", titled, data_dir=data).returncode == 0
    quote = "air defense support"
    annotated = cli("annotate", str(first), "--quote", quote, "--note", quote, data_dir=data)
    assert annotated.returncode == 0, annotated.stderr
    plain = cli("search", PHRASE, "--json", data_dir=data).json()
    assert plain["total"] == 5 and {hit["kind"] for hit in plain["hits"]} == {"article", "annotation"}
    everything = cli("search", PHRASE, "--mentions", "--json", data_dir=data).json()
    assert everything["total"] == len(everything["mentions"]) == 3  # the title-only article and the highlight: none
    pages = []
    for offset in range(4):
        page = cli("search", PHRASE, "--mentions", "--limit", "1", "--offset", str(offset), "--json", data_dir=data)
        assert page.returncode == 0, page.stderr
        document = page.json()
        assert set(document) == {"query", "total", "mentions", "articles", "stories"} and document["total"] == 3
        pages += document["mentions"]
    assert pages == everything["mentions"]
    beyond = cli("search", PHRASE, "--mentions", "--offset", "5000", "--json", data_dir=data).json()
    assert beyond == {"query": PHRASE, "total": 3, "mentions": [], "articles": 2, "stories": 2}
    excluding = cli("search", "defense -radar", "--mentions", "--json", data_dir=data)
    assert excluding.returncode == 0, excluding.stderr  # -word inside the narrowed query stays readable
    assert [m["document_id"] for m in excluding.json()["mentions"]] == [later]  # ARTICLE has "Radar"


def test_mentions_refuse_a_malformed_query_like_search(library_dir: tuple[Path, int, int]) -> None:
    data, _, _ = library_dir
    for query in ('"air defense', "", "air)"):
        plain = cli("search", query, data_dir=data)
        mentions = cli("search", query, "--mentions", "--json", data_dir=data)
        assert (mentions.returncode, mentions.stdout) == (2, "")
        assert mentions.stderr == plain.stderr and mentions.stderr.startswith("lectern: ")


def test_plain_search_json_is_always_one_object(library_dir: tuple[Path, int, int]) -> None:
    data, _, _ = library_dir
    plain = cli("search", PHRASE, "--limit", "1", "--json", data_dir=data).json()
    assert set(plain) == {"query", "total", "hits", "articles", "stories"} and plain["total"] == 3
    assert len(plain["hits"]) == 1
    none = cli("search", "zeppelin", "--json", data_dir=data).json()
    assert none == {"query": "zeppelin", "total": 0, "hits": [], "articles": 0, "stories": 0}
    with_facets = cli("search", PHRASE, "--facets", "--json", data_dir=data).json()
    assert set(with_facets) == {"query", "total", "hits", "articles", "stories", "facets"}


def test_sort_date_and_title(library_dir: tuple[Path, int, int]) -> None:
    data, first, later = library_dir
    by_date = cli("search", PHRASE, "--sort", "date", "--json", data_dir=data).json()
    assert [hit["document_id"] for hit in by_date["hits"]] == [later, first, first]
    by_title = cli("search", PHRASE, "--sort", "title", "--json", data_dir=data).json()
    assert [hit["title"] for hit in by_title["hits"]] == ["A later memo"] + ["Interceptors and Radars"] * 2
    paged = cli("search", PHRASE, "--sort", "title", "--offset", "1", "--limit", "1", "--json", data_dir=data).json()
    assert paged["total"] == 3 and paged["hits"] == by_title["hits"][1:2]
    bad = cli("search", PHRASE, "--sort", "popularity", data_dir=data)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_tag_autocodes_every_occurrence_then_skips_them(library_dir: tuple[Path, int, int]) -> None:
    data, first, later = library_dir
    run = cli("search", PHRASE, "--tag", "air-defense", "--tag", "supply", "--color", "green", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.json() == {"created": 3, "skipped": 0, "documents": 2}
    for document_id in (first, later):
        shown = show(data, document_id)
        spans = [(a["start"], a["end"]) for a in shown["annotations"]]
        assert spans == occurrences(shown["text"])
        assert all(a["tags"] == ["air-defense", "supply"] and a["color"] == "green" for a in shown["annotations"])

    again = cli("search", PHRASE, "--tag", "air-defense", data_dir=data)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "highlighted 0 occurrences in 0 articles; 3 already tagged"

    facets = cli("search", "tag:supply", "--facets", "--json", data_dir=data).json()
    assert facets["total"] == 3
    assert facets["facets"] == {
        "tags": [{"tag": "air-defense", "hits": 3}, {"tag": "supply", "hits": 3}],
        "colors": [{"color": "green", "hits": 3}],
        "articles": [
            {"document_id": first, "title": "Interceptors and Radars", "hits": 2},
            {"document_id": later, "title": "A later memo", "hits": 1},
        ],
        "years": [{"year": 2025, "hits": 2}, {"year": 2026, "hits": 1}],
    }


def test_facets_text_and_with_mentions(library_dir: tuple[Path, int, int]) -> None:
    data, first, later = library_dir
    run = cli("search", PHRASE, "--facets", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("3 mentions of")
    assert re.search(r"Years:\n  2025 +2\n  2026 +1\n", run.stdout), run.stdout
    combined = cli("search", PHRASE, "--mentions", "--facets", "--json", data_dir=data).json()
    assert set(combined) == {"query", "total", "mentions", "articles", "stories", "facets"}
    assert combined["total"] == 3
    assert [a["document_id"] for a in combined["facets"]["articles"]] == [first, later]
    lines = cli("search", PHRASE, "--mentions", "--facets", "--limit", "1", data_dir=data).stdout.splitlines()
    assert len(lines) == 2 and set(json.loads(lines[-1])) == {"facets"}


def test_tag_usage_errors(library_dir: tuple[Path, int, int]) -> None:
    data, _, _ = library_dir
    color_only = cli("search", PHRASE, "--color", "green", data_dir=data)
    assert color_only.returncode == 2 and "--color needs --tag" in color_only.stderr
    mixed = cli("search", PHRASE, "--tag", "x", "--mentions", data_dir=data)
    assert mixed.returncode == 2 and mixed.stdout == ""
    malformed = cli("search", '"air defense', "--tag", "x", data_dir=data)
    assert malformed.returncode == 2 and malformed.stderr.strip() == "lectern: A quotation mark is not closed."
    assert show(data, 1)["annotations"] == []


def test_reindex_rebuilds_from_the_database(library_dir: tuple[Path, int, int]) -> None:
    data, _, _ = library_dir
    cli("annotate", "1", "--quote", "Radar", "--tag", "radars", data_dir=data)
    before = cli("search", "radar OR tag:radars", "--json", data_dir=data).json()
    run = cli("reindex", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    rebuilt = run.json()
    assert rebuilt["documents"] == 2 and rebuilt["highlights"] == 1 and rebuilt["seconds"] >= 0
    assert cli("search", "radar OR tag:radars", "--json", data_dir=data).json() == before
    text = cli("reindex", data_dir=data)
    assert re.fullmatch(r"rebuilt the search index: 2 articles, 1 highlight in \d+\.\d\d s\n", text.stdout)
