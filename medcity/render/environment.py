"""What a renderer may know of where its output goes, handed to it rather than read from globals.

As httpie's `Environment`: the command line measures the terminal once (`Environment.detect`)
and passes the result down; a library caller or a test states it (`Environment(width=80)`).
"""

import os
import shutil
import sys
from typing import NamedTuple


class Environment(NamedTuple):
    width: int = 100  # columns a table may take
    color: bool = False  # whether ANSI styles may be written

    @classmethod
    def detect(cls) -> "Environment":
        """This process's stdout: its width ($COLUMNS, the terminal, else 100), and colour only
        on a terminal, never with NO_COLOR set or TERM=dumb."""
        width = shutil.get_terminal_size((100, 24)).columns
        plain = "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb"
        return cls(width, not plain and sys.stdout.isatty())


PLAIN = Environment()
