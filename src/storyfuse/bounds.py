"""Bounds on the work one input may cost: attributes per element, elements per page and nesting depth
(HTML), characters per line (plain text). Past them the cleaners' parsers and classifiers grow faster
than the input (libxml2 checks each attribute of an element against the ones before it; htmldate, too,
looks at every attribute of every element; jusText pays for every level of nesting), so a page is cut to
its bounds first, and the caller warns that it was.

Every function here costs time linear in the size of its input.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

MAX_ATTRIBUTES = 256  # per element: real pages stay under a few dozen
MAX_ELEMENTS = 50_000  # per page: a long article with all its site furniture has a few thousand
MAX_LINE_CHARS = 50_000  # per line of plain text: about 8,000 words, longer than any article paragraph
# Nesting of container elements: real pages nest a few dozen deep. jusText (trafilatura's fallback) costs
# about 2.5 ms a level on every page, and libxml2 drops all text past 255 levels.
MAX_DEPTH = 100
DEPTH_NOTE = f"page nests elements over {MAX_DEPTH} deep: the deeper tags are dropped, their text kept"
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


# Elements that nest: those whose end tag HTML lets a page leave out (p, li, td, tr, option …) are closed
# by their next sibling, and an <a> by the next <a>, so they never add up to depth and are not counted.
_CONTAINER_NAMES = (
    "div|span|section|article|aside|main|header|footer|nav|table|tbody|blockquote|ul|ol|dl|figure|details|"
    "center|form|font|b|i|em|strong|u|s|small|big|sup|sub|label"
)
_CONTAINERS = frozenset(_CONTAINER_NAMES.split("|"))
# A container's start or end tag, anywhere (scripts included): for a quick upper bound of the depth.
_CONTAINER_EDGE = re.compile(r"<(/?)(?:" + _CONTAINER_NAMES + r")[\s/>]", re.IGNORECASE)
# Elements whose insides are text (tags there are not tags), each with the pattern of its end tag.
_RAW_TEXT = {name: re.compile(f"</{name}", re.IGNORECASE) for name in ("script", "style", "textarea")}
# Any tag by its name, or a comment: plain character classes, which the regex engine scans fast.
_TAG = re.compile(r"<(?:(!--)|(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>]*+>)")


def _depth_bound(html: str) -> int:
    """The deepest container nesting, counting tags inside scripts too: what `_shallower` counts, or
    more, on all but pages built to hide their depth, whose cost libxml2's 255 levels bound anyway.
    The running count never goes below zero (a stray end tag closes nothing): the count less its
    lowest point so far."""
    steps = np.fromiter((-1 if edge else 1 for edge in _CONTAINER_EDGE.findall(html)), dtype=np.int32)
    if steps.size <= MAX_DEPTH:
        return int(steps.size)
    running = np.cumsum(steps)
    return int((running - np.minimum(np.minimum.accumulate(running), 0)).max())


def _shallower(html: str) -> str | None:
    """The page without the container tags nested deeper than MAX_DEPTH (their text kept), or None
    when none is. One pass over the tags, counting opened minus closed containers; comments and the
    insides of scripts and styles are skipped (their tags are text), so the pass stays linear."""
    if _depth_bound(html) <= MAX_DEPTH:
        return None
    depth = 0
    kept: list[str] = []
    copied = 0  # html[:copied] is decided
    position = 0
    while (tag := _TAG.search(html, position)) is not None:
        position = tag.end()
        if tag.group(1):
            close = html.find("-->", position)
            position = len(html) if close < 0 else close + 3
            continue
        name = tag.group(3).lower()
        closing = bool(tag.group(2))
        if not closing and name in _RAW_TEXT:
            close_tag = _RAW_TEXT[name].search(html, position)
            position = len(html) if close_tag is None else close_tag.start()
            continue
        if name not in _CONTAINERS:
            continue
        if closing:  # an end tag closes the deepest open container
            depth = max(depth - 1, 0)
            drop = depth >= MAX_DEPTH
        else:
            drop = depth >= MAX_DEPTH
            if not tag.group(0).endswith("/>"):
                depth += 1
        if drop:
            kept.append(html[copied : tag.start()])
            copied = tag.end()
    if not kept:
        return None
    kept.append(html[copied:])
    return "".join(kept)


def bound_html(html: str) -> tuple[str, list[str]]:
    """The page cut to MAX_ELEMENTS elements, its elements to MAX_ATTRIBUTES attributes each and its
    nesting to MAX_DEPTH, with a note for each bound that applied (for a warning), or the page itself
    and no notes."""
    notes = []
    cut = next(itertools.islice(_START_TAG.finditer(html), MAX_ELEMENTS, None), None)
    if cut is not None:
        html = html[: cut.start()]
        notes.append(f"page has over {MAX_ELEMENTS:,} elements: only its first {MAX_ELEMENTS:,} are read")
    bounded = _LONG_TAG.sub(_fewer_attributes, html)
    if bounded != html:
        html = bounded
        notes.append(ATTRIBUTES_NOTE)
    # Most pages have fewer start tags than the bound allows levels: nothing to count then.
    if next(itertools.islice(_START_TAG.finditer(html), MAX_DEPTH, None), None) is not None:
        shallower = _shallower(html)
        if shallower is not None:
            html = shallower
            notes.append(DEPTH_NOTE)
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
