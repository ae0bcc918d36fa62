"""Tests never import from ``benchmarks/``: what both need (e.g. the brute-force oracle) lives in the packages.

Benchmarks are scripts that print tables (DESIGN §1) and change as measurements do; a test that borrowed
their code would break, or silently test something else, when they do. Read with ``ast``, like
``test_layers``: an import inside a function counts, and so does putting a folder on ``sys.path`` or
loading a file by its path.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
# "benchmarks" and each benchmark script's module name (importable once benchmarks/ is on sys.path).
BENCHMARK_NAMES = {"benchmarks"} | {path.stem for path in (REPO / "benchmarks").glob("*.py")}
LOADERS = {"run_path", "run_module", "import_module", "spec_from_file_location", "SourceFileLoader", "__import__"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def _mentions_benchmarks(node: ast.AST) -> bool:
    return any(
        isinstance(part, ast.Constant) and isinstance(part.value, str) and "benchmarks" in part.value
        for part in ast.walk(node)
    ) or any(isinstance(part, ast.Name) and "benchmark" in part.id.lower() for part in ast.walk(node))


def borrowings(source: str, filename: str = "<test>") -> list[str]:
    """Each way ``source`` reaches into benchmarks/, as "line N: what", in line order."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [(line, f"import {a.name}") for a in node.names if a.name.split(".")[0] in BENCHMARK_NAMES]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in BENCHMARK_NAMES:
            found.append((line, f"from {node.module} import ..."))
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name.startswith("sys.path.") or (name.split(".")[-1] in LOADERS and _mentions_benchmarks(node)):
                found.append((line, f"{name}(...)"))
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_dotted(target) == "sys.path" for target in targets):
                found.append((line, "sys.path assigned"))
    return [f"line {line}: {what}" for line, what in sorted(found)]


def test_no_test_imports_from_benchmarks_or_edits_sys_path() -> None:
    files = sorted(TESTS.rglob("*.py"))
    assert len(files) > 10
    offending = {
        str(path.relative_to(REPO)): hits
        for path in files
        if (hits := borrowings(path.read_text(encoding="utf-8"), str(path)))
    }
    assert offending == {}


def test_the_checker_sees_each_way_in() -> None:
    """The rule must bite: every form below is reported."""
    sample = """
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
sys.path.append("/elsewhere")
sys.path += ["x"]
from search_truth import measure
import benchmarks.search_speed
def later():
    from benchmarks import core_loop
    import runpy
    runpy.run_path("benchmarks/search_truth.py")
    import importlib
    importlib.import_module("benchmarks.search_truth")
"""
    assert [finding.split(": ")[1] for finding in borrowings(sample)] == [
        "sys.path.insert(...)",
        "sys.path.append(...)",
        "sys.path assigned",
        "from search_truth import ...",
        "import benchmarks.search_speed",
        "from benchmarks import ...",
        "runpy.run_path(...)",
        "importlib.import_module(...)",
    ]
    assert borrowings('"""Mentions benchmarks/search_truth.py in a docstring."""\nimport json\n') == []
