"""HTML pages: decoding by declared charset and the "has any text at all" check."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from storyfuse.bounds import bound_html
from storyfuse.errors import BadInput
from storyfuse.ingest.decode import decode_html
from storyfuse.model import RawDocument

_INVISIBLE = ("script", "style", "noscript", "template")
_WORD = re.compile(r"[^\W_]")


def has_visible_text(content: str) -> bool:
    """Whether a page has any visible letter or digit (markup soup and empty shells have none)."""
    if not content.strip():
        return False
    content = bound_html(content)[0]  # the extract stage warns when a bound applies
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        # Parsed from bytes: lxml refuses str input that carries an XML encoding declaration.
        root = lxml.html.document_fromstring(content.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return False
    lxml.etree.strip_elements(root, *_INVISIBLE, with_tail=False)
    # Words, not just characters: stray brackets from broken markup are not text.
    return any(_WORD.search(str(text)) for text in root.itertext())


def require_visible_text(content: str) -> None:
    """Refuse a page without visible text."""
    if not has_visible_text(content):
        raise BadInput("HTML page has no text")


def read_html_file(origin: str, data: bytes, native_id: str | None) -> RawDocument:
    """An .html page file, decoded by its declared charset when it is not UTF-8."""
    content = decode_html(data)
    require_visible_text(content)
    return RawDocument(origin=origin, content=content, format="html", native_id=native_id)
