"""WARC archives (plain, gzipped record by record or as a whole) via warcio: each HTML or text response
is one article."""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, TypeVar

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyfuse.errors import BadInput
from storyfuse.ingest.decode import charset_parameter, decode_html, decode_lenient
from storyfuse.ingest.html import require_visible_text
from storyfuse.ingest.plain_text import require_text
from storyfuse.ingest.problems import unreadable
from storyfuse.ingest.streams import CHUNK_BYTES, EXPANSION_TEXT, expansion_exceeded, size_limit_text
from storyfuse.model import InputProblem, RawDocument

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_TEXT_TYPES = {"text/plain"}
# What warcio writes to stderr, in the words of a warning about the record.
_WARCIO_NOTES = (
    ("Record not followed by newline", "record is not followed by a blank line (wrong Content-Length?)"),
    ("while decompressing", "payload cannot be decoded (its compressed data is corrupt)"),
)
_T = TypeVar("_T")


class _MalformedRecord(Exception):
    """A record that ends the archive: nothing after it can be trusted."""


class Gunzipped:
    """The archive's bytes as warcio should read them: gzip data decompressed member after member, so
    that an archive gzipped record by record and one gzipped as a whole (`gzip crawl.warc`) read alike;
    other data passed through.

    warcio treats a truncated .warc.gz as a clean end of the archive; this reader is how an interrupted
    download is reported instead of silently shortened (`ended_inside_member`). It also bounds what
    the archive may expand to (`expansion_exceeded`): past it, it reads as ended, and `exploded` says why.
    """

    def __init__(self, stream: BinaryIO, max_bytes: int) -> None:
        self._stream = stream
        self._read = 0  # compressed bytes read
        self._gzip: bool | None = None
        self._member: Any = None  # zlib.Decompress of the member being read
        self._pending = b""  # compressed bytes read but not yet given to a member
        self._out = bytearray()
        self._ended = False
        self._max_bytes = max_bytes
        self.decompressed = 0
        self.corrupt = False
        self.exploded = False

    def read(self, size: int = -1) -> bytes:
        while not self._ended and (size < 0 or len(self._out) < size):
            self._fill()
        taken = len(self._out) if size < 0 else min(size, len(self._out))
        data = bytes(self._out[:taken])
        del self._out[:taken]
        return data

    def _fill(self) -> None:
        data, self._pending = self._pending, b""
        if not data:
            data = self._stream.read(CHUNK_BYTES)
            self._read += len(data)
            if not data:
                self._ended = True
                return
        if self._gzip is None:
            self._gzip = data.startswith(b"\x1f\x8b")
        if not self._gzip:
            self._out += data
            return
        if self._member is None:
            self._member = zlib.decompressobj(wbits=31)
        try:
            # At most one chunk out per call: a bomb is stopped before it fills memory.
            out = self._member.decompress(data, CHUNK_BYTES)
        except zlib.error:
            self.corrupt = True
            self._ended = True
            return
        self.decompressed += len(out)
        self._out += out
        if expansion_exceeded(self.decompressed, self._read, self._max_bytes):
            self.exploded = True
            self._ended = True
        elif self._member.unconsumed_tail:
            self._pending = self._member.unconsumed_tail
        elif self._member.eof:
            self._pending = self._member.unused_data
            self._member = None

    @property
    def ended_inside_member(self) -> bool:
        return self._member is not None and not self.corrupt and not self.exploded


def _drain(record: Any) -> None:
    """Read what is left of a record and fail if the archive ended before its declared length."""
    raw = record.raw_stream
    while raw.read(CHUNK_BYTES):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise _MalformedRecord("record is truncated")


def _payload_format(record: Any) -> tuple[str, str | None] | None:
    """("html" | "text", charset) for a successful HTML or text response, else None (skipped)."""
    http = record.http_headers
    if http is None:
        return None
    status = http.get_statuscode() or ""
    # Redirects and error pages are crawl furniture, not articles.
    if not status.startswith("2"):
        return None
    content_type = http.get_header("Content-Type") or ""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in _HTML_TYPES:
        return "html", charset_parameter(content_type)
    if mime in _TEXT_TYPES:
        return "text", charset_parameter(content_type)
    return None


def _record_document(origin: str, record: Any, max_bytes: int) -> RawDocument | None:
    """The article in one record, None for records that hold none; BadInput for a bad payload."""
    declared_length = record.rec_headers.get_header("Content-Length") or ""
    # warcio reads a header cut off after "Content-Length: " as length 0 rather than failing.
    if record.rec_type is None or not declared_length.strip().isdigit():
        raise _MalformedRecord("record header has no WARC-Type or Content-Length")
    payload_format = _payload_format(record) if record.rec_type == "response" else None
    if payload_format is None:
        _drain(record)
        return None
    try:
        payload = record.content_stream().read(max_bytes + 1)
    except Exception:  # warcio's chunked/gzip decoders raise several kinds
        _drain(record)
        raise BadInput("payload cannot be decoded (its chunked or compressed encoding is damaged)") from None
    _drain(record)
    if len(payload) > max_bytes:
        raise BadInput(f"payload {size_limit_text(max_bytes)}")
    kind, charset = payload_format
    url = record.rec_headers.get_header("WARC-Target-URI")
    crawled = record.rec_headers.get_header("WARC-Date")
    if kind == "html":
        content = decode_html(payload, charset)
        require_visible_text(content)
        return RawDocument(origin=origin, content=content, format="html", url=url, crawled=crawled)
    content = decode_lenient(payload, charset)
    require_text(content)
    return RawDocument(origin=origin, content=content, format="text", url=url, crawled=crawled)


def _quietly(call: Callable[..., _T], *args: Any) -> tuple[_T, list[str]]:
    """`call(*args)`, with what warcio would print to stderr (multi-line notes quoting raw payload bytes)
    kept from the terminal and turned into warning reasons."""
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed):
        result = call(*args)
    notes = [reason for marker, reason in _WARCIO_NOTES if marker in printed.getvalue()]
    return result, notes


def _header_problem(exc: Exception) -> str:
    """What a warcio failure to read a record's headers says about the archive."""
    if isinstance(exc, ArchiveLoadFailed) and "Unknown archive format" in str(exc):
        return "not a WARC record"
    if isinstance(exc, ArchiveLoadFailed) and "Invalid WARC record" in str(exc):
        return "record does not start with a WARC header"
    return "record header cannot be parsed"


def read_warc(origin: str, stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | InputProblem]:
    """Documents `origin#N`, N counting every record; stops at the first malformed record."""
    watcher = Gunzipped(stream, max_bytes)
    archive = ArchiveIterator(watcher)
    records = iter(archive)
    index = 0
    while True:
        index += 1
        record_origin = f"{origin}#{index}"
        try:
            record, notes = _quietly(next, records)
        except StopIteration:
            break
        except Exception as exc:  # warcio reports bad archives through many exception types
            if not watcher.exploded:  # else the archive only seems to end: said below
                yield InputProblem(record_origin, f"malformed WARC record ({_header_problem(exc)})")
                return
            break
        # A note printed while finding this record is about the one before it.
        yield from (InputProblem(f"{origin}#{max(index - 1, 1)}", note) for note in notes)
        try:
            document, notes = _quietly(_record_document, record_origin, record, max_bytes)
        except _MalformedRecord as exc:
            if not watcher.exploded:
                yield InputProblem(record_origin, f"malformed WARC record ({exc})")
                return
            break
        except BadInput as exc:
            yield InputProblem(record_origin, str(exc))
            continue
        except Exception as exc:
            yield unreadable(record_origin, "WARC record", exc)
            continue
        if notes:  # warcio stopped decoding the payload part way: what it gave is not the page
            yield InputProblem(record_origin, notes[0])
        elif document is not None:
            yield document
    if watcher.exploded:
        yield InputProblem(record_origin, EXPANSION_TEXT)
    elif watcher.ended_inside_member:  # an interrupted download, whatever part of a record it cut
        yield InputProblem(f"{origin}#{index}", "malformed WARC record (gzip data is truncated)")
    elif getattr(archive, "next_line", None):
        # warcio found the start of another record but the archive ended inside its header.
        yield InputProblem(f"{origin}#{index}", "malformed WARC record (record header is truncated)")
    elif watcher.corrupt:
        yield InputProblem(f"{origin}#{index}", "malformed WARC record (gzip data is corrupt)")
