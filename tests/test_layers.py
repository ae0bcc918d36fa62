"""The layers' arrows point down only: main -> ui -> app -> index -> annotations (and app -> annotations).

Read from the source with ``ast`` (imports inside functions count too), so a lazy import cannot
sneak an upward arrow past the rule; the Qt ban of DESIGN §1 is checked the same way, and so is the
command line's: ``ui/cli/`` runs without a display, so nothing it imports, however indirectly, loads Qt.
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


def imported_modules(path: Path) -> set[str]:
    """The full dotted name of every absolute import in a file; ``from a.b import c`` names a.b and a.b.c."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def module_files(root: Path, name: str) -> list[Path]:
    """The files Python runs to import a project module: each package's ``__init__.py`` on the way, then it."""
    parts = name.split(".")
    files: list[Path] = []
    for depth in range(1, len(parts) + 1):
        folder = root.joinpath(*parts[:depth])
        for candidate in (folder / "__init__.py", folder.with_suffix(".py")):
            if candidate.is_file():
                files.append(candidate)
    return files


def qt_importers_reached(root: Path, start: Path) -> list[str]:
    """Every project file that imports PySide6 and is reachable from ``start`` through project imports."""
    seen, queue, with_qt = {start}, [start], []
    while queue:
        path = queue.pop()
        names = imported_modules(path)
        if any(name.split(".")[0] == "PySide6" for name in names):
            with_qt.append(str(path.relative_to(root)))
        for name in names:
            if name.split(".")[0] in PROJECT:
                for found in module_files(root, name):
                    if found not in seen:
                        seen.add(found)
                        queue.append(found)
    return sorted(with_qt)


def test_the_command_line_never_reaches_qt() -> None:
    files = layer_files("ui/cli")
    assert len(files) > 5, "no command-line sources found in ui/cli/"
    reached = {str(path.relative_to(REPO)): qt_importers_reached(REPO, path) for path in files}
    assert {name: qt for name, qt in reached.items() if qt} == {}


def test_the_qt_check_follows_imports_through_other_ui_modules(tmp_path: Path) -> None:
    """The rule above must bite: ui/cli importing a ui module that loads Qt lazily is reported, as is a
    ui/cli module importing Qt itself; the Qt-free neighbour is not."""
    files = {
        "ui/__init__.py": "",
        "ui/cli/__init__.py": "",
        "ui/cli/direct.py": "import PySide6.QtCore\n",
        "ui/cli/indirect.py": "from ui.cli import plain\nfrom ui import widgets\n",
        "ui/cli/plain.py": "from annotations.models import Annotation\n",
        "ui/widgets.py": "def later():\n    from PySide6.QtWidgets import QLabel\n",
        "annotations/__init__.py": "",
        "annotations/models.py": "Annotation = object\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    cli = tmp_path / "ui" / "cli"
    assert qt_importers_reached(tmp_path, cli / "direct.py") == ["ui/cli/direct.py"]
    assert qt_importers_reached(tmp_path, cli / "indirect.py") == ["ui/widgets.py"]
    assert qt_importers_reached(tmp_path, cli / "plain.py") == []
