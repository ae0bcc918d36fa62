"""Colours and fonts shared by the widgets; highlight colours stay readable on light and dark pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

HIGHLIGHT_RGB: dict[str, str] = {
    "yellow": "#ffe066",
    "green": "#9be59a",
    "blue": "#9fd0ff",
    "pink": "#ffb3d6",
    "orange": "#ffbf73",
}
SEARCH_MATCH_RGB = "#fff3a0"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def highlight_color(name: str, alpha: int = 200) -> QColor:
    color = QColor(HIGHLIGHT_RGB.get(name, HIGHLIGHT_RGB["yellow"]))
    color.setAlpha(alpha)
    return color


def stylesheet() -> str:
    path = RESOURCES / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""
