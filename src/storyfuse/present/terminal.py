"""The one way text from an input reaches a terminal: with its control characters written as escapes.

A scraped title, a file name or a record's field may hold ESC or OSC sequences (which recolour,
retitle or rewrite the terminal), a newline (which forges a line of output of its own), C1 controls,
bidirectional overrides (which reorder what the line shows) or surrogates (which cannot be printed).
"""

from __future__ import annotations

import json
import re
from typing import Any

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# In JSON text these can only stand inside strings (json escapes the rest of C0 itself).
_JSON_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(text: str) -> str:
    """`text` with each control character as its escape (ESC is `\\x1b`, a newline `\\n`): one line."""
    return _CONTROL.sub(_escape, text)


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON for a terminal: non-ASCII letters kept as they are, control characters as `\\uXXXX`."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
