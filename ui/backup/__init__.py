"""Backing up and restoring from the window, and the offer of a backup when the library is damaged."""
