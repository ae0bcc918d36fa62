"""Saving a chart as PNG or SVG, chosen by the file's suffix, atomically as every export is (DESIGN §6)."""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib.figure import Figure

from app.exports.atomic import write_atomically

FORMATS = {".png": "png", ".svg": "svg"}
PNG_DPI = 150  # crisp on high-density screens and in documents, a few hundred KB at most


def save(figure: Figure, path: str | os.PathLike[str], *, kind: str | None = None) -> Path:
    """Write ``figure`` to ``path`` as ``kind`` ("png" or "svg"; by default what the suffix says); a reader of
    ``path`` sees the old file or the whole new one, never half a chart."""
    target = Path(path)
    kind = kind or FORMATS.get(target.suffix.lower())
    if kind not in FORMATS.values():
        raise ValueError(f"A chart is saved as .png or .svg, not {target.suffix or 'a file without a suffix'}.")
    metadata = {"Software": "Lectern"} if kind == "png" else {"Creator": "Lectern"}
    write_atomically(
        target,
        lambda file: figure.savefig(file, format=kind, dpi=PNG_DPI, facecolor=figure.get_facecolor(), metadata=metadata),
    )
    return target
