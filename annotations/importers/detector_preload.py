"""Imported by the import workers' fork server only: loads the language detector's model there once, so each
worker forks with it in memory instead of spending 0.4 s of its first file's time limit loading it."""

from annotations.language import preload_detector

preload_detector()
