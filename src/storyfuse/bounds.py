"""Bounds on the work one input may cost: attributes per element and elements per page (HTML), characters
per line (plain text). Past them the cleaners' parsers and classifiers grow faster than the input
(libxml2 checks each attribute of an element against the ones before it; htmldate, too, looks at every
attribute of every element), so a page is cut to its bounds first, and the caller warns that it was.

Every function here costs time linear in the size of its input.
"""

from __future__ import annotations

import itertools
import re

MAX_ATTRIBUTES = 256  # per element: real pages stay under a few dozen
MAX_ELEMENTS = 50_000  # per page: a long article with all its site furniture has a few thousand
MAX_LINE_CHARS = 50_000  # per line of plain text: about 8,000 words, longer than any article paragraph
ATTRIBUTES_NOTE = (
    f"an element has over {MAX_ATTRIBUTES:,} attributes: only the first {MAX_ATTRIBUTES:,} are read"
)

# A start tag long enough to hold more than MAX_ATTRIBUTES attributes (each is at least " a"): only
# such tags are looked at closely. `[^<>]` cannot run past the next tag, so the scan is linear.
_LONG_TAG = re.compile(r"<([A-Za-z][^\s/<>]*+)([^<>]{" + str(2 * MAX_ATTRIBUTES) + r",}+)>")
_ATTRIBUTE = re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?""")
_START_TAG = re.compile(r"<[A-Za-z]")


def _fewer_attributes(match: re.Match[str]) -> str:
    name, rest = match.group(1), match.group(2)
    attributes = _ATTRIBUTE.finditer(rest)
    kept = list(itertools.islice(attributes, MAX_ATTRIBUTES))
    if next(attributes, None) is None:
        return match.group(0)
    return f"<{name} {' '.join(a.group(0) for a in kept)}>"


def bound_html(html: str) -> tuple[str, list[str]]:
    """The page cut to MAX_ELEMENTS elements, its elements to MAX_ATTRIBUTES attributes each, with a
    note for each bound that applied (for a warning), or the page itself and no notes."""
    notes = []
    cut = next(itertools.islice(_START_TAG.finditer(html), MAX_ELEMENTS, None), None)
    if cut is not None:
        html = html[: cut.start()]
        notes.append(f"page has over {MAX_ELEMENTS:,} elements: only its first {MAX_ELEMENTS:,} are read")
    bounded = _LONG_TAG.sub(_fewer_attributes, html)
    if bounded != html:
        html = bounded
        notes.append(ATTRIBUTES_NOTE)
    return html, notes


_LONG_TAG_BYTES = re.compile(_LONG_TAG.pattern.encode())
_ATTRIBUTE_BYTES = re.compile(_ATTRIBUTE.pattern.encode())


def bound_markup_bytes(data: bytes) -> tuple[bytes, list[str]]:
    """Undecoded markup (a feed, in whatever ASCII-compatible encoding it declares) with its elements cut
    to MAX_ATTRIBUTES attributes each, as `bound_html` cuts a page's (feedparser's cost, too, grows with
    the square of an element's attributes), and a note when that applied."""

    def fewer(match: re.Match[bytes]) -> bytes:
        name, rest = match.group(1), match.group(2)
        attributes = _ATTRIBUTE_BYTES.finditer(rest)
        kept = list(itertools.islice(attributes, MAX_ATTRIBUTES))
        if next(attributes, None) is None:
            return match.group(0)
        return b"<" + name + b" " + b" ".join(a.group(0) for a in kept) + b">"

    bounded = _LONG_TAG_BYTES.sub(fewer, data)
    return (data, []) if bounded == data else (bounded, [ATTRIBUTES_NOTE])


def bound_line(line: str) -> str:
    """A line cut to at most MAX_LINE_CHARS characters, at a space when there is one near the cut."""
    if len(line) <= MAX_LINE_CHARS:
        return line
    head = line[:MAX_LINE_CHARS]
    space = head.rfind(" ", MAX_LINE_CHARS - 1000)
    return head[:space] if space > 0 else head


LONG_LINE_NOTE = f"a line has over {MAX_LINE_CHARS:,} characters: only its first {MAX_LINE_CHARS:,} are read"
