"""JSON: the full structured answer, integer won and citations, with stable keys."""

import json
import re

from medcity.report import Report

# json.dumps escapes C0 controls; these it leaves alone, and a terminal might act on them.
_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class JsonRenderer:
    def render(self, report: Report) -> str:
        text = json.dumps(report.data, ensure_ascii=False, indent=2)
        return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


RENDERER = JsonRenderer()
