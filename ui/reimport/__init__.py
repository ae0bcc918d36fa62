"""Re-importing changed files as new versions of their articles: the offer, the work and the summary."""
