"""`import` on a terminal shows a progress bar on stderr; stdout stays one clean JSON document."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_a_terminal_gets_a_progress_bar_and_json_stays_clean(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for number in range(30):
        (folder / f"report-{number:02d}.md").write_text(f"# Report {number}\n\nBody text {number}.\n", encoding="utf-8")
    (folder / "empty.md").write_text("", encoding="utf-8")

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a real terminal has a size
    try:
        process = subprocess.Popen(
            [sys.executable, str(REPO_ROOT / "main.py"), "--data-dir", str(tmp_path / "data"), "import", str(folder), "--json"],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"},
        )
        os.close(terminal)
        stdout, _ = process.communicate(timeout=120)
        terminal_output = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed when the process ended
                break
            if not chunk:
                break
            terminal_output += chunk
    finally:
        os.close(controller)

    assert process.returncode == 1  # one file failed
    results = json.loads(stdout)
    assert sum("id" in item for item in results) == 30
    assert [item["error"] for item in results if "error" in item] == ["empty.md: the file is empty"]
    shown = terminal_output.decode("utf-8", "replace")
    assert "importing" in shown
    assert "31/31" in shown
