"""Which reader an input needs: sniff the first bytes, use the file name's extension as a hint.

Strong content signatures (WARC header, a feed or HTML root element, a JSON object line,
binary magic) win over the extension; the extension decides only what content cannot.
"""

from __future__ import annotations

import json
import os
import re
from typing import Literal

Kind = Literal["text", "html", "jsonl", "warc", "feed"]

_EXTENSION_KINDS: dict[str, Kind] = {
    "": "text",  # no extension: scraped article dumps are often bare ids
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
}
_FEED_ROOTS = {"rss", "feed", "rdf"}
# Elements that start a page or a page fragment; a document whose first element is one of these is HTML.
_HTML_ROOTS = {
    "html", "head", "body", "meta", "title", "link", "base", "style", "script", "div", "p", "article",
    "section", "main", "header", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "span", "table", "ul", "ol",
    "a", "img", "br", "form", "figure", "blockquote", "pre", "b", "i", "em", "strong", "font", "center",
}  # fmt: skip
_PROLOG_ITEM = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)", re.IGNORECASE | re.DOTALL)
_ELEMENT_NAME = re.compile(r"\s*<([A-Za-z_][\w.:\-]*)")
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"BZh9", "bzip2 archive"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_CONTROL_BYTES = frozenset(range(0x01, 0x09)) | frozenset(range(0x0E, 0x20)) - {0x1B}
# bytes.translate deletes these, leaving only control bytes: a C-speed count.
_NOT_CONTROL = bytes(byte for byte in range(256) if byte not in _CONTROL_BYTES)


def extension(name: str) -> str:
    """The lower-case extension that says the format, looking through a trailing `.gz`."""
    base = os.path.basename(name.lower())
    if base.endswith(".gz"):
        base = base[: -len(".gz")]
    return os.path.splitext(base)[1]


def binary_reason(head: bytes) -> str | None:
    """Why these bytes are not text (None when they look like text)."""
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"binary file ({what})"
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    controls = len(head.translate(None, _NOT_CONTROL))
    if controls > max(8, len(head) // 20):
        return "binary file (not text)"
    return None


def _markup_start(text: str) -> tuple[str | None, bool]:
    """The local name of the first element and whether an HTML doctype precedes it."""
    position = 0
    html_doctype = False
    while True:
        item = _PROLOG_ITEM.match(text, position)
        if not item:
            break
        if item.group(1).lower().startswith("<!doctype") and "html" in item.group(1).lower():
            html_doctype = True
        position = item.end()
    element = _ELEMENT_NAME.match(text, position)
    if not element:
        return None, html_doctype
    return element.group(1).lower().rsplit(":", 1)[-1], html_doctype


def _looks_like_jsonl(text: str) -> bool:
    first_line, newline, _ = text.partition("\n")
    if not newline and first_line.startswith('{"'):
        return True  # one line longer than the sniffed head: a JSONL record with a big body
    try:
        return isinstance(json.loads(first_line), dict)
    except ValueError:
        return False


def sniff(name: str, head: bytes) -> Kind | None:
    """The reader for an input named `name` (empty for stdin) that starts with `head`.

    None means the input is not an article format ("unsupported file type").
    Call only after `binary_reason` found the head to be text.
    """
    ext = extension(name)
    ext_kind = _EXTENSION_KINDS.get(ext)
    if head.startswith(b"WARC/"):
        return "warc"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        root, html_doctype = _markup_start(text)
        if root in _FEED_ROOTS:
            return "feed"
        if html_doctype or root in _HTML_ROOTS:
            return "html"
        if ext_kind in ("html", "text", "jsonl", "feed"):
            return ext_kind  # unknown markup: trust the name (the reader reports what is wrong)
        return None
    if text.startswith("{") and (ext_kind == "jsonl" or _looks_like_jsonl(text)):
        return "jsonl"
    if ext == ".xml":
        return None  # XML that is not a feed is not an article format
    return ext_kind
