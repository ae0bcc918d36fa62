"""Lectern's core: documents, annotations and their SQLite store. Never imports Qt."""
