"""JSON: the full structured answer, integer won and citations, with stable keys."""

import re

from pydantic_core import to_json

from medcity.report import Report

# JSON escapes C0 controls; these it leaves alone, and a terminal might act on them.
_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class JsonRenderer:
    def render(self, report: Report) -> str:
        # pydantic-core's encoder, not json.dumps: with indent, the standard library falls back
        # to its pure-Python encoder, seconds for a listing of a large dataset.
        # Each copy of a large answer counts towards the peak: the newline is added to the
        # bytes, and the text is only rewritten when it holds a character to escape.
        text = (to_json(report.data, indent=2) + b"\n").decode("utf-8")
        if _UNSAFE.search(text):
            text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        return text


RENDERER = JsonRenderer()
