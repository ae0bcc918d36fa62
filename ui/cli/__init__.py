"""Lectern's command line: the same app/ parts the window uses, without Qt, so it runs with no display.

Nothing here imports PySide6 or a ui/ module that does (tests/test_layers.py checks it)."""
