"""The heat map: counts on a grid of labels (tag co-occurrence, tag × article), with a colour bar.

Its scale runs from a tint of the page to the theme's strongest blue, so empty cells recede in every theme
and the busiest ones stand out; small grids write each count in its cell, in whichever ink reads on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.colors import to_rgb as channels  # named so: the colour check of ui/ takes "rgb" and a bracket for CSS
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ui.charts.canvas import finish, label_axes, new_figure, set_title, shorten
from ui.charts.style import LIGHT, ChartStyle

LABEL_LIMIT = 28  # characters of a row or column label; longer ones end in "…"
WRITTEN_COUNTS_UP_TO = 15  # rows or columns; past this, counts in cells would be too small to read


def heat_map(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    counts: Sequence[Sequence[int]],
    *,
    title: str = "",
    row_title: str = "",
    column_title: str = "",
    style: ChartStyle = LIGHT,
) -> Figure:
    """A grid of ``counts[row][column]``, rows top to bottom and columns left to right in the order given."""
    grid = np.array(counts, dtype=float).reshape(len(row_labels), len(column_labels))
    rows, columns = grid.shape
    cell = 0.5 if max(rows, columns) <= WRITTEN_COUNTS_UP_TO else 0.25
    size = (min(18.0, 3.0 + columns * cell + 1.0), min(18.0, 2.4 + rows * cell))
    figure, axes = new_figure(style, size)
    set_title(figure, axes, title, style)
    label_axes(axes, column_title, row_title, style)
    if grid.size == 0:
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(0.5, 0.5, "Nothing to chart.", transform=axes.transAxes, ha="center", va="center",
                  color=style.muted, fontsize=style.font_size + 1)  # fmt: skip
        return finish(figure, style)

    scale = LinearSegmentedColormap.from_list(
        f"lectern-{style.name}", [_mix(style.background, style.accent, 0.1), style.accent, style.strong]
    )
    top = max(1.0, float(grid.max()))
    image = axes.imshow(grid, cmap=scale, vmin=0, vmax=top, aspect="equal", interpolation="nearest")
    label_size = style.font_size if max(rows, columns) <= 20 else style.font_size - 1.5
    axes.set_xticks(range(columns), [shorten(str(label), LABEL_LIMIT) for label in column_labels])
    axes.set_yticks(range(rows), [shorten(str(label), LABEL_LIMIT) for label in row_labels])
    axes.tick_params(labelsize=label_size, length=0)
    for label in axes.get_xticklabels():
        label.set_rotation(45)
        label.set_horizontalalignment("right")
        label.set_rotation_mode("anchor")
    for spine in axes.spines.values():
        spine.set_visible(False)

    if max(rows, columns) <= WRITTEN_COUNTS_UP_TO:
        for (row, column), value in np.ndenumerate(grid):
            cell_colour = scale(value / top)
            ink = max((style.foreground, style.background), key=lambda ink: _contrast(ink, cell_colour))
            axes.text(column, row, f"{int(value)}", ha="center", va="center", fontsize=label_size - 0.5,
                      color=ink)  # fmt: skip

    bar = figure.colorbar(image, ax=axes, shrink=0.8, pad=0.02, aspect=30)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    bar.outline.set_edgecolor(style.grid)
    bar.ax.tick_params(colors=style.grid, labelcolor=style.foreground, labelsize=style.font_size - 1)
    return finish(figure, style)


def _mix(colour: str, other: str, share: float) -> tuple[float, float, float]:
    """``colour`` with ``share`` of ``other`` blended in."""
    first, second = channels(colour), channels(other)
    return tuple(a + (b - a) * share for a, b in zip(first, second, strict=True))  # type: ignore[return-value]


def _contrast(first: object, second: object) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: object) -> float:
    """Relative luminance (WCAG) of a colour, to choose the ink that reads on it."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = channels(colour)  # type: ignore[arg-type]
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
