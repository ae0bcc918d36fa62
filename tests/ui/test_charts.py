"""The report charts, drawn headless (no Qt) and read back from the files they are saved to."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.image import imread

from ui.charts import DARK, LIGHT, SEPIA, ChartStyle, bar_chart, heat_map, save, timeline_chart
from ui.charts.style import font_families

ROOT = Path(__file__).resolve().parents[2]
MONTHS = [f"2024-{month:02d}" for month in range(1, 13)]
CJK_TAG = "军事合作"


def month_rows(mentions: list[int], undated: int | None = 3) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"period": period, "mentions": count, "articles": 1} for period, count in zip(MONTHS, mentions, strict=False)
    ]
    if undated is not None:
        rows.append({"period": "undated", "mentions": undated, "articles": 1})
    return rows


def pixels(path: Path) -> np.ndarray:
    """The PNG's pixels as 0-255 RGB."""
    return np.rint(imread(path)[..., :3] * 255).astype(int)


def share_of(image: np.ndarray, colour: str, tolerance: int = 3) -> float:
    """The share of the image's pixels that are ``colour``."""
    target = np.array([round(channel * 255) for channel in to_rgb(colour)])
    return float((np.abs(image - target).max(axis=-1) <= tolerance).mean())


def drawn(figure: Figure) -> Figure:
    figure.canvas.draw()
    return figure


@pytest.mark.parametrize("style", [LIGHT, DARK], ids=lambda style: style.name)
def test_a_timeline_saves_as_png_and_svg_in_the_themes_colours(tmp_path: Path, style: ChartStyle) -> None:
    figure = timeline_chart(month_rows([4, 0, 7, 2, 9, 1]), by="month", title="Mentions of missile", style=style)
    png = save(figure, tmp_path / "timeline.png")
    svg = save(figure, tmp_path / "timeline.svg")

    image = pixels(png)
    assert image.shape[0] > 400 and image.shape[1] > 800
    assert tuple(image[2, 2]) == tuple(round(channel * 255) for channel in to_rgb(style.background))
    assert share_of(image, style.background) > 0.4
    assert share_of(image, style.accent) > 0.03, "no bar drawn in the theme's accent colour"
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert style.background.lower() in text.lower()
    for label in ("Mentions of missile", "2024-03", "undated", "Publication month", "Mentions"):
        assert f"<!-- {label} -->" in text, label
    assert {path.name for path in tmp_path.iterdir()} == {"timeline.png", "timeline.svg"}, "a temporary file is left"


def test_the_undated_bar_stands_apart_at_the_end_hatched(tmp_path: Path) -> None:
    rows = month_rows([5, 6, 7], undated=4)
    rows.insert(1, rows.pop())  # wherever the report puts it, the chart shows it last
    figure = drawn(timeline_chart(rows, by="month", style=LIGHT))
    axes = figure.axes[0]
    labels = [label.get_text() for label in axes.get_xticklabels()]
    assert labels == ["2024-01", "2024-02", "2024-03", "undated"]
    bars = sorted(axes.patches, key=lambda bar: bar.get_x())
    assert [bar.get_height() for bar in bars] == [5, 6, 7, 4]
    gaps = [later.get_x() - earlier.get_x() for earlier, later in zip(bars, bars[1:], strict=False)]
    assert gaps[-1] > gaps[0] + 0.5, "no gap before the undated bar"
    assert [bar.get_hatch() for bar in bars] == [None, None, None, "///"]

    image = pixels(save(figure, tmp_path / "t.png"))
    middle = bars[-1].get_x() + bars[-1].get_width() / 2
    x, y = axes.transData.transform((middle, 2)) * 1.5  # drawn at 100 dpi, saved at 150
    colours = {tuple(image[image.shape[0] - int(y), int(x) + offset]) for offset in range(-12, 13)}
    assert len(colours) >= 2, "the undated bar is not hatched on the image"


def test_a_timeline_without_undated_articles_has_no_undated_bar() -> None:
    axes = drawn(timeline_chart(month_rows([1, 2], undated=None), by="month")).axes[0]
    assert "undated" not in [label.get_text() for label in axes.get_xticklabels()]
    assert len(axes.patches) == 2


def test_twenty_years_of_months_get_labels_that_do_not_overlap(tmp_path: Path) -> None:
    rows = [{"period": f"{2000 + m // 12}-{m % 12 + 1:02d}", "mentions": m % 7} for m in range(240)]
    rows.append({"period": "undated", "mentions": 2})
    figure = timeline_chart(rows, by="month", style=SEPIA)
    assert save(figure, tmp_path / "long.png").stat().st_size > 10_000
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    labels = [label for label in axes.get_xticklabels() if label.get_text()]
    assert 10 <= len(labels) <= 26
    assert labels[-1].get_text() == "undated" and labels[0].get_text() == "2000-01"
    boxes = sorted((label.get_window_extent(renderer) for label in labels), key=lambda box: box.x0)
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert not left.overlaps(right), "period labels overlap"
    assert len(axes.patches) == 241


def test_the_y_axis_counts_whole_mentions() -> None:
    axes = drawn(timeline_chart(month_rows([1, 2, 1], undated=0), by="month")).axes[0]
    ticks = [tick for tick in axes.get_yticks() if 0 <= tick <= axes.get_ylim()[1]]
    assert ticks and all(float(tick).is_integer() for tick in ticks)
    assert axes.get_xlabel() == "Publication month" and axes.get_ylabel() == "Mentions"


def test_stances_stack_in_their_own_colours_with_a_legend(tmp_path: Path) -> None:
    rows = month_rows([6, 6, 6, 6], undated=2)
    series = {"supports": [3, 0, 2, 1, 1], "contradicts": [2, 4, 0, 1, 1], "context": [1, 2, 4, 4, 0]}
    figure = drawn(timeline_chart(rows, by="month", series=series, title="Claim 3", style=DARK))
    axes = figure.axes[0]
    tops = {}
    for bar in axes.patches:
        tops[bar.get_x()] = max(tops.get(bar.get_x(), 0), bar.get_y() + bar.get_height())
    assert sorted(tops.values()) == [2, 6, 6, 6, 6]
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert sorted(legend) == ["context", "contradicts", "supports"]

    image = pixels(save(figure, tmp_path / "stances.png"))
    for colour in (DARK.supports, DARK.contradicts, DARK.context):
        assert share_of(image, colour) > 0.005, colour


def test_tags_stack_in_the_series_colours_and_bad_series_are_refused() -> None:
    rows = month_rows([2, 2], undated=None)
    figure = drawn(timeline_chart(rows, by="month", series={"oil": [1, 1], CJK_TAG: [1, 1]}))
    colours = {bar.get_facecolor()[:3] for bar in figure.axes[0].patches}
    assert colours == {to_rgb(LIGHT.series[0]), to_rgb(LIGHT.series[1])}
    with pytest.raises(ValueError, match="Series 'oil' has 1 counts for 2 periods"):
        timeline_chart(rows, by="month", series={"oil": [1]})


def test_an_empty_timeline_says_so() -> None:
    figure = drawn(timeline_chart([], by="year", title="Nothing"))
    assert "No mentions to chart." in [text.get_text() for text in figure.axes[0].texts]


def test_a_small_heat_map_writes_each_count_in_a_readable_ink(tmp_path: Path) -> None:
    labels = ["oil", CJK_TAG, "Report: The Tehran visit of April 2024 and what followed"]
    counts = [[0, 3, 9], [3, 0, 1], [9, 1, 0]]
    figure = drawn(heat_map(labels, labels, counts, title="Co-occurrence", style=LIGHT))
    axes, colour_bar = figure.axes
    assert [text.get_text() for text in axes.texts] == ["0", "3", "9", "3", "0", "1", "9", "1", "0"]
    inks = {text.get_text(): text.get_color() for text in axes.texts}
    assert inks["0"] == LIGHT.foreground and inks["9"] == LIGHT.background
    row_labels = [label.get_text() for label in axes.get_yticklabels()]
    assert row_labels[:2] == ["oil", CJK_TAG]
    assert row_labels[2].endswith("…") and len(row_labels[2]) == 28
    assert colour_bar.get_ylim()[1] == 9
    assert all(float(tick).is_integer() for tick in colour_bar.get_yticks())
    assert share_of(pixels(save(figure, tmp_path / "heat.png")), LIGHT.strong, tolerance=6) > 0.01


def test_a_thirty_by_thirty_heat_map_keeps_every_label_and_drops_the_cell_counts(tmp_path: Path) -> None:
    labels = [f"a tag with a long name, number {number}" for number in range(30)]
    counts = [[(row * column) % 11 for column in range(30)] for row in range(30)]
    figure = heat_map(labels, labels, counts, title="Tags by article", style=DARK)
    image = pixels(save(figure, tmp_path / "big.png"))  # drawn once, here; the labels are then laid out
    assert share_of(image, DARK.background) > 0.2
    axes = figure.axes[0]
    assert len([label for label in axes.get_yticklabels() if label.get_text()]) == 30
    assert len([label for label in axes.get_xticklabels() if label.get_text()]) == 30
    assert not axes.texts
    renderer = figure.canvas.get_renderer()
    rows = [label.get_window_extent(renderer) for label in axes.get_yticklabels()]
    for upper, lower in zip(rows, rows[1:], strict=False):
        assert not upper.overlaps(lower), "row labels overlap"
    # Column labels are slanted at 45°: the gap across them is the tick spacing times sin 45°.
    left, right = (axes.transData.transform((column, 0))[0] for column in (0, 1))
    assert axes.get_xticklabels()[0].get_rotation() == 45
    assert (right - left) * math.sin(math.radians(45)) > rows[0].height, "column labels overlap"


def test_tag_frequency_bars_read_top_down() -> None:
    figure = drawn(bar_chart(["oil", CJK_TAG, "$5 cost"], [12, 30, 4], title="Tags", style=SEPIA))
    axes = figure.axes[0]
    assert [label.get_text() for label in axes.get_yticklabels()] == ["oil", CJK_TAG, "$5 cost"]
    assert [bar.get_width() for bar in sorted(axes.patches, key=lambda bar: bar.get_y())] == [12, 30, 4]
    assert sorted(text.get_text() for text in axes.texts) == ["12", "30", "4"]
    with pytest.raises(ValueError):
        bar_chart(["oil"], [1, 2])


def missing_glyph_warnings(figure: Figure, path: Path) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        save(figure, path)
    return [str(warning.message) for warning in caught if "missing from" in str(warning.message)]


def test_cjk_tag_names_are_drawn_in_a_font_that_has_their_glyphs(tmp_path: Path) -> None:
    families = font_families("DejaVu Sans")
    assert families[0] == "DejaVu Sans" and any("CJK" in family for family in families)
    covering = [
        family
        for family in families
        if all(FT2Font(font_manager.findfont(family, fallback_to_default=False)).get_char_index(ord(c)) for c in CJK_TAG)
    ]
    assert covering, "no installed font in the chart's list has the glyphs of a Chinese tag"

    series = {CJK_TAG: [1, 2], "oil": [2, 1]}
    figure = timeline_chart(month_rows([3, 3], undated=None), by="month", series=series, title=f"标签 {CJK_TAG}")
    assert missing_glyph_warnings(figure, tmp_path / "cjk.png") == []
    assert missing_glyph_warnings(heat_map([CJK_TAG], ["日本語のタグ"], [[2]]), tmp_path / "heat.svg") == []

    # The check bites: with the Latin font alone the same label is boxes, and matplotlib says so.
    plain = Figure()
    plain.text(0.5, 0.5, CJK_TAG, fontfamily=["DejaVu Sans"])
    assert missing_glyph_warnings(plain, tmp_path / "tofu.png")


def test_a_dollar_sign_in_a_tag_is_text_not_a_formula() -> None:
    figure = drawn(bar_chart(["$x$ and $y$"], [1]))
    label = figure.axes[0].get_yticklabels()[0]
    assert label.get_text() == "$x$ and $y$" and not label.get_parse_math()


def test_save_refuses_other_formats_and_replaces_an_old_chart(tmp_path: Path) -> None:
    figure = timeline_chart(month_rows([1]), by="month")
    with pytest.raises(ValueError, match="saved as .png or .svg"):
        save(figure, tmp_path / "chart.pdf")
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")
    save(figure, target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [path.name for path in tmp_path.iterdir()] == ["chart.png"]
    # ``--svg chart`` says the format where the name does not.
    assert b"<svg" in save(figure, tmp_path / "chart", kind="svg").read_bytes()[:400]


def test_the_command_line_loads_matplotlib_only_for_a_chart() -> None:
    """``lectern search …`` must not pay matplotlib's import: the parser and the command table stay without it."""
    code = (
        "import sys, main, ui.cli.parser, ui.cli.run; "
        "print(sorted(name for name in ('matplotlib', 'ui.charts', 'PySide6') if name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_charts_package_never_loads_qt() -> None:
    code = "import sys, ui.charts; print('PySide6' in sys.modules, 'matplotlib.backends.backend_agg' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]
