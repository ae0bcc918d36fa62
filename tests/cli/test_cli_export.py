"""``export`` and ``cite``, run as a user runs them: the files they write, what they print, and the exit
codes for what cannot be done (1: not found or cannot be written; 2: a malformed query or command line)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli import ARTICLE, cli

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture
def data(tmp_path: Path, write_file: WriteFile) -> Path:
    """A library with ARTICLE (#1) and two highlights: #1 tagged region/iran with a note, #2 untagged."""
    folder = tmp_path / "cli-data"
    assert cli("import", write_file("article.md", ARTICLE), data_dir=folder).returncode == 0
    note = 'Watch this, "closely",\nsecond line'
    run = cli("annotate", "1", "--quote", "Radar exports are visible.", "--tag", "region/iran", "--note", note,
              data_dir=folder)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert cli("annotate", "1", "--quote", "Training is quiet.", data_dir=folder).returncode == 0
    return folder


def test_export_a_tag_as_a_markdown_digest(data: Path, tmp_path: Path) -> None:
    output = tmp_path / "iran.md"
    run = cli("export", "--format", "markdown", "--tag", "region", "-o", output, data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"exported 1 highlight from 1 article to {output} (")
    digest = output.read_text(encoding="utf-8")
    assert digest.startswith("# Tag region\n")
    assert "> Radar exports are visible.[^1]\n\n[^1]: Jane Doe, “Interceptors and Radars,” March 4, 2025," in digest
    assert '-   Tags: region/iran\n-   Note: Watch this, "closely",\n    second line\n' in digest


def test_export_json_report_and_every_option(data: Path, tmp_path: Path) -> None:
    output = tmp_path / "radar.md"
    run = cli("export", "--format", "markdown", "--query", "radar", "--mentions", "--style", "apa", "--group", "tag",
              "-o", output, "--json", data_dir=data)  # fmt: skip
    assert run.returncode == 0, run.stderr
    report = run.json()
    assert report == {
        "path": str(output),
        "format": "markdown",
        "articles": 1,
        "highlights": 1,
        "mentions": 2,
        "bytes": output.stat().st_size,
        "seconds": report["seconds"],
    }
    digest = output.read_text(encoding="utf-8")
    assert "## region/iran\n\n> Radar exports are visible. (Doe, 2025)\n" in digest
    assert "## Mentions of “radar”\n" in digest and digest.endswith("https://example.org/interceptors\n")


def test_export_csv_for_excel_and_xlsx(data: Path, tmp_path: Path) -> None:
    output = tmp_path / "all.csv"
    run = cli("export", "--format", "csv", "--doc", "1", "--style", "none", "--excel", "-o", output, data_dir=data)
    assert run.returncode == 0, run.stderr
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")
    with output.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(row["quote"], row["tags"], row["note"]) for row in rows] == [
        ("Radar exports are visible.", "region/iran", 'Watch this, "closely",\nsecond line'),
        ("Training is quiet.", "", ""),
    ]
    assert "citation" not in rows[0]
    workbook = tmp_path / "all.xlsx"
    assert cli("export", "--format", "xlsx", "-o", workbook, data_dir=data).returncode == 0
    assert workbook.read_bytes().startswith(b"PK")


def test_cite_prints_one_citation(data: Path) -> None:
    run = cli("cite", "1", "--style", "mla", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.stdout == (
        "“Radar exports are visible” (Doe).\n\n"
        "Doe, Jane. Interceptors and Radars. 4 Mar. 2025, https://example.org/interceptors.\n"
    )  # a page of no named site: MLA sets its title in italics, which plain text cannot show
    shown = cli("cite", "1", "--json", data_dir=data).json()
    assert list(shown) == ["id", "style", "text", "html", "markdown"]
    assert (shown["id"], shown["style"]) == (1, "chicago-note")
    assert shown["text"].startswith("“Radar exports are visible.”¹\n\n1. Jane Doe, “Interceptors and Radars,”")
    assert shown["html"].startswith("<p>“Radar exports are visible.”<sup>1</sup></p>")
    assert shown["markdown"].startswith("“Radar exports are visible.”[^1]\n\n[^1]: Jane Doe")


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (("export", "--format", "markdown", "--tag", "nowhere"), 1, "no tag “nowhere”"),
        (("export", "--format", "markdown", "--doc", "99"), 1, "no document #99"),
        (("export", "--format", "markdown", "--saved", "Nothing"), 1, "no saved search called “Nothing”"),
        (("export", "--format", "markdown", "--query", "title:("), 2, "parentheses"),
        (("export", "--format", "markdown", "--mentions"), 2, "--mentions needs --query or --saved"),
        (("export", "--format", "xlsx", "--excel"), 2, "--excel is for --format csv"),
        (("export", "--format", "markdown", "--tag", "a", "--doc", "1"), 2, "not allowed with"),
        (("export", "--format", "pdf"), 2, "invalid choice"),
        (("export", "--format", "markdown", "--style", "harvard"), 2, "invalid choice"),
        (("cite", "99"), 1, "no annotation #99"),
        (("cite", "1", "--style", "harvard"), 2, "invalid choice"),
    ],
)
def test_bad_input_is_refused_in_words(
    data: Path, tmp_path: Path, arguments: tuple[str, ...], code: int, message: str
) -> None:
    output = () if arguments[0] == "cite" else ("-o", str(tmp_path / "out.md"))
    run = cli(*arguments, *output, data_dir=data)
    assert run.returncode == code
    assert message in run.stderr and run.stdout == ""
    assert not (tmp_path / "out.md").exists()


def test_an_unwritable_destination_is_refused(data: Path, tmp_path: Path) -> None:
    run = cli("export", "--format", "csv", "-o", tmp_path, data_dir=data)
    assert run.returncode == 1
    assert run.stderr == f"lectern: {tmp_path} is a folder; give a file name to export to\n"


def test_the_cli_offers_the_formats_and_styles_the_exports_know() -> None:
    from app.exports.options import FORMATS, GROUPS, STYLES
    from ui.cli import parser

    assert (parser.EXPORT_FORMATS, parser.CITATION_STYLES, parser.EXPORT_GROUPS) == (FORMATS, STYLES, GROUPS)
