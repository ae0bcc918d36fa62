"""The layers' arrows point down only: main -> ui -> app -> index -> annotations (and app -> annotations).

Read from the source with ``ast`` (imports inside functions count too), so a lazy import cannot
sneak an upward arrow past the rule; the Qt ban of DESIGN §1 is checked the same way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYERS = ("ui", "app", "index", "annotations")  # top to bottom
# What each layer may import of the project's own packages.
ALLOWED = {
    "ui": {"ui", "app", "index", "annotations"},
    "app": {"app", "index", "annotations"},
    "index": {"index", "annotations"},
    "annotations": {"annotations"},
}
PROJECT = {*LAYERS, "main", "benchmarks", "tests"}


def imported_packages(path: Path) -> set[str]:
    """The top-level package of every absolute import in a file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def layer_files(layer: str) -> list[Path]:
    return sorted((REPO / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_imports_only_itself_and_the_layers_below(layer: str) -> None:
    files = layer_files(layer)
    assert files, f"no sources found for {layer}/"
    upward = {
        str(path.relative_to(REPO)): sorted((imported_packages(path) & PROJECT) - ALLOWED[layer]) for path in files
    }
    assert {name: packages for name, packages in upward.items() if packages} == {}


@pytest.mark.parametrize("layer", ["app", "index", "annotations"])
def test_nothing_below_the_ui_imports_qt(layer: str) -> None:
    with_qt = [str(path.relative_to(REPO)) for path in layer_files(layer) if "PySide6" in imported_packages(path)]
    assert with_qt == []


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The rule above must bite: a file in index/ that imports app is reported."""
    sample = tmp_path / "sample.py"
    sample.write_text("def later():\n    from app.library import Library\n    import ui.app\n", encoding="utf-8")
    assert (imported_packages(sample) & PROJECT) - ALLOWED["index"] == {"app", "ui"}
