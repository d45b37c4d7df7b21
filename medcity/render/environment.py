"""What a renderer may know of where its output goes, handed to it rather than read from globals.

As httpie's `Environment`: the command line measures the terminal once (`Environment.detect`)
and passes the result down; a library caller or a test states it (`Environment(width=80)`).
"""

import os
import shutil
import sys


class Environment:
    """Where output goes: `width` columns a table may take; `color`, whether ANSI styles may be
    written. (A plain slotted class: a NamedTuple costs a warm start more to define.)"""

    __slots__ = ("color", "width")

    def __init__(self, width: int = 100, color: bool = False) -> None:
        self.width = width
        self.color = color

    def __repr__(self) -> str:
        return f"Environment(width={self.width}, color={self.color})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Environment):
            return NotImplemented
        return (self.width, self.color) == (other.width, other.color)

    def __hash__(self) -> int:
        return hash((self.width, self.color))

    @classmethod
    def detect(cls) -> "Environment":
        """This process's stdout: its width ($COLUMNS, the terminal, else 100), and colour only
        on a terminal, never with NO_COLOR set or TERM=dumb."""
        width = shutil.get_terminal_size((100, 24)).columns
        plain = "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb"
        return cls(width, not plain and sys.stdout.isatty())


PLAIN = Environment()
