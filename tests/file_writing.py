"""The type of the ``write_file`` fixture, importable by name from any test folder.

(Importing it from ``conftest`` worked only while ``tests/conftest.py`` was the module Python knew by that
name: run together with ``tests/ui``, whose own conftest came first, those test files failed to collect.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

WriteFile = Callable[[str, str | bytes], Path]
