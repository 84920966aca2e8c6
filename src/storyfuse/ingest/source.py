"""Read one source: sniff its format and hand it to the right reader, turning failures into problems."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from storyfuse.errors import BadInput
from storyfuse.ingest.decode import UTF8_BOM, UTF16_BOMS, decode_utf16
from storyfuse.ingest.detect import binary_reason, sniff
from storyfuse.ingest.feed import read_feed
from storyfuse.ingest.files import Source, describe_os_error
from storyfuse.ingest.html import read_html_file
from storyfuse.ingest.jsonl import read_jsonl
from storyfuse.ingest.plain_text import read_text_file
from storyfuse.ingest.problems import unreadable
from storyfuse.ingest.streams import (
    CHUNK_BYTES,
    HEAD_BYTES,
    ExpansionBound,
    Rejoined,
    read_rest,
    read_up_to,
    rejoin,
    size_limit_text,
)
from storyfuse.ingest.warc import read_warc
from storyfuse.model import InputProblem, RawDocument

_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_DAMAGED = "gzip data is truncated or corrupt"


def _gunzipped_start(head: bytes) -> bytes:
    """The first decompressed bytes of gzip data, from a possibly partial head."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, HEAD_BYTES)
    except zlib.error:
        raise BadInput(_GZIP_DAMAGED) from None


def _skip_blank_head(stream: BinaryIO, head: bytes, source: Source, max_bytes: int) -> bytes:
    """Extend a whitespace-only head until text appears; BadInput if none ever does."""
    parts = [head]
    size = len(head)
    while not parts[-1].removeprefix(UTF8_BOM).strip():  # only the newest part can hold the first text
        more = read_up_to(stream, HEAD_BYTES)
        if not more:
            if size:
                raise BadInput("only whitespace")
            raise BadInput("empty input" if source.is_stdin else "empty file")
        parts.append(more)
        size += len(more)
        if size > max_bytes:
            raise BadInput(size_limit_text(max_bytes))
    return b"".join(parts)


def _read_stream(source: Source, raw: BinaryIO, max_bytes: int) -> Iterator[RawDocument | InputProblem]:
    head = read_up_to(raw, HEAD_BYTES)
    stream: BinaryIO = raw
    gzipped = head.startswith(_GZIP_MAGIC)
    if gzipped:
        if _gunzipped_start(head).startswith(b"WARC/"):
            # warcio reads per-record gzip itself (and only so reports damage at the right record).
            yield from read_warc(source.origin, rejoin(head, raw), max_bytes)
            return
        compressed = Rejoined(head, raw)
        gunzipped = gzip.GzipFile(fileobj=io.BufferedReader(compressed, CHUNK_BYTES), mode="rb")
        stream = ExpansionBound(gunzipped, compressed, max_bytes)  # type: ignore[assignment]
        head = read_up_to(stream, HEAD_BYTES)
    head = _skip_blank_head(stream, head, source, max_bytes)
    if head.startswith(UTF16_BOMS):
        # Rare enough to read whole: transcode and continue as UTF-8 bytes.
        text = decode_utf16(head + read_rest(stream, len(head), max_bytes))
        head, stream = text.encode("utf-8"), rejoin(b"", stream)
    if head.startswith(b"WARC/"):  # its records' payloads may be binary (images): it is no text file
        yield from read_warc(source.origin, rejoin(head, stream), max_bytes)
        return
    reason = binary_reason(head)
    if reason:
        raise BadInput(reason)
    kind = sniff(source.name, head)
    if kind is None:
        raise BadInput("unsupported file type")
    if kind == "jsonl":
        yield from read_jsonl(source.origin, rejoin(head, stream), max_bytes)
        return
    if kind == "warc":
        yield from read_warc(source.origin, rejoin(head, stream), max_bytes)
        return
    # Single-document formats: refuse by size before reading the rest.
    if not gzipped and source.size is not None and source.size > max_bytes:
        raise BadInput(size_limit_text(max_bytes))
    rest = read_rest(stream, len(head), max_bytes)
    if b"\x00" in rest:  # as a NUL in the head would have been
        raise BadInput("binary file (contains NUL bytes)")
    data = head + rest
    if kind == "text":
        yield read_text_file(source.origin, data, source.native_id)
    elif kind == "html":
        yield read_html_file(source.origin, data, source.native_id)
    else:
        yield from read_feed(source.origin, data)


def read_source(source: Source, max_bytes: int) -> Iterator[RawDocument | InputProblem]:
    """Every document in a source; one InputProblem for whatever stops it, never an exception."""
    try:
        with source.open() as raw:
            yield from _read_stream(source, raw, max_bytes)
    except BadInput as exc:
        yield InputProblem(source.origin, str(exc))
    except gzip.BadGzipFile:  # an OSError subclass, but about content, not the file system
        yield InputProblem(source.origin, _GZIP_DAMAGED)
    except OSError as exc:
        yield InputProblem(source.origin, describe_os_error(exc))
    except (EOFError, zlib.error):
        yield InputProblem(source.origin, _GZIP_DAMAGED)
    except Exception as exc:
        # One odd file must not end a run over thousands.
        yield unreadable(source.origin, "file", exc)
