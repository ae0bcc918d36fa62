"""Charts for the reports, drawn with matplotlib's Agg renderer: no Qt, so the command line draws them too.

Import this package only where a chart is drawn (matplotlib costs about 0.3 s to import): the command
line's parser does not, its ``report timeline --png/--svg`` imports it when asked.
"""

from __future__ import annotations

from ui.charts.bars import bar_chart
from ui.charts.heatmap import heat_map
from ui.charts.save import save
from ui.charts.style import DARK, LIGHT, SEPIA, STYLES_BY_NAME, ChartStyle
from ui.charts.timeline import timeline_chart

__all__ = ["DARK", "LIGHT", "SEPIA", "STYLES_BY_NAME", "ChartStyle", "bar_chart", "heat_map", "save", "timeline_chart"]
