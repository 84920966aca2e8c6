"""Turn the paths a user names into input sources: files, directories (recursive, sorted), stdin."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import BinaryIO

from storyfuse.model import InputProblem

STDIN_ORIGIN = "-"
_OPEN_DESCRIPTORS = ("/dev/fd/", "/proc/self/fd/")


@dataclass(frozen=True)
class Source:
    """One input to read: a file, a pipe, or standard input."""

    origin: str  # absolute path (as `path_origin` writes it), or "-" for stdin
    name: str  # file name for the extension hint; "" for stdin
    open: Callable[[], AbstractContextManager[BinaryIO]]
    size: int | None = None  # bytes on disk when known before reading
    native_id: str | None = None  # the file stem, an id the input suggests

    @property
    def is_stdin(self) -> bool:
        return self.origin == STDIN_ORIGIN


def describe_os_error(exc: OSError) -> str:
    """A short, lower-case reason for an OSError, without the path (the origin names it)."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return (exc.strerror or str(exc)).lower()


def path_origin(path: str) -> str:
    """How articles and warnings name a path: the path itself when it is UTF-8, as nearly every one is.

    A name in another encoding reaches Python with its odd bytes as lone surrogates, which can be
    neither stored as UTF-8 text nor printed; each such byte is written `\\xNN` instead, so the name
    keeps every byte it had (only a name that also spells `\\xNN` literally would read alike).
    """
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name's byte stands for
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def file_stem(name: str) -> str:
    """`page.html.gz` → `page`: the stem without the compression suffix."""
    if name.lower().endswith(".gz"):
        name = name[: -len(".gz")]
    return os.path.splitext(name)[0]


def _file_source(path: str, size: int | None) -> Source:
    name = path_origin(os.path.basename(path))

    def open_file() -> AbstractContextManager[BinaryIO]:
        return open(path, "rb")

    return Source(origin=path_origin(path), name=name, open=open_file, size=size, native_id=file_stem(name))


def stdin_source(stream: BinaryIO) -> Source:
    # Standard input belongs to the caller: reading it must not close it.
    return Source(origin=STDIN_ORIGIN, name="", open=lambda: contextlib.nullcontext(stream))


def _walk(directory: str, visited: set[tuple[int, int]]) -> Iterator[Source | InputProblem]:
    """Files under `directory` in name order, depth first; hidden entries are skipped."""
    try:
        with os.scandir(directory) as scan:
            # Only names are held; each file is opened when its turn comes.
            visible = [entry for entry in scan if not entry.name.startswith(".")]
        entries = sorted(visible, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputProblem(path_origin(directory), describe_os_error(exc))
        return
    for entry in entries:
        try:
            info = entry.stat()  # follows symlinks
        except OSError as exc:
            yield InputProblem(path_origin(entry.path), describe_os_error(exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in visited:
                continue  # a symlink back up the tree: already read
            visited.add(key)
            yield from _walk(entry.path, visited)
        elif stat.S_ISREG(info.st_mode):
            yield _file_source(entry.path, info.st_size)
        else:
            yield InputProblem(path_origin(entry.path), "not a regular file")


def expand_path(path: str) -> Iterator[Source | InputProblem]:
    """The sources a named path stands for; problems for paths that cannot be read."""
    if not path:
        yield InputProblem(path, "no such file or directory")
        return
    absolute = os.path.abspath(path)
    try:
        info = os.stat(absolute)
    except OSError as exc:
        yield InputProblem(path_origin(absolute), describe_os_error(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(absolute, {(info.st_dev, info.st_ino)})
    elif stat.S_ISREG(info.st_mode):
        yield _file_source(absolute, info.st_size)
    elif stat.S_ISFIFO(info.st_mode) and absolute.startswith(_OPEN_DESCRIPTORS):
        # A pipe this process already holds (`<(zcat …)`, /dev/fd/63) has its writer: read it as a stream.
        yield _file_source(absolute, None)
    else:
        # A named pipe would wait for a writer for ever, a device may never end: neither is an input.
        yield InputProblem(path_origin(absolute), "not a regular file")
