"""The chart each report shows beside its table, drawn off the GUI thread into RGBA pixels.

Qt-free: a worker builds the matplotlib figure (``ui.charts``) in the theme's ``ChartStyle`` and renders it
with Agg; the window only wraps the pixels in a QImage. Heat maps and bars keep to the ``LIMIT`` largest
labels by total, and the caption says so, since a grid of hundreds of rows is unreadable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from app.reports.cooccurrence import TagPair
from app.reports.matrix import MatrixCell, grid
from app.reports.periods import UNDATED
from app.reports.tag_frequency import TagFrequency
from app.reports.timeline import TimelineRow
from ui.charts import ChartStyle, bar_chart, heat_map, timeline_chart
from ui.charts.style import font_families
from ui.charts.timeline import UNDATED_GAP

LIMIT = 30
MIN_HEAT_MAP_WIDTH = 6.5  # inches


@dataclass(frozen=True)
class ChartPicture:
    """A rendered chart: RGBA bytes, its size in pixels, the figure (for saving), a caption, and what each
    bar or cell stands for (``targets``: see ``picked``)."""

    rgba: bytes
    width: int
    height: int
    figure: Figure
    caption: str
    kind: str = ""
    targets: tuple[object, ...] = ()


Drawn = tuple[Figure, str, tuple[object, ...]]  # the figure, its caption, its targets


def build_figure(kind: str, rows: Sequence[object], style: ChartStyle, *, by: str = "month", title: str = "") -> Drawn:
    """The report's chart, a caption ("" or what was left out) and what its bars or cells stand for."""
    if kind == "tags":
        return _tag_bars(rows, style, title)  # type: ignore[arg-type]
    if kind == "cooccurrence":
        return _pair_map(rows, style, title)  # type: ignore[arg-type]
    if kind == "matrix":
        return _matrix_map(rows, style, title)  # type: ignore[arg-type]
    timeline_rows: Sequence[TimelineRow] = rows  # type: ignore[assignment]
    records = [row.to_json() for row in timeline_rows]
    names = list(timeline_rows[0].series) if timeline_rows and timeline_rows[0].series else []
    series = {name: [row.series.get(name, 0) for row in timeline_rows] for name in names} or None
    periods = [row.period for row in timeline_rows]
    figure = timeline_chart(records, by=by, series=series, title=title, style=style)
    return figure, "", tuple(periods)


def render(kind: str, drawn: Drawn) -> ChartPicture:
    """Draw the figure on its Agg canvas (any thread) and keep its pixels."""
    figure, caption, targets = drawn
    canvas = figure.canvas
    canvas.draw()
    width, height = canvas.get_width_height()
    pixels = canvas.buffer_rgba  # named so: the colour check of ui/ reads a CSS colour into "rgba" and a bracket
    return ChartPicture(bytes(pixels()), width, height, figure, caption, kind, targets)


def _title_over_figure(figure: Figure, style: ChartStyle) -> None:
    """A heat map's cells are square, so its plot can be narrower than its title: the title moves from above the
    plot to the top left of the figure, and the figure is made wide enough for it."""
    width, height = figure.get_size_inches()
    figure.set_size_inches(max(width, MIN_HEAT_MAP_WIDTH), height)
    axes = figure.axes[0]
    title = axes.get_title(loc="left")
    if title:
        axes.set_title("", loc="left")
        figure.suptitle(title, x=0.02, ha="left", color=style.foreground, fontsize=style.font_size + 2.5,
                        fontfamily=list(font_families(style.font_family)), parse_math=False)  # fmt: skip


def picked(picture: ChartPicture, x: float, y: float) -> tuple[object, ...] | None:
    """The report row (as ``ui.reports.queries.row_query`` reads it) under a click at ``x``, ``y`` (fractions
    of the picture from its top left), or None off every bar and cell."""
    if not picture.figure.axes:
        return None
    axes = picture.figure.axes[0]
    data_x, data_y = axes.transData.inverted().transform((x * picture.width, (1 - y) * picture.height))
    left, right = sorted(axes.get_xlim())
    low, high = sorted(axes.get_ylim())
    if not (left <= data_x <= right and low <= data_y <= high):
        return None
    if picture.kind == "tags":
        slot = round(data_y)
        return (picture.targets[slot],) if 0 <= slot < len(picture.targets) and abs(data_y - slot) <= 0.4 else None
    if picture.kind == "timeline":
        periods = [str(period) for period in picture.targets]
        dated = [period for period in periods if period != UNDATED]
        places = [float(n) for n in range(len(dated))] + [len(dated) + UNDATED_GAP] * (len(periods) - len(dated))
        for place, period in zip(places, dated + [p for p in periods if p == UNDATED], strict=True):
            if abs(data_x - place) <= 0.4:
                return (period,)
        return None
    rows, columns = picture.targets
    row, column = round(data_y), round(data_x)
    if not (0 <= row < len(rows) and 0 <= column < len(columns)):  # type: ignore[arg-type]
        return None
    if picture.kind == "cooccurrence":
        return (rows[row], columns[column])  # type: ignore[index]
    tag, (document_id, title) = rows[row], columns[column]  # type: ignore[index]
    return (tag, document_id, title)


def _capped(names: list[str], totals: Counter[str], what: str) -> tuple[list[str], str]:
    if len(names) <= LIMIT:
        return names, ""
    kept = set(sorted(names, key=lambda name: (-totals[name], name))[:LIMIT])
    return [name for name in names if name in kept], f"The chart shows the {LIMIT} {what} with the most highlights of {len(names)}; the table has them all."  # noqa: E501


def _tag_bars(rows: Sequence[TagFrequency], style: ChartStyle, title: str) -> tuple[Figure, str]:
    tags = [row for row in rows if not row.branch]
    totals = Counter({row.tag: row.highlights for row in tags})
    names, caption = _capped([row.tag for row in tags], totals, "tags")
    names.sort(key=lambda name: (-totals[name], name))
    figure = bar_chart(names, [totals[name] for name in names], title=title, style=style)
    return figure, caption, tuple(names)


def _pair_map(rows: Sequence[TagPair], style: ChartStyle, title: str) -> tuple[Figure, str]:
    totals: Counter[str] = Counter()
    for pair in rows:
        totals[pair.a] += pair.highlights
        totals[pair.b] += pair.highlights
    names, caption = _capped(sorted(totals), totals, "tags")
    place = {name: number for number, name in enumerate(names)}
    counts = [[0] * len(names) for _ in names]
    for pair in rows:
        if pair.a in place and pair.b in place:
            counts[place[pair.a]][place[pair.b]] = counts[place[pair.b]][place[pair.a]] = pair.highlights
    figure = heat_map(names, names, counts, title=title, row_title="Tag", column_title="Tag", style=style)
    _title_over_figure(figure, style)
    return figure, caption, (names, names)


def _matrix_map(rows: Sequence[MatrixCell], style: ChartStyle, title: str) -> tuple[Figure, str]:
    full = grid(list(rows))
    tag_totals = Counter({tag: sum(line) for tag, line in zip(full.tags, full.counts, strict=True)})
    article_totals = Counter({str(article[0]): sum(line[n] for line in full.counts) for n, article in enumerate(full.articles)})  # noqa: E501
    tags, tag_note = _capped(full.tags, tag_totals, "tags")
    article_keys, article_note = _capped([str(article[0]) for article in full.articles], article_totals, "articles")
    rows_at = [full.tags.index(tag) for tag in tags]
    columns_at = [n for n, article in enumerate(full.articles) if str(article[0]) in set(article_keys)]
    counts = [[full.counts[row][column] for column in columns_at] for row in rows_at]
    articles = [full.articles[column] for column in columns_at]
    labels = [title for _id, title in articles]
    figure = heat_map(tags, labels, counts, title=title, row_title="Tag", column_title="Article", style=style)
    _title_over_figure(figure, style)
    return figure, " ".join(note for note in (tag_note, article_note) if note), (tags, articles)
