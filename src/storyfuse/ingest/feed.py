"""RSS and Atom feeds via feedparser: each entry that carries content is one article."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from storyfuse.errors import BadInput
from storyfuse.ingest.html import require_visible_text
from storyfuse.model import InputProblem, RawDocument

_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")


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
    detail = str(exc).strip().splitlines()[0][:100] if exc and str(exc).strip() else ""
    return f"feed does not parse ({detail})" if detail else "feed does not parse"


def read_feed(origin: str, data: bytes) -> Iterator[RawDocument | InputProblem]:
    """Documents `origin#N` for the N-th entry; an entry without content is one problem."""
    # A stream, not bytes: feedparser would try a bytes argument as a file name first.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") or not parsed.get("version"):
            raise BadInput(_parse_problem(parsed))
        raise BadInput("feed has no entries")
    source = (parsed.get("feed", {}).get("title") or "").strip() or None
    for index, entry in enumerate(entries, start=1):
        entry_origin = f"{origin}#{index}"
        body = _entry_body(entry)
        if body is None:
            yield InputProblem(entry_origin, "feed entry has no content")
            continue
        is_html = _MARKUP.search(body) is not None
        if is_html:
            try:
                require_visible_text(body)
            except BadInput as exc:
                yield InputProblem(entry_origin, str(exc))
                continue
        yield RawDocument(
            origin=entry_origin,
            content=body,
            format="html" if is_html else "text",
            url=entry.get("link") or None,
            title=(entry.get("title") or "").strip() or None,
            published=_published(entry),
            source=source,
        )
