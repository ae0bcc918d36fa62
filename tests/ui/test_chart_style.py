"""The charts' colours are copies of the window's themes (charts cannot import ``ui.theme``: it loads Qt)."""

from __future__ import annotations

from dataclasses import fields

import pytest
from PySide6.QtGui import QColor

import ui.theme as window
from ui.charts import DARK, LIGHT, SEPIA, STYLES_BY_NAME, ChartStyle
from ui.charts.style import SERIES_TOKENS, THEME_TOKENS


def theme_colour(theme: window.Theme, token: str) -> str:
    """A theme's colour by token: ``ink``, or ``underlines.green`` for one of a colour table's entries."""
    if "." in token:
        table, name = token.split(".")
        return getattr(theme, table)[name]
    return getattr(theme, token)


@pytest.mark.parametrize(
    ("style", "theme"), [(LIGHT, window.LIGHT), (SEPIA, window.SEPIA), (DARK, window.DARK)], ids=["light", "sepia", "dark"]
)
def test_each_chart_style_has_its_themes_colours(style: ChartStyle, theme: window.Theme) -> None:
    assert style.name == theme.name
    for name, token in THEME_TOKENS.items():
        assert getattr(style, name) == theme_colour(theme, token), f"{style.name}: {name} is not the theme's {token}"
    assert style.series == tuple(theme_colour(theme, token) for token in SERIES_TOKENS)


def test_every_colour_field_is_tied_to_a_theme_colour() -> None:
    colour_fields = {field.name for field in fields(ChartStyle) if field.type == "str"} - {"name", "font_family"}
    assert colour_fields == set(THEME_TOKENS)


def test_the_styles_are_found_by_the_windows_theme_names() -> None:
    assert set(STYLES_BY_NAME) == set(window.THEMES_BY_NAME)
    assert STYLES_BY_NAME["dark"] is DARK


@pytest.mark.parametrize("style", [LIGHT, SEPIA, DARK], ids=lambda style: style.name)
def test_stance_colours_stand_out_from_the_page(style: ChartStyle) -> None:
    """3:1, WCAG's least contrast for parts of a graphic."""
    for stance in ("supports", "contradicts", "context"):
        colour = style.stance_color(stance)
        assert colour is not None
        assert window.contrast_ratio(QColor(colour), QColor(style.background)) >= 3, f"{style.name}: {stance} fades into the page"
    assert len({style.supports, style.contradicts, style.context}) == 3
    assert style.stance_color("maybe") is None
