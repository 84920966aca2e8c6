"""Flatten an HTML page into plain text the way a naive scraper does.

Rules (shared with ../shared/tools/flatten_html.py so that figures compare): the text and the
tail of every element outside script/style/noscript/template/svg become one block each,
whitespace collapsed, consecutive repeats dropped, blocks joined by blank lines. The tail of a
skipped element joins the text before it, as removing that element from the tree would do.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
_SPACES = re.compile(r"\s+")


def _is_skipped(node: etree._Element) -> bool:
    return isinstance(node.tag, str) and node.tag.lower() in SKIPPED_TAGS


def _walk(node: etree._Element, pieces: list[str]) -> None:
    """Append the pieces of the children of `node`, in the order a naive scraper meets them.

    Such a scraper visits elements in document order and takes each element's text and then
    its tail at once, before its descendants: we keep that order.
    """
    children = list(node)
    index = 0
    while index < len(children):
        child = children[index]
        index += 1
        if _is_skipped(child):
            continue  # its tail went to the text or tail before it
        # The tails of skipped elements right after this one join this one's tail.
        tail = child.tail or ""
        while index < len(children) and _is_skipped(children[index]):
            tail += children[index].tail or ""
            index += 1
        pieces.append(_own_text(child))
        pieces.append(tail)
        _walk(child, pieces)


def _own_text(node: etree._Element) -> str:
    """The text of `node` plus the tails of skipped children that come before any other child."""
    # Comments and processing instructions show no text of their own, only their tail.
    text = node.text or "" if isinstance(node.tag, str) else ""
    for child in node:
        if not _is_skipped(child):
            break
        text += child.tail or ""
    return text


def flatten_html(html: str) -> str:
    """All visible text of `html`, one block per text run, blocks separated by blank lines."""
    if not html.strip():
        return ""
    try:
        root = lxml_html.fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return ""
    if _is_skipped(root):
        return ""
    pieces: list[str] = [_own_text(root), root.tail or ""]
    _walk(root, pieces)
    blocks: list[str] = []
    previous: str | None = None
    for piece in pieces:
        block = _SPACES.sub(" ", piece.strip())
        if block and block != previous:
            blocks.append(block)
        if block:
            previous = block
    return "\n\n".join(blocks)
