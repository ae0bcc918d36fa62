"""Lectern's user interfaces over the Qt-free core: the PySide6 window, and the command line in ``ui/cli`` (no Qt)."""
