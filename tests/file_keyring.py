"""A keyring backend keeping secrets in a JSON file: what a desktop's Secret Service does, on a test machine
that has none. A subprocess picks it with ``PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring`` (this folder on
``PYTHONPATH``), so this module imports nothing of the tests'."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    """Secrets in the JSON file named by ``LECTERN_TEST_KEYRING``."""

    priority = 1  # type: ignore[assignment]

    def _read(self) -> dict[str, str]:
        path = Path(os.environ["LECTERN_TEST_KEYRING"])
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._read() | {f"{service}|{username}": password}
        Path(os.environ["LECTERN_TEST_KEYRING"]).write_text(json.dumps(entries))

    def delete_password(self, service: str, username: str) -> None:
        entries = self._read()
        entries.pop(f"{service}|{username}", None)
        Path(os.environ["LECTERN_TEST_KEYRING"]).write_text(json.dumps(entries))
