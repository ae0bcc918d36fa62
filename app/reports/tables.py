"""A report as a table (title, columns, rows), written as CSV or Markdown, whole or not at all (atomic).

The CSV is plain UTF-8 with a header row: a spreadsheet opens it as it is (a pivot of the matrix's long
rows gives the grid). The Markdown is a heading, the scope and a pipe table, escaped so that tag names and
titles show as written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from app.exports.atomic import atomic_file
from app.exports.citations import escape_markdown


@dataclass(frozen=True)
class ReportTable:
    title: str  # "Tag frequency"
    scope: str  # "Whole library", "Tag region", …
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def page(self, offset: int, limit: int) -> tuple[tuple[object, ...], ...]:
        """Rows ``offset`` to ``offset + limit`` (a view pages long reports, e.g. the matrix)."""
        return self.rows[max(0, offset) : max(0, offset) + max(0, limit)]


def file_name(table: ReportTable) -> str:
    """A file name (without suffix) that says the report and its scope: ``tag-frequency-tag-region``.
    A CSV has no room for a title above its header row, so its name carries the scope."""
    words = f"{table.title.split(':')[0]} {table.scope}".lower().replace("×", "x")
    kept = "".join(character if character.isalnum() else " " for character in words)
    return "-".join(kept.split())[:120] or "report"


def write_csv(table: ReportTable, path: Path) -> None:
    with atomic_file(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(table.columns)
        writer.writerows(table.rows)


def write_markdown(table: ReportTable, path: Path) -> None:
    with atomic_file(path, "w", encoding="utf-8", newline="\n") as file:
        file.write(markdown(table))


def markdown(table: ReportTable) -> str:
    lines = [f"# {escape_markdown(table.title)}", "", f"Scope: {escape_markdown(table.scope)}", ""]
    lines.append("| " + " | ".join(_cell(column) for column in table.columns) + " |")
    lines.append("|" + "|".join("---:" if _numeric(table, n) else "---" for n in range(len(table.columns))) + "|")
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in table.rows]
    if not table.rows:
        lines += ["", "Nothing to count in this scope."]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    text = " ".join(str(value).split())  # one line: a table row cannot hold a line break
    return escape_markdown(text).replace("|", "\\|")


def _numeric(table: ReportTable, column: int) -> bool:
    values = [row[column] for row in table.rows]
    return bool(values) and all(isinstance(value, int) and not isinstance(value, bool) for value in values)
