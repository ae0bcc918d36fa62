"""The window's colours: Light, Sepia and Dark themes, the current one, and the stylesheet made from it.

Every colour a widget paints comes from ``current_theme()``: the reader's page, its links, code and
quotes, the highlight and underline colours (tuned per theme so text over them keeps a 4.5:1 contrast,
``tests/ui/test_gui_themes.py``), the search marks and the stylesheet's ``@tokens``. The current theme is
one per process, as the QApplication's palette and stylesheet are; ``ui.themes`` switches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from PySide6.QtGui import QColor

from annotations.models import HIGHLIGHT_RGB

__all__ = [
    "DARK",
    "HIGHLIGHT_RGB",
    "LIGHT",
    "RESOURCES",
    "SEARCH_MATCH_RGB",
    "SEPIA",
    "THEMES_BY_NAME",
    "Theme",
    "composite",
    "contrast_ratio",
    "current_theme",
    "highlight_color",
    "set_current_theme",
    "stylesheet",
]
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SEARCH_MATCH_RGB = "#fff3a0"  # the Light theme's; painters read ``current_theme().search_match``
_TOKEN = re.compile(r"@([a-z][a-z_]*)\b")


@dataclass(frozen=True, eq=False)
class Theme:
    """One theme's colours (``#rrggbb``); the field names are the stylesheet's ``@tokens``."""

    name: str
    dark: bool
    paper: str  # the window behind the panels
    page: str  # the reading page, lists and tables
    panel: str  # headers, status bar
    input: str  # line edits, combo boxes
    ink: str  # text
    ink_soft: str  # tool buttons, details
    header_ink: str
    muted: str  # secondary text: hints, meta, counts
    muted_strong: str  # captions
    faint: str  # disabled text
    border: str
    border_strong: str  # inputs, buttons
    alt_row: str
    hover: str
    hover_border: str
    button: str
    button_hover: str
    accent: str  # focus frames, the selected tab's bar
    selection: str  # selected text in the reader
    selection_ink: str
    list_selection: str  # a selected row
    list_selection_ink: str
    checked: str
    checked_border: str
    scroll: str
    scroll_hover: str
    link: str
    action: str  # text buttons that act (Highlight all, Export, Show folder)
    error: str
    warning: str
    success: str
    note_background: str
    note_border: str
    note_ink: str
    notice_background: str  # the watched-search notice
    notice_border: str
    notice_ink: str
    code_background: str
    table_header: str
    table_row: str
    quote: str
    rule: str
    search_match: str  # a search hit's words in the lists
    search_match_ink: str
    mark: str  # the <mark>ed words of a result's snippet (ink: search_match_ink)
    tag_ink: str  # #tags in the lists
    highlights: dict[str, str] = field(default_factory=dict)  # background colours, painted translucent
    underlines: dict[str, str] = field(default_factory=dict)  # underline bars, opaque
    highlight_alpha: int = 150  # translucent, so two overlapping highlights blend into a third colour

    def color(self, token: str) -> QColor:
        return QColor(getattr(self, token))


LIGHT = Theme(
    name="light", dark=False,
    paper="#faf8f3", page="#fffdf8", panel="#f1ede3", input="#ffffff",
    ink="#23211c", ink_soft="#3b382f", header_ink="#4a463d", muted="#6b665c", muted_strong="#5a554b", faint="#9a9487",
    border="#e4dfd3", border_strong="#d8d2c4", alt_row="#f6f3ec", hover="#efe9dc", hover_border="#e0d8c6",
    button="#f3efe5", button_hover="#ebe5d6", accent="#7a9cc6",
    selection="#b9d3f5", selection_ink="#1d1b16", list_selection="#dbe7f6", list_selection_ink="#1d1b16",
    checked="#e3ebf6", checked_border="#a9bfdc", scroll="#d6cfbf", scroll_hover="#c2b9a6",
    link="#1b5596", action="#2f5f8f", error="#a3261c", warning="#8a5a00", success="#2f4a2a",
    note_background="#faf4df", note_border="#d9bc5c", note_ink="#4d4638",
    notice_background="#eef4fb", notice_border="#b9cde6", notice_ink="#1d3a5f",
    code_background="#f1efe8", table_header="#ece8dc", table_row="#f8f6f0", quote="#4f4a40", rule="#c9c3b4",
    search_match="#fff3a0", search_match_ink="#1d1b16", mark="#ffe58a", tag_ink="#2f6b4f",
    highlights=dict(HIGHLIGHT_RGB),
    underlines={"yellow": "#a87f00", "green": "#2f8a3e", "blue": "#2f7fd6", "pink": "#d6338a", "orange": "#c9620a"},
)  # fmt: skip

SEPIA = Theme(
    name="sepia", dark=False,
    paper="#ede3cc", page="#f4ecd8", panel="#e6dbc1", input="#faf4e6",
    ink="#3b3226", ink_soft="#44392b", header_ink="#4b4031", muted="#6a5c47", muted_strong="#5c4f3c", faint="#9a8c74",
    border="#dccfb2", border_strong="#cdbf9f", alt_row="#efe5cf", hover="#e6d9bb", hover_border="#d6c7a5",
    button="#ebe0c6", button_hover="#e2d5b6", accent="#a0804f",
    selection="#d8c193", selection_ink="#2a2218", list_selection="#e3d3ae", list_selection_ink="#2a2218",
    checked="#e3d3ae", checked_border="#bfa574", scroll="#d2c3a2", scroll_hover="#bfae8a",
    link="#7a3e12", action="#6b4a1e", error="#9a2a1a", warning="#7a4f00", success="#3b5a2a",
    note_background="#efe2c0", note_border="#c9a54e", note_ink="#4a3d2a",
    notice_background="#eee0c2", notice_border="#cdb27e", notice_ink="#4a3415",
    code_background="#ebe1c9", table_header="#e5d9bd", table_row="#f0e7d2", quote="#4e4232", rule="#c4b493",
    search_match="#f0d77a", search_match_ink="#2a2218", mark="#ecd06e", tag_ink="#3d6a36",
    highlights={"yellow": "#f2d25a", "green": "#a9d69a", "blue": "#a8c9e6", "pink": "#efb1c6", "orange": "#f0b672"},
    underlines={"yellow": "#946c00", "green": "#3d7a33", "blue": "#2f66a8", "pink": "#b02a6a", "orange": "#b3560c"},
)  # fmt: skip

DARK = Theme(
    name="dark", dark=True,
    paper="#262624", page="#1f1f1d", panel="#2d2d2a", input="#2a2a27",
    ink="#e6e1d6", ink_soft="#d6d0c3", header_ink="#cfc9bc", muted="#aaa496", muted_strong="#bcb6a8", faint="#75706a",
    border="#3a3935", border_strong="#4a4843", alt_row="#242422", hover="#34332f", hover_border="#4a4843",
    button="#32312e", button_hover="#3b3a36", accent="#7fa6d6",
    selection="#3d5a80", selection_ink="#f4f1ea", list_selection="#34465c", list_selection_ink="#f4f1ea",
    checked="#34465c", checked_border="#5d7fa6", scroll="#4a4843", scroll_hover="#5c5a54",
    link="#9cc4f5", action="#9cc4f5", error="#f08a7e", warning="#e2b45a", success="#9fcf8f",
    note_background="#2f2b20", note_border="#8a7530", note_ink="#d8cfb8",
    notice_background="#25303d", notice_border="#3f5570", notice_ink="#cfe0f5",
    code_background="#2a2a27", table_header="#302f2b", table_row="#252523", quote="#d6cfc0", rule="#55534c",
    search_match="#6b5a1c", search_match_ink="#f6f0dc", mark="#6b5a1c", tag_ink="#8fcfa3",
    highlights={"yellow": "#5c4f17", "green": "#2b5a32", "blue": "#2c5079", "pink": "#723554", "orange": "#744a20"},
    underlines={"yellow": "#d9b84a", "green": "#6cc070", "blue": "#6aa8ec", "pink": "#e77fb0", "orange": "#ec9a4e"},
    highlight_alpha=170,
)  # fmt: skip

THEMES_BY_NAME = {theme.name: theme for theme in (LIGHT, SEPIA, DARK)}
_current: list[Theme] = [LIGHT]


def current_theme() -> Theme:
    return _current[0]


def set_current_theme(theme: Theme) -> None:
    """Only ``ui.themes`` calls this, with the palette and stylesheet that go with it."""
    _current[0] = theme


def highlight_color(name: str, alpha: int = 200) -> QColor:
    colors = current_theme().highlights
    color = QColor(colors.get(name, colors["yellow"]))
    color.setAlpha(alpha)
    return color


def stylesheet(theme: Theme | None = None) -> str:
    """resources/style.qss with each ``@token`` replaced by the theme's colour (unknown tokens stay)."""
    path = RESOURCES / "style.qss"
    if not path.exists():
        return ""
    values = {item.name: getattr(theme or current_theme(), item.name) for item in fields(Theme)}
    return _TOKEN.sub(lambda match: str(values.get(match.group(1), match.group(0))), path.read_text(encoding="utf-8"))


# -- contrast (WCAG 2 relative luminance) -------------------------------------------------------------
def composite(over: QColor, under: QColor) -> QColor:
    """``over`` painted with its alpha on an opaque ``under``: the colour the eye sees."""
    alpha = over.alphaF()
    return QColor.fromRgbF(
        *(alpha * top + (1 - alpha) * bottom for top, bottom in zip(_rgb(over), _rgb(under), strict=True))
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rgb(color: QColor) -> tuple[float, float, float]:
    return color.redF(), color.greenF(), color.blueF()


def _luminance(color: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
