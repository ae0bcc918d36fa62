"""View → Reports…: the reports of ``library.reports`` as a table and a chart, exported and clicked through."""
