"""Orphaned highlights: listed with their old quote, re-attached to a new passage or deleted."""
