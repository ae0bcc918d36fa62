"""The bar chart of tag frequency: one horizontal bar per tag, so long and CJK tag names read level."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ui.charts.canvas import finish, label_axes, new_figure, set_title, shorten
from ui.charts.style import LIGHT, ChartStyle

LABEL_LIMIT = 32


def bar_chart(
    labels: Sequence[str],
    values: Sequence[int],
    *,
    title: str = "",
    value_label: str = "Highlights",
    style: ChartStyle = LIGHT,
) -> Figure:
    """One bar per label, the first at the top, each with its count written at its end."""
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels for {len(values)} values.")
    figure, axes = new_figure(style, (7.5, min(18.0, 1.6 + 0.28 * max(len(labels), 4))))
    set_title(figure, axes, title, style)
    label_axes(axes, value_label, "", style)
    if not labels:
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(0.5, 0.5, "Nothing to chart.", transform=axes.transAxes, ha="center", va="center",
                  color=style.muted, fontsize=style.font_size + 1)  # fmt: skip
        return finish(figure, style)
    counts = [max(0, int(value)) for value in values]
    places = range(len(labels))
    bars = axes.barh(places, counts, height=0.7, color=style.accent)
    axes.bar_label(bars, padding=3, color=style.muted, fontsize=style.font_size - 1)
    axes.set_yticks(places, [shorten(str(label), LABEL_LIMIT) for label in labels])
    axes.invert_yaxis()
    axes.tick_params(axis="y", length=0)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max(1, max(counts)) * 1.12)
    axes.set_axisbelow(True)
    axes.grid(axis="x", color=style.grid, linewidth=0.6, alpha=0.7)
    return finish(figure, style)
