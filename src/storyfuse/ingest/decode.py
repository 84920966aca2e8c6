"""Bytes to text: strict UTF-8 for plain text, declared charsets for HTML."""

from __future__ import annotations

import codecs
import re

from storyfuse.errors import BadInput

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CHARSET_SCAN_BYTES = 8 * 1024  # declarations belong in <head>; scraped pages put them late sometimes
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.IGNORECASE)
# The web platform reads these labels as windows-1252, and real pages labelled so use its extra letters.
_WINDOWS_1252_ALIASES = {"latin_1", "ascii", "iso8859_1"}


def decode_utf8(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); BadInput names the first bad byte's offset."""
    offset = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"invalid UTF-8 at byte {offset + exc.start}") from None


def decode_utf16(data: bytes) -> str:
    """Text saved as UTF-16 with a BOM (Windows "Unicode")."""
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise BadInput(f"invalid UTF-16 at byte {exc.start}") from None


def codec_name(label: str | bytes | None) -> str | None:
    """Python's codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name.replace("-", "_") in _WINDOWS_1252_ALIASES else name


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag or an XML declaration."""
    head = data[:_CHARSET_SCAN_BYTES]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            name = codec_name(match.group(1))
            if name and name.startswith(("utf-16", "utf-32")):
                # Bytes we could scan as ASCII are not UTF-16; browsers read such pages as UTF-8 too.
                return "utf-8"
            if name:
                return name
    return None


def charset_parameter(content_type: str | None) -> str | None:
    """The codec named by `charset=` in an HTTP Content-Type header."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*([^;\s]+)", content_type, re.IGNORECASE)
    return codec_name(match.group(1)) if match else None


def decode_lenient(data: bytes, *charsets: str | None) -> str:
    """UTF-8 when the bytes are UTF-8; otherwise the first usable declared charset; otherwise windows-1252.

    Valid UTF-8 wins over a declaration because mislabelled UTF-8 pages are common
    and non-ASCII text in a legacy charset is almost never valid UTF-8 by accident.
    """
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM) :].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for charset in charsets:
        if charset:
            try:
                return data.decode(charset, errors="replace")
            except (LookupError, UnicodeError):
                # A label naming no text encoding ("rot13", "base64", "bz2") or one that fails even
                # with replacement ("undefined") is no declaration at all, as browsers treat it.
                continue
    # The HTML standard's fallback for undeclared legacy pages.
    return data.decode("cp1252", errors="replace")


def decode_html(data: bytes, transport_charset: str | None = None) -> str:
    """Decode a page: UTF-8, else the HTTP charset, else the page's own declaration."""
    return decode_lenient(data, transport_charset, declared_charset(data))
