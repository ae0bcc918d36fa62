"""How a chart looks in each of the window's themes: colours, fonts and the fallback for CJK tag names.

The colours are copies of ``ui/theme.py``'s (which imports Qt, and charts must not: the command line draws
them too). ``THEME_TOKENS`` names the theme colour each field copies, and a test holds the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from matplotlib import font_manager

__all__ = [
    "DARK",
    "LIGHT",
    "SEPIA",
    "SERIES_TOKENS",
    "STYLES_BY_NAME",
    "THEME_TOKENS",
    "ChartStyle",
    "font_families",
]

# Tried in order, glyph by glyph (matplotlib's font fallback): Latin, Cyrillic, Greek, Arabic and Hebrew come
# from DejaVu Sans (shipped inside matplotlib), Chinese, Japanese and Korean from Noto Sans CJK (fonts-noto-cjk).
FALLBACK_FAMILIES = ("DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK TC")


@dataclass(frozen=True)
class ChartStyle:
    """One theme's chart colours (``#rrggbb``) and type."""

    name: str
    background: str  # the figure and the plot area: the theme's page
    foreground: str  # titles, labels, tick labels: the theme's ink
    muted: str  # axis labels, the undated bar
    grid: str  # grid lines and the plot frame
    accent: str  # a single series
    strong: str  # the top of the heat map's scale
    supports: str
    contradicts: str
    context: str
    series: tuple[str, ...]  # stacked series that are not stances, in order
    font_family: str = "DejaVu Sans"
    font_size: float = 9.5

    def stance_color(self, stance: str) -> str | None:
        """The colour of a claim stance, or None for a name that is not one."""
        return {"supports": self.supports, "contradicts": self.contradicts, "context": self.context}.get(stance)


# Field -> the ui/theme.py Theme attribute it copies (checked by tests/ui/charts/test_chart_style.py).
THEME_TOKENS: dict[str, str] = {
    "background": "page",
    "foreground": "ink",
    "muted": "muted",
    "grid": "border_strong",
    "accent": "accent",
    "strong": "link",
    "supports": "underlines.green",  # the underline colours: opaque, and tuned per theme to stand out
    "contradicts": "error",
    "context": "underlines.blue",
}
SERIES_TOKENS = tuple(f"underlines.{colour}" for colour in ("blue", "orange", "green", "pink", "yellow"))

LIGHT = ChartStyle(
    name="light",
    background="#fffdf8", foreground="#23211c", muted="#6b665c", grid="#d8d2c4", accent="#7a9cc6", strong="#1b5596",
    supports="#2f8a3e", contradicts="#a3261c", context="#2f7fd6",
    series=("#2f7fd6", "#c9620a", "#2f8a3e", "#d6338a", "#a87f00"),
)  # fmt: skip

SEPIA = ChartStyle(
    name="sepia",
    background="#f4ecd8", foreground="#3b3226", muted="#6a5c47", grid="#cdbf9f", accent="#a0804f", strong="#7a3e12",
    supports="#3d7a33", contradicts="#9a2a1a", context="#2f66a8",
    series=("#2f66a8", "#b3560c", "#3d7a33", "#b02a6a", "#946c00"),
)  # fmt: skip

DARK = ChartStyle(
    name="dark",
    background="#1f1f1d", foreground="#e6e1d6", muted="#aaa496", grid="#4a4843", accent="#7fa6d6", strong="#9cc4f5",
    supports="#6cc070", contradicts="#f08a7e", context="#6aa8ec",
    series=("#6aa8ec", "#ec9a4e", "#6cc070", "#e77fb0", "#d9b84a"),
)  # fmt: skip

STYLES_BY_NAME: dict[str, ChartStyle] = {style.name: style for style in (LIGHT, SEPIA, DARK)}


@cache
def font_families(first: str = "DejaVu Sans") -> tuple[str, ...]:
    """The families to draw text with, ``first`` leading, keeping only those installed here.

    A missing family would make matplotlib warn on every label, so it is left out once, up front.
    """
    wanted = (first, *(family for family in FALLBACK_FAMILIES if family != first))
    found = []
    for family in wanted:
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        found.append(family)
    return tuple(found) or ("DejaVu Sans",)
