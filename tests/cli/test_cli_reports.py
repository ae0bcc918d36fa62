"""``report tags|cooccurrence|matrix|timeline`` run as a user runs them: exact JSON fields, the CSV and
Markdown files, the timeline's charts, and the mistakes a user can make."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from file_writing import WriteFile
from test_cli import cli

from app import Library

DATED = """\
---
title: Radars for Tehran
date: 2024-09-20
---
Radar exports to Tehran are visible. Baghdad watches the radar deal.

Interceptor stocks are finite.
"""
UNDATED = """\
---
title: Radar talk
---
Radar training is quiet in Tehran.
"""


@pytest.fixture
def library_dir(tmp_path: Path, write_file: WriteFile) -> Path:
    """Two articles (one dated 2024-09-20, one undated) with tagged highlights, made in this process (faster)."""
    data = tmp_path / "reports-data"
    library = Library(data, background=False)
    try:
        dated = library.documents.import_file(write_file("dated.md", DATED)).value.document
        undated = library.documents.import_file(write_file("undated.md", UNDATED)).value.document
        assert dated is not None and undated is not None
        add = library.annotations.add_quote
        [exports] = add(dated.id, "Radar exports to Tehran", tags=["region/iran", "trade"]).value
        [watches] = add(dated.id, "Baghdad watches", tags=["region/iraq"]).value
        add(dated.id, "Interceptor stocks", tags=["trade"])
        [training] = add(undated.id, "Radar training", tags=["region/iran"]).value
        claim = library.claims.add("Tehran buys radars").value
        library.claims.link(claim.id, exports.id, "supports")
        library.claims.link(claim.id, watches.id, "context")
        library.claims.link(claim.id, training.id, "contradicts")
        library.searches.save("radars", "radar")
        library.index.flush()
    finally:
        library.close()
    return data


def test_tags_cooccurrence_and_matrix_as_json_csv_and_markdown(library_dir: Path, tmp_path: Path) -> None:
    tags = cli("report", "tags", "--json", "--csv", tmp_path / "tags.csv", data_dir=library_dir)
    assert tags.returncode == 0, tags.stderr
    assert tags.json() == [
        {"tag": "region", "highlights": 3, "articles": 2, "branch": True},
        {"tag": "region/iran", "highlights": 2, "articles": 2, "branch": False},
        {"tag": "region/iraq", "highlights": 1, "articles": 1, "branch": False},
        {"tag": "trade", "highlights": 2, "articles": 1, "branch": False},
    ]
    with (tmp_path / "tags.csv").open(encoding="utf-8", newline="") as file:
        assert list(csv.reader(file))[:2] == [["tag", "highlights", "articles", "branch"], ["region", "3", "2", "True"]]
    assert f"lectern: wrote {tmp_path / 'tags.csv'}" in tags.stderr

    pairs = cli("report", "cooccurrence", "--within", "paragraph", "--json", data_dir=library_dir)
    assert pairs.json() == [  # one paragraph holds Tehran, Baghdad and the trade tag; the stocks are another
        {"a": "region/iran", "b": "region/iraq", "highlights": 1},
        {"a": "region/iran", "b": "trade", "highlights": 1},
        {"a": "region/iraq", "b": "trade", "highlights": 1},
    ]
    on_one = cli("report", "cooccurrence", "--tag", "region/iran", "--json", data_dir=library_dir)
    assert on_one.json() == [{"a": "region/iran", "b": "trade", "highlights": 1}]

    matrix = cli("report", "matrix", "--saved", "radars", "--markdown", tmp_path / "m.md", data_dir=library_dir)
    assert matrix.returncode == 0, matrix.stderr
    assert matrix.stdout.splitlines()[0] == "Tag × article matrix — Saved search “radars”: 4 rows"
    markdown = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert "| tag | document_id | title | highlights |" in markdown
    assert "| trade | 1 | Radars for Tehran | 2 |" in markdown
    as_json = cli("report", "matrix", "--json", data_dir=library_dir).json()
    assert as_json[0] == {"tag": "region/iran", "document_id": 1, "title": "Radars for Tehran", "highlights": 1}


def test_timeline_rows_charts_and_mistakes(library_dir: Path, tmp_path: Path) -> None:
    mentions = cli("report", "timeline", "radar", "--by", "month", "--json", data_dir=library_dir)
    assert mentions.returncode == 0, mentions.stderr
    assert mentions.json() == [
        {"period": "2024-09", "mentions": 2, "articles": 1},
        {"period": "undated", "mentions": 1, "articles": 1},
    ]
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    tagged = cli(
        "report", "timeline", "--of-tag", "region", "--stack", "tag", "--by", "year", "--json",
        "--png", png, "--svg", svg, data_dir=library_dir,
    )  # fmt: skip
    assert tagged.returncode == 0, tagged.stderr
    assert tagged.json() == [
        {"period": "2024", "mentions": 2, "articles": 1, "series": {"region/iran": 1, "region/iraq": 1}},
        {"period": "undated", "mentions": 1, "articles": 1, "series": {"region/iran": 1, "region/iraq": 0}},
    ]
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5000
    assert "<svg" in svg.read_text(encoding="utf-8")

    evidence = cli("report", "timeline", "--claim", "1", "--stack", "stance", "--json", data_dir=library_dir)
    assert evidence.json() == [
        {"period": "2024-09", "mentions": 2, "articles": 1, "series": {"supports": 1, "contradicts": 0, "context": 1}},
        {"period": "undated", "mentions": 1, "articles": 1, "series": {"supports": 0, "contradicts": 1, "context": 0}},
    ]
    no_claim = cli("report", "timeline", "--claim", "9", data_dir=library_dir)
    assert no_claim.returncode == 1 and no_claim.stderr.strip() == "lectern: no claim #9"
    no_subject = cli("report", "timeline", "--by", "year", data_dir=library_dir)
    assert no_subject.returncode == 2 and "needs one of" in no_subject.stderr
    malformed = cli("report", "timeline", '"radar', data_dir=library_dir)
    assert malformed.returncode == 2 and malformed.stderr.strip() == "lectern: A quotation mark is not closed."
    unknown = cli("report", "tags", "--saved", "nothing", data_dir=library_dir)
    assert unknown.returncode == 1 and unknown.stderr.strip() == "lectern: no saved search called “nothing”"
    wrong_stack = cli("report", "timeline", "radar", "--stack", "stance", data_dir=library_dir)
    assert wrong_stack.returncode == 1 and "stacking by stance needs a claim" in wrong_stack.stderr


def test_the_parsers_choices_are_the_reports() -> None:
    """The parser spells the choices out (parsing loads no app/): they must stay the reports' own."""
    from app.reports.cooccurrence import WITHIN
    from app.reports.periods import BY
    from app.reports.timeline import STACKS
    from ui.cli.report_parser import REPORT_BY, REPORT_STACKS, REPORT_WITHIN

    assert (REPORT_WITHIN, REPORT_BY, REPORT_STACKS) == (WITHIN, BY, STACKS)
