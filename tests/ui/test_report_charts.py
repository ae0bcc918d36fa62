"""The Reports window's charts (``ui.reports.charts``): big grids capped with a caption, and a click on
the picture mapped back to the bar or cell it hit."""

from __future__ import annotations

from app.reports.cooccurrence import TagPair
from app.reports.matrix import MatrixCell
from app.reports.timeline import TimelineRow
from ui.charts import DARK, LIGHT
from ui.reports.charts import LIMIT, build_figure, picked, render
from ui.reports.queries import Subject, row_query


def click_on(picture, x: float, y: float) -> tuple[object, ...] | None:  # type: ignore[no-untyped-def]
    """Click where data point (x, y) of the chart's plot is drawn."""
    pixel_x, pixel_y = picture.figure.axes[0].transData.transform((x, y))
    return picked(picture, pixel_x / picture.width, 1 - pixel_y / picture.height)


def test_a_big_co_occurrence_map_keeps_the_busiest_tags_and_says_so() -> None:
    pairs = [TagPair(f"tag{n:02d}", f"tag{n + 1:02d}", 100 - n) for n in range(40)]
    picture = render("cooccurrence", build_figure("cooccurrence", pairs, LIGHT, title="Pairs"))
    rows, columns = picture.targets
    assert len(rows) == len(columns) == LIMIT
    assert rows == [f"tag{n:02d}" for n in range(1, 31)]  # by total: tag01 meets 100 + 99, tag00 only 100
    assert f"{LIMIT} tags" in picture.caption and "41" in picture.caption


def test_a_click_on_a_matrix_cell_names_its_tag_and_article() -> None:
    cells = [MatrixCell("sensors", 7, "Supply Lines", 2), MatrixCell("logistics", 9, "Notes", 1)]
    picture = render("matrix", build_figure("matrix", cells, DARK, title="Matrix"))
    tags, articles = picture.targets
    row, column = tags.index("logistics"), articles.index((9, "Notes"))
    hit = click_on(picture, column, row)
    assert hit == ("logistics", 9, "Notes")
    assert row_query("matrix", hit) == "tag:logistics document_id:9"  # by id: titles can repeat
    assert picture.caption == ""


def test_a_click_on_a_timeline_bar_names_its_period_and_the_undated_bar_has_no_query() -> None:
    rows = [TimelineRow("2025", 3, 1), TimelineRow("2026", 1, 1), TimelineRow("undated", 2, 1)]
    picture = render("timeline", build_figure("timeline", rows, LIGHT, by="year"))
    assert click_on(picture, 1, 0.5) == ("2026",)
    undated = click_on(picture, 2.7, 0.5)
    assert undated == ("undated",)
    subject = Subject(tag="region/iran")
    assert row_query("timeline", ("2026",), subject) == "tag:region/iran published:2026"
    assert row_query("timeline", undated, subject) is None
    assert click_on(picture, 1.5, 0.5) is None  # between two bars


def test_names_with_spaces_are_quoted_in_queries() -> None:
    assert row_query("cooccurrence", ("big idea", "x")) == 'tag:"big idea" tag:x'
    assert row_query("timeline", ("2024-09",), Subject(query="air defense")) == "(air defense) published:2024-09"
    assert row_query("timeline", ("2024-09",), Subject(claim_id=4)) == "claim:4 published:2024-09"
