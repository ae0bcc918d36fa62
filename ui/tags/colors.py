"""Colour highlights by tag: a highlight takes the colour of its first tag (or that tag's ancestor) that has one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from annotations.models import Annotation, TagCount
from ui.tags.tree import inherited_color


def tag_color(tags: Iterable[str], colors: dict[str, str]) -> str:
    """The colour of the first tag that has one, itself or through an ancestor ("" when none does)."""
    return next((color for tag in tags if (color := inherited_color(tag, colors))), "")


def colored_by_tag(annotations: Iterable[Annotation], tags: Iterable[TagCount]) -> list[Annotation]:
    """Copies of ``annotations`` for display, each in its tag's colour where a tag has one (never stored)."""
    colors = {tag.name: tag.color for tag in tags if tag.color}
    shown = []
    for annotation in annotations:
        color = tag_color(annotation.tags, colors)
        shown.append(replace(annotation, color=color) if color and color != annotation.color else annotation)
    return shown
