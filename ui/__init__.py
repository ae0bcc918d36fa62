"""Lectern's PySide6 user interface: widgets over the Qt-free core."""
