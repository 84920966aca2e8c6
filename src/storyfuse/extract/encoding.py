"""Repair mojibake: UTF-8 text that a scraper decoded as Latin-1 ("donâ\\x80\\x99t", "Ð½Ð¾Ð²").

A page without a charset declaration is read as Latin-1 by lxml and by naive scrapers, so every
non-ASCII character becomes two to four Latin-1 characters. Such runs are well-formed UTF-8 byte
sequences when re-encoded, which real Latin-1 text almost never is ("Ã©" is not French): each
run that decodes as UTF-8 is replaced by what it decodes to, anything else is left alone.
"""

from __future__ import annotations

import re

# One or more complete UTF-8 multi-byte sequences, each byte shown as the Latin-1 character of that value.
_UTF8_AS_LATIN1 = re.compile(
    r"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+"
)


def _decoded(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        return run.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return run


def repair_mojibake(text: str) -> str:
    """`text` with UTF-8 read as Latin-1 decoded back; text without such runs comes back unchanged."""
    return _UTF8_AS_LATIN1.sub(_decoded, text)
