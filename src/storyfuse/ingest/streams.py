"""Byte-stream helpers: peek at a stream's head, put it back, read with a size limit."""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from storyfuse.errors import BadInput

HEAD_BYTES = 64 * 1024  # enough to sniff any format we read
CHUNK_BYTES = 256 * 1024
_MB = 1024 * 1024
# Text compresses 3 to 10 times; data that expands a hundredfold is a compression bomb (gzip can
# expand a thousandfold), whose decompressed size, not its own, would set the cost of reading it.
MAX_EXPANSION = 100
EXPANSION_TEXT = (
    f"compressed data expands over {MAX_EXPANSION} times (a compression bomb?): the rest is not read"
)


def size_limit_text(max_bytes: int) -> str:
    """`larger than 20 MB`-style wording for a byte limit."""
    if max_bytes >= _MB and max_bytes % _MB == 0:
        return f"larger than {max_bytes // _MB} MB"
    if max_bytes >= 1024 and max_bytes % 1024 == 0:
        return f"larger than {max_bytes // 1024} KB"
    return f"larger than {max_bytes} bytes"


def read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Read `size` bytes or until EOF; pipes and gzip streams may return short reads."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        part = stream.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def read_rest(stream: BinaryIO, already: int, max_bytes: int) -> bytes:
    """Read the stream to its end, failing as soon as the total would pass `max_bytes`."""
    allowed = max_bytes - already
    if allowed < 0:
        raise BadInput(size_limit_text(max_bytes))
    data = read_up_to(stream, allowed + 1)
    if len(data) > allowed:
        raise BadInput(size_limit_text(max_bytes))
    return data


class Rejoined(io.RawIOBase):
    """A read-only stream that yields `head` and then the rest of `rest`: the head put back."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._head_pos = 0
        self._rest = rest
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # any writable buffer (typeshed's `Buffer` is 3.12+)
        view = memoryview(buffer).cast("B")
        want = len(view)
        if self._head_pos < len(self._head):
            data = self._head[self._head_pos : self._head_pos + want]
            self._head_pos += len(data)
        else:
            data = self._rest.read(want)
        view[: len(data)] = data
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position


def expansion_exceeded(decompressed: int, compressed: int, max_bytes: int) -> bool:
    """Whether data has expanded past the bound: one article's `max_bytes`, then MAX_EXPANSION times
    its compressed size. Under it, reading a compressed input costs time linear in its size."""
    return decompressed > max_bytes + MAX_EXPANSION * compressed


class ExpansionBound:
    """A decompressed stream that fails (BadInput) once it has given more than `expansion_exceeded`
    allows for the compressed bytes read so far (`compressed.tell()`)."""

    def __init__(self, decompressed: io.BufferedIOBase, compressed: Rejoined, max_bytes: int) -> None:
        self._stream = decompressed
        self._compressed = compressed
        self._max_bytes = max_bytes
        self._given = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._given += len(data)
        if expansion_exceeded(self._given, self._compressed.tell(), self._max_bytes):
            raise BadInput(EXPANSION_TEXT)
        return data


def rejoin(head: bytes, rest: BinaryIO) -> BinaryIO:
    """A buffered stream (with readline) over `head` followed by `rest`."""
    return io.BufferedReader(Rejoined(head, rest), buffer_size=CHUNK_BYTES)
