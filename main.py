"""Lectern: read, highlight, tag and search policy articles.

``python main.py`` starts the window; ``python main.py COMMAND ...`` runs the same core without one
(the command line lives in ``ui/cli/``; neither path loads what the other needs).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ui.cli.parser import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.command is None:
        from ui.app import run_gui  # imported here so the CLI never loads Qt

        return run_gui(arguments.data_dir, getattr(arguments, "library", None) or None)  # --library URL: a team one
    from ui.cli.run import run_command  # imported here so the window never loads the commands

    return run_command(arguments)


if __name__ == "__main__":
    sys.exit(main())
