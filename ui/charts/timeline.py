"""The timeline chart: mentions per month or year as bars, optionally stacked by tag or stance.

Undated articles are counted apart, never dropped: their bar stands at the end, after a gap, hatched and
labelled "undated", so it cannot be read as one more period.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ui.charts.canvas import finish, label_axes, new_figure, set_title, shorten
from ui.charts.style import LIGHT, ChartStyle

UNDATED = "undated"
UNDATED_GAP = 0.7  # extra distance between the last period and the undated bar, in bar slots
MOST_LABELS = 24  # past this many periods only every n-th label is written, so they never overlap
PERIOD_NAMES = {"month": "Publication month", "year": "Publication year"}


def timeline_chart(
    rows: Sequence[Mapping[str, object]],
    *,
    by: str,
    series: Mapping[str, Sequence[int]] | None = None,
    title: str = "",
    style: ChartStyle = LIGHT,
) -> Figure:
    """Bars of ``rows`` (``report timeline``'s rows: "period" and "mentions"), in their order, the undated row
    last; with ``series`` (name -> one count per row) each bar is stacked from those counts instead."""
    if series is not None:
        for name, counts in series.items():
            if len(counts) != len(rows):
                raise ValueError(f"Series {name!r} has {len(counts)} counts for {len(rows)} periods.")
    dated = [index for index, row in enumerate(rows) if str(row["period"]) != UNDATED]
    undated = [index for index, row in enumerate(rows) if str(row["period"]) == UNDATED]
    order = dated + undated
    positions = [float(slot) for slot in range(len(dated))]
    positions += [len(dated) + UNDATED_GAP + slot for slot in range(len(undated))]

    width = max(7.0, min(14.0, 4.0 + 0.22 * len(order)))
    figure, axes = new_figure(style, (width, 4.3))
    set_title(figure, axes, title, style)
    label_axes(axes, PERIOD_NAMES.get(by, by.capitalize()), "Mentions", style)
    if not order:
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(0.5, 0.5, "No mentions to chart.", transform=axes.transAxes, ha="center", va="center",
                  color=style.muted, fontsize=style.font_size + 1)  # fmt: skip
        return finish(figure, style)

    is_undated = [slot >= len(dated) for slot in range(len(order))]
    stacks = _stacks(rows, order, series, style)
    bottoms = [0] * len(order)
    handles = []
    for name, colour, counts in stacks:
        bars = axes.bar(positions, counts, bottom=bottoms, width=0.8, color=colour, label=shorten(name, 32),
                        linewidth=0)  # fmt: skip
        for bar, plain in zip(bars, is_undated, strict=True):
            if plain:
                bar.set_alpha(0.6)
                bar.set_hatch("///")
                bar.set_edgecolor(colour)
                bar.set_linewidth(0.8)
        handles.append(bars)
        bottoms = [base + count for base, count in zip(bottoms, counts, strict=True)]

    _period_ticks(axes, [str(rows[index]["period"]) for index in order], positions, len(dated), by, style)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(1, max(bottoms)) * 1.08)
    axes.set_xlim(-0.7, positions[-1] + 0.7)
    axes.set_axisbelow(True)
    axes.grid(axis="y", color=style.grid, linewidth=0.6, alpha=0.7)
    if series is not None:
        legend = figure.legend(
            handles=list(reversed(handles)), loc="outside right upper", frameon=False,
            fontsize=style.font_size, labelcolor=style.foreground,
        )  # fmt: skip
        for patch in legend.get_patches():
            patch.set_hatch(None)
            patch.set_alpha(1)
    return finish(figure, style)


def _stacks(
    rows: Sequence[Mapping[str, object]],
    order: Sequence[int],
    series: Mapping[str, Sequence[int]] | None,
    style: ChartStyle,
) -> list[tuple[str, str, list[int]]]:
    """(name, colour, counts in chart order) for each layer, bottom first: stances in their own colours."""
    if series is None:
        return [("Mentions", style.accent, [_count(rows[index]["mentions"]) for index in order])]
    layers = []
    for number, (name, counts) in enumerate(series.items()):
        colour = style.stance_color(name) or style.series[number % len(style.series)]
        layers.append((name, colour, [_count(counts[index]) for index in order]))
    return layers


def _period_ticks(
    axes: Axes, labels: list[str], positions: list[float], dated: int, by: str, style: ChartStyle
) -> None:
    """One label per bar, thinned to every n-th period when there are many, slanted when they are long."""
    step = max(1, math.ceil(dated / MOST_LABELS))
    shown = [slot for slot in range(dated) if slot % step == 0] + list(range(dated, len(labels)))
    axes.set_xticks([positions[slot] for slot in shown], [labels[slot] for slot in shown])
    slanted = (by == "month" and dated > 6) or dated > 12
    if slanted:
        for label in axes.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
    for label in axes.get_xticklabels():
        if label.get_text() == UNDATED:
            label.set_color(style.muted)
            label.set_fontstyle("italic")
    # Thinned labels: the bars without one still get a small tick, so the eye can count periods.
    labelled = set(shown)
    axes.set_xticks([positions[slot] for slot in range(dated) if slot not in labelled], minor=True)
    axes.tick_params(axis="x", which="minor", length=2, colors=style.grid)


def _count(value: object) -> int:
    """A count from a report row: whole, and never below zero."""
    return max(0, int(value))  # type: ignore[call-overload]
