"""Text of unknown length or origin made safe to show: kept to one short line in a message (a
user's input, a path, Click's messages), and kept from acting as a formula in a spreadsheet."""

import re


def shorten(text: str, limit: int = 80) -> str:
    """A user's input echoed in a message: cut with '…' so the message stays one short line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str, limit: int = 60) -> str:
    """A user's input in quotes, as Python writes it ('gwanju'), cut to `limit` characters.

    Escapes (\\x1b) count, so the result, quotes and all, is at most `limit` + 3 long.
    """
    written = repr(shorten(text, limit))
    if len(written) <= limit + 2:
        return written
    cut = re.sub(_PART_ESCAPE, "", written[: limit + 1])  # no escape cut in two
    return cut + "…" + written[-1]


# Patterns for messages only: compiled on first use (re's own cache), not on every start.
_PART_ESCAPE = r"(?<!\\)(\\\\)*\\(x[0-9a-f]?|u[0-9a-f]{0,3}|U[0-9a-f]{0,7})?$"
_QUOTED = r"'[^'\n]{81,}'"
_TOKEN = r"\S{81,}"


def brief(message: str, limit: int = 300) -> str:
    """A message kept to one short line, whatever input it echoes (Click's own, a path): a
    quoted part or a word over 80 characters is cut with '…', then the whole to `limit`."""
    message = re.sub(_QUOTED, lambda m: quoted(m.group()[1:-1], 40), message)
    message = re.sub(_TOKEN, lambda m: shorten(m.group()), message)
    return shorten(message, limit)


# A cell a spreadsheet would read as a formula begins with one of these (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"  # for CSV only: compiled on use


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text: a cell that would start a formula gets a leading `'`,
    as OWASP recommends. A plain number (`-6.0`) is no formula and stays a number."""
    if text.startswith(_FORMULA_START) and not re.fullmatch(_NUMBER, text):
        return "'" + text
    return text


# Characters that can drive a terminal or reorder what it shows: DEL, the C1 controls (CSI among
# them) and the bidirectional overrides. JSON escapes the C0 controls itself, not these.
BEYOND_C0 = "\x7f-\x9f\u202a-\u202e\u2066-\u2069"
TERMINAL_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f{BEYOND_C0}]")  # newline and tab: the layout's
JSON_UNSAFE = re.compile(f"[{BEYOND_C0}]")
