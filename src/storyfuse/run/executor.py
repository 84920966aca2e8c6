"""Where per-article work runs: in this process, in forked worker processes, or on a Ray cluster.

One small interface, `Executor.submit(fn, *args) -> Pending`, and one way to get results back in the
order the work was given (`InOrder`, and `map_in_order` over it). The caller decides what is worth
sending away; an executor only runs it. Ray's own executor (`storyfuse.run.ray_executor`) also reads
input shards on the cluster, since shipping every document through the driver would make it the
bottleneck.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from typing import Any, Generic, Protocol, TypeVar

from storyfuse.errors import StoryfuseError

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
J = TypeVar("J")

EXECUTORS = ("inline", "process", "ray")
_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies

log = logging.getLogger(__name__)


class Pending(Protocol[R_co]):
    """A result on its way: multiprocessing's AsyncResult, a Ray reference, or one computed already."""

    def ready(self) -> bool: ...

    def get(self) -> R_co: ...


class Done(Generic[R]):
    """A result computed already (in this process)."""

    def __init__(self, value: R) -> None:
        self.value = value

    def ready(self) -> bool:
        return True

    def get(self) -> R:
        return self.value


class Executor(Protocol):
    """Runs functions of one article (or one batch) somewhere; `workers` say how many run at once."""

    name: str
    workers: int

    def submit(self, fn: Callable[..., R], *args: Any) -> Pending[R]: ...

    def close(self) -> None:
        """Wait for what was submitted and release the workers."""

    def terminate(self) -> None:
        """Stop at once (on an error): what is in flight is lost."""


class Inline:
    """Runs each function when it is submitted, in this process."""

    name = "inline"
    workers = 0

    def submit(self, fn: Callable[..., R], *args: Any) -> Pending[R]:
        return Done(fn(*args))

    def close(self) -> None:
        pass

    def terminate(self) -> None:
        pass


def _start_worker(parent: int) -> None:
    """Ctrl-C is the main process's to handle (it stops the workers); a worker would only print a
    traceback of its own. A worker dies with the process that forked it, even when that one is killed
    (SIGKILL gives it no chance to stop its pool): Linux's PR_SET_PDEATHSIG, else a worker would finish
    its queue for nothing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl here: workers end with their queue, as before
        return
    if os.getppid() != parent:  # the parent died before the call took effect
        os._exit(1)


def worker_pool(workers: int) -> Pool:
    """Forked workers (see `preparation.worker_count`) that leave Ctrl-C to this process and die with it."""
    context = multiprocessing.get_context("fork")
    return context.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),))


class Processes:
    """Forked worker processes on this machine; the pool starts at the first submission."""

    name = "process"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: Pool | None = None

    def submit(self, fn: Callable[..., R], *args: Any) -> Pending[R]:
        if self.pool is None:
            self.pool = worker_pool(self.workers)
        return self.pool.apply_async(fn, args)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def terminate(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None


class InOrder(Generic[J, R]):
    """Results handed back in the order their work was queued, however the workers finish.

    Each entry is a key the caller keeps (its document, its batch) and a Pending result or a plain
    value. `lost(key, exc)` stands in for a result that could not come back from its worker.
    """

    def __init__(self, lost: Callable[[J, Exception], R]) -> None:
        self.queue: deque[tuple[J, Pending[R] | R, bool]] = deque()
        self.lost = lost

    def __len__(self) -> int:
        return len(self.queue)

    def put(self, key: J, pending: Pending[R]) -> None:
        self.queue.append((key, pending, True))

    def put_value(self, key: J, value: R) -> None:
        self.queue.append((key, value, False))

    def ready(self, keep: int) -> Iterator[tuple[J, R]]:
        """Results at the head of the queue: those done, and any beyond `keep` still in flight."""
        while self.queue:
            key, entry, pending = self.queue[0]
            value: R
            if pending:
                result: Pending[R] = entry  # type: ignore[assignment]
                if len(self.queue) <= keep and not result.ready():
                    return
                try:
                    value = result.get()
                except Exception as exc:  # the worker's result could not come back (e.g. not picklable)
                    log.debug("a result could not come back from its worker", exc_info=exc)
                    value = self.lost(key, exc)
            else:
                value = entry  # type: ignore[assignment]
            self.queue.popleft()
            yield key, value


def map_in_order(
    executor: Executor,
    fn: Callable[[J], R],
    jobs: Iterable[J],
    *,
    in_flight: int,
    lost: Callable[[J, Exception], R],
) -> Iterator[R]:
    """`fn` of each job, in the jobs' order, with at most `in_flight` jobs handed out ahead; jobs are read
    only as workers need them."""
    results: InOrder[J, R] = InOrder(lost)
    for job in jobs:
        results.put(job, executor.submit(fn, job))
        for _, value in results.ready(in_flight):
            yield value
    for _, value in results.ready(0):
        yield value


def open_executor(name: str, *, workers: int, address: str | None = None) -> Executor:
    """The executor a run names: `inline`, `process` (forked workers) or `ray` (at `address`, else a
    local Ray). Ray is an optional extra; asking for it without it installed says how to get it."""
    if address is not None and name != "ray":
        raise StoryfuseError("--ray-address needs --executor ray")
    if name == "inline":
        return Inline()
    if name == "process":
        return Processes(workers) if workers else Inline()
    if name == "ray":
        from storyfuse.run.ray_executor import RayExecutor

        return RayExecutor(address)
    raise StoryfuseError(f"unknown executor {name!r}: choose one of {', '.join(EXECUTORS)}")


@contextmanager
def running(name: str, *, workers: int, address: str | None = None) -> Iterator[Executor]:
    """`open_executor` for the length of a command: a local Ray it started is stopped at the end."""
    executor = open_executor(name, workers=workers, address=address)
    try:
        yield executor
    finally:
        getattr(executor, "shutdown", executor.terminate)()
