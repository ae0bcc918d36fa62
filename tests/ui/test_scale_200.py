"""At 200 % (QT_SCALE_FACTOR=2) the window still fits 1280 × 800 and no button or label is cut short.

The scale factor must be set before a QApplication exists, so the window is built in a child
process, over an empty library (the welcome page) and over the sample articles with one open.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = r"""
import json, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QAbstractButton, QLabel
from app import Library
from ui.app import SAMPLES_DIR, create_application
from ui.main_window import MainWindow

def settle(ms):
    loop = QEventLoop(); QTimer.singleShot(ms, loop.quit); loop.exec()

def cut_short(window):
    # Visible buttons narrower or lower than their text needs; one-line labels narrower than their text.
    found = []
    for tab in range(window.side_tabs.count()):
        window.side_tabs.setCurrentIndex(tab)
        settle(30)
        for button in window.findChildren(QAbstractButton):
            hint = button.sizeHint()
            if button.isVisible() and button.text() and (
                button.width() < hint.width() - 1 or button.height() < hint.height() - 1
            ):
                found.append(f"button {button.text()!r} {button.width()}x{button.height()} < {hint.width()}x{hint.height()}")
        for label in window.findChildren(QLabel):
            if label.isVisible() and label.text() and not label.wordWrap() and label.width() < label.sizeHint().width() - 1:
                found.append(f"label {label.text()[:40]!r} {label.width()} < {label.sizeHint().width()}")
    return sorted(set(found))

app = create_application()
report = {"ratio": app.devicePixelRatio()}
for case in ("empty", "samples"):
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder), background=False)
        if case == "samples":
            library.documents.import_paths([SAMPLES_DIR])
        window = MainWindow(library, remember_layout=False)
        window.resize(1280, 800)
        window.show()
        settle(200)
        minimum = window.minimumSizeHint()
        report[case] = {
            "welcome": window.reader_pane.welcome.isVisible(),
            "open": window.reader.document_id is not None,
            "size": [window.width(), window.height()],
            "grab": [window.grab().width(), window.grab().height()],
            "minimum": [minimum.width(), minimum.height()],
            "cut": cut_short(window),
        }
        window.close()  # an orderly end: the window's background reads finish before the library closes
        window.deleteLater()
        settle(50)
        QThreadPool.globalInstance().waitForDone(5000)
        library.close()
print(json.dumps(report), flush=True)
"""


def test_the_window_at_200_percent_fits_and_cuts_nothing() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2", "PYTHONFAULTHANDLER": "1"}
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ratio"] == 2
    assert report["empty"]["welcome"] and not report["empty"]["open"]
    assert report["samples"]["open"] and not report["samples"]["welcome"]
    for case in ("empty", "samples"):
        shown = report[case]
        assert shown["size"] == [1280, 800]
        assert shown["grab"] == [2560, 1600]  # every logical pixel drawn twice over
        assert shown["minimum"][0] <= 1280 and shown["minimum"][1] <= 800
        assert shown["cut"] == [], case
