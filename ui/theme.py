"""Colours and fonts shared by the widgets; highlight colours stay readable on light and dark pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

from annotations.models import HIGHLIGHT_RGB

SEARCH_MATCH_RGB = "#fff3a0"
__all__ = ["HIGHLIGHT_RGB", "RESOURCES", "SEARCH_MATCH_RGB", "highlight_color", "stylesheet"]
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def highlight_color(name: str, alpha: int = 200) -> QColor:
    color = QColor(HIGHLIGHT_RGB.get(name, HIGHLIGHT_RGB["yellow"]))
    color.setAlpha(alpha)
    return color


def stylesheet() -> str:
    path = RESOURCES / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""
