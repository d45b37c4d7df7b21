"""JSON: the full structured answer, integer won and citations, with stable keys."""

import json
import re

from medcity.report import Report

# JSON escapes C0 controls; these it leaves alone, and a terminal might act on them.
_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class JsonRenderer:
    def render(self, report: Report) -> str:
        # The standard library's encoder: importing pydantic-core's would cost a warm start
        # more than encoding the answer does. The text is only rewritten when it holds a
        # character to escape.
        text = json.dumps(report.data, indent=2, ensure_ascii=False) + "\n"
        if _UNSAFE.search(text):
            text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        return text


RENDERER = JsonRenderer()
