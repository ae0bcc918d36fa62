"""What a command loads: the command line runs without Qt, and reading argv loads neither app/ nor Whoosh.

Checked in a fresh interpreter (a real subprocess), where ``sys.modules`` shows exactly what was imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def loaded_after(code: str) -> set[str]:
    """The top-level modules a fresh Python has imported once ``code`` has run in the project folder."""
    script = f"import sys\n{code}\nprint(' '.join(sorted({{name.split('.')[0] for name in sys.modules}})))"
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return set(run.stdout.splitlines()[-1].split())


def test_every_command_runs_without_qt(tmp_path: Path) -> None:
    loaded = loaded_after(
        "import main\n"
        f"status = main.main(['--data-dir', {str(tmp_path)!r}, 'list', '--json'])\n"
        "assert status == 0, status\n"
        "import ui.cli.run  # every command module, whether or not this command needed it\n"
    )
    assert {"main", "ui", "app", "whoosh"} <= loaded  # the command really ran on a library
    assert "PySide6" not in loaded


def test_reading_the_command_line_loads_neither_the_app_nor_whoosh() -> None:
    loaded = loaded_after(
        "from ui.cli.parser import build_parser\n"
        "build_parser().parse_args(['export', '--format', 'csv', '--tag', 'x', '-o', 'out.csv'])\n"
    )
    assert "ui" in loaded
    assert not loaded & {"app", "index", "whoosh", "PySide6"}
