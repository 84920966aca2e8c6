"""The ingest stage: read files, directories, archives, feeds and stdin into RawDocuments.

`read_inputs` streams: it holds one document (or one JSONL line / WARC record) at a
time, so a directory of 100k files or a multi-gigabyte WARC is read in constant memory.
Bad input never raises; it is yielded as an `InputProblem` and reading goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from storyfuse.ingest.files import STDIN_ORIGIN, Source, expand_path, stdin_source
from storyfuse.ingest.hashing import content_hash
from storyfuse.ingest.source import read_source
from storyfuse.model import InputProblem, RawDocument

__all__ = ["MAX_BYTES", "content_hash", "read_inputs"]

# Largest single article (a text or HTML file, a feed, a JSONL line, a WARC payload) we read.
MAX_BYTES = 20 * 1024 * 1024


def read_inputs(
    paths: Iterable[str], *, stdin: BinaryIO | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[RawDocument | InputProblem]:
    """Documents from every path in order (`-` is standard input), with a problem for each bad input."""
    if isinstance(paths, str):
        paths = [paths]  # a lone path, not an iterable of one-character paths
    for path in paths:
        sources: Iterable[Source | InputProblem]
        if path == STDIN_ORIGIN:
            sources = [stdin_source(stdin if stdin is not None else sys.stdin.buffer)]
        else:
            sources = expand_path(path)
        for item in sources:
            if isinstance(item, InputProblem):
                yield item
            else:
                yield from read_source(item, max_bytes)
