"""What `storyfuse watch` looks at: the files under its paths that are new or changed since the last look
(by size and modification time), polled, so it works on any file system and needs no extra package."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class Watcher:
    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self.seen: dict[Path, tuple[int, int]] = {}

    def _files(self) -> list[Path]:
        found: list[Path] = []
        for path in self.paths:
            if path.is_dir():
                found += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            elif path.is_file():
                found.append(path)
        return found

    def changed(self) -> list[Path]:
        """Files new or changed since the last call (all of them the first time), in name order. A file
        that changes again (a feed that grew, a dump still being written) comes again: what of it is
        stored already is skipped by its content hash."""
        fresh = []
        for path in self._files():
            try:
                stat = path.stat()
            except OSError:  # removed since it was listed
                continue
            mark = (stat.st_size, stat.st_mtime_ns)
            if self.seen.get(path) != mark:
                self.seen[path] = mark
                fresh.append(path)
        return fresh

    def missing(self) -> list[Path]:
        return [p for p in self.paths if not p.exists()]
