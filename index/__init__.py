"""Lectern's search: a Whoosh index derived from the SQLite store. Never imports Qt."""
