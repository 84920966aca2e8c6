"""The store's write lock: one writing command (ingest, synthesise) at a time on one store.

SQLite serialises single transactions, but a run reads the store (stored hashes, story states, dirty
stories) and writes from what it read over many transactions, so two runs at once would each write
from a picture the other has changed. A writing command therefore holds an exclusive advisory lock
(`flock`) on `<store>.lock`, beside the store, for its whole run; a second writer waits for it. Reading
commands never take it (WAL lets them read while a writer writes). The lock goes with the process that
holds it, however it ends (killed too). The lock file is removed by the writer that made or locked it
as it finishes, while it still holds it; a waiter that then gets the lock of a removed file tries again
on the file now there, so two writers never hold locks on two different files. A file a killed writer
left behind is harmless.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from storyfuse.errors import StoreError
from storyfuse.store.database import check_before_opening

# Filesystems that keep no flock locks (some network mounts): the run goes on without one.
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}


def lock_path(store: str | Path) -> Path:
    store = Path(store)
    return store.with_name(store.name + ".lock")


@contextmanager
def write_lock(store: str | Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's write lock while the block runs; wait for another writer first, calling
    `on_wait` once with a line saying so. A store a writer must refuse (a directory, not a store,
    read-only) is refused before anything is made beside it."""
    store = Path(store)
    check_before_opening(store)
    if not store.parent.is_dir():  # SQLite reports the missing folder when the store is opened
        yield
        return
    path = lock_path(store)
    told = False
    while True:
        fd = _open(path)
        try:
            waited = _lock(fd, store, None if told else on_wait)
        except BaseException:
            os.close(fd)
            raise
        told = told or waited is True
        if waited is None or _same_file(fd, path):
            break
        os.close(fd)  # the writer before removed the file it locked; lock the one now there
    try:
        yield
    finally:
        if waited is not None:
            with suppress(OSError):
                os.unlink(path)  # while still held, so no one locks a file that is no longer there
        os.close(fd)


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except PermissionError:
        try:  # a lock file another user made: a lock needs no write access to it
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store's write lock ({exc.strerror})") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store's write lock ({exc.strerror})") from None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def _lock(fd: int, store: Path, on_wait: Callable[[str], None] | None) -> bool | None:
    """Lock fd: False when it was free, True after waiting for it, None when the filesystem keeps no locks."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        pass
    except OSError as exc:
        if exc.errno in _NO_LOCKS:
            return None
        raise StoreError(f"{store}: cannot take the store's write lock ({exc.strerror})") from None
    if on_wait is not None:
        on_wait(f"waiting for another writer of {store} to finish")
    fcntl.flock(fd, fcntl.LOCK_EX)  # interrupted by Ctrl-C as any wait is
    return True
