"""A themed, empty figure, and the finishing pass every chart shares.

Each chart gets its own ``Figure`` on its own Agg canvas: nothing goes through pyplot's global figures or
rcParams, so charts can be drawn on any thread (a worker in the window, the command line) at the same time.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from ui.charts.style import ChartStyle, font_families

ELLIPSIS = "…"


def new_figure(style: ChartStyle, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure of ``size`` inches in the style's colours, with one plot area framed on the left and bottom."""
    figure = Figure(figsize=size, dpi=100, facecolor=style.background, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_facecolor(style.background)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(style.grid)
    axes.tick_params(
        colors=style.grid,
        labelcolor=style.foreground,
        labelsize=style.font_size,
        labelfontfamily=list(font_families(style.font_family)),
    )
    return figure, axes


def set_title(figure: Figure, axes: Axes, title: str, style: ChartStyle) -> None:
    """The chart's title above its plot, left-aligned as the window's headings are."""
    if title:
        axes.set_title(shorten(title, 90), loc="left", color=style.foreground, fontsize=style.font_size + 2.5, pad=10)


def label_axes(axes: Axes, x_label: str, y_label: str, style: ChartStyle) -> None:
    """Name both axes in the muted ink, so the data stays the loudest thing on the chart."""
    axes.set_xlabel(x_label, color=style.muted, fontsize=style.font_size)
    axes.set_ylabel(y_label, color=style.muted, fontsize=style.font_size)


def finish(figure: Figure, style: ChartStyle) -> Figure:
    """Give every text the font list (so CJK tag names get real glyphs) and take it literally: a ``$`` in a tag
    name is a dollar sign, not the start of a formula."""
    families = list(font_families(style.font_family))
    for text in figure.findobj(Text):
        text.set_fontfamily(families)
        text.set_parse_math(False)
    return figure


def shorten(label: str, limit: int) -> str:
    """``label`` cut to ``limit`` characters, the cut shown by an ellipsis."""
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + ELLIPSIS
