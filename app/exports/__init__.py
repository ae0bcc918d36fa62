"""Getting the evidence out: what to export (``scope``), writing files safely (``atomic``), and one
module per format. Each format reads an ``ExportSet`` and writes one file."""
