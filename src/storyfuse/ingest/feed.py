"""RSS and Atom feeds via feedparser: each entry that carries content is one article."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any
from xml.sax import SAXParseException

import feedparser

from storyfuse.bounds import bound_markup_bytes
from storyfuse.errors import BadInput
from storyfuse.ingest.html import require_visible_text
from storyfuse.ingest.problems import unreadable
from storyfuse.model import InputProblem, RawDocument

_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));")
_REPLACEMENT_REFERENCE = b"&#xFFFD;"


def _character_or_replacement(match: re.Match[bytes]) -> bytes:
    hex_digits, digits = match.groups()
    written = hex_digits or digits
    if len(written.lstrip(b"0")) > 7:
        return _REPLACEMENT_REFERENCE  # far beyond the last code point, however it is written
    code = int(written, 16 if hex_digits else 10)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return _REPLACEMENT_REFERENCE
    return match.group(0)


def _valid_character_references(data: bytes) -> bytes:
    """`&#x110000;` or `&#xD800;` names no character: feedparser's lenient parser fails on the whole
    feed for one of them, so each becomes U+FFFD, as an HTML parser reads it."""
    return _CHARACTER_REFERENCE.sub(_character_or_replacement, data)


def _entry_body(entry: Any) -> str | None:
    """content:encoded / Atom content first (the full text), then the summary."""
    contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    contents.sort(key=lambda c: "html" not in (c.get("type") or ""))  # stable: html versions first
    if contents:
        return str(contents[0]["value"])
    summary = entry.get("summary")
    return str(summary) if summary and summary.strip() else None


def _published(entry: Any) -> str | None:
    """The entry's date as written, or ISO 8601 from the parsed date when no text survived."""
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return str(entry[key])
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return None


def _parse_problem(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if isinstance(exc, SAXParseException):
        # Its text starts "<unknown>:LINE:COLUMN:", of the text feedparser parsed, not of the file.
        return f"feed does not parse ({exc.getMessage()})"
    detail = str(exc).strip().splitlines()[0][:100] if exc and str(exc).strip() else ""
    return f"feed does not parse ({detail})" if detail else "feed does not parse"


def read_feed(origin: str, data: bytes) -> Iterator[RawDocument | InputProblem]:
    """Documents `origin#N` for the N-th entry; an entry without content is one problem."""
    data, notes = bound_markup_bytes(data)
    yield from (InputProblem(origin, note) for note in notes)
    # A stream, not bytes: feedparser would try a bytes argument as a file name first.
    parsed = feedparser.parse(io.BytesIO(_valid_character_references(data)))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") or not parsed.get("version"):
            raise BadInput(_parse_problem(parsed))
        raise BadInput("feed has no entries")
    source = (parsed.get("feed", {}).get("title") or "").strip() or None
    for index, entry in enumerate(entries, start=1):
        entry_origin = f"{origin}#{index}"
        try:
            document = _entry_document(entry_origin, entry, source)
        except BadInput as exc:
            yield InputProblem(entry_origin, str(exc))
            continue
        except Exception as exc:
            yield unreadable(entry_origin, "feed entry", exc)
            continue
        yield document


def _entry_document(origin: str, entry: Any, source: str | None) -> RawDocument:
    body = _entry_body(entry)
    if body is None:
        raise BadInput("feed entry has no content")
    is_html = _MARKUP.search(body) is not None
    if is_html:
        require_visible_text(body)
    return RawDocument(
        origin=origin,
        content=body,
        format="html" if is_html else "text",
        url=entry.get("link") or None,
        title=(entry.get("title") or "").strip() or None,
        published=_published(entry),
        source=source,
    )
