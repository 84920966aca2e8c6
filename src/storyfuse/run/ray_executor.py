"""The Ray executor: a run's per-article work on a Ray cluster (the optional extra `storyfuse[ray]`).

Ray Data reads the input shards in parallel and prepares their documents in `map_batches` over an
actor pool, so each actor loads its models once and a document is read where it is prepared. The
driver takes the prepared documents back in input order (Ray Data's `preserve_order`), a few blocks at
a time: its streaming executor stops reading while the driver's linking falls behind, so no more than
a bounded window of the inputs is ever in memory. Other per-article work (the spaCy pass) goes to actors
of the same kind through `submit`. The linking stays in the driver, in order, as with every executor.
"""

from __future__ import annotations

import itertools
import logging
import math
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from storyfuse import settings
from storyfuse.errors import StoryfuseError
from storyfuse.model import InputProblem, RawDocument

if TYPE_CHECKING:
    from storyfuse.analyse import LeadSpec
    from storyfuse.preparation import Outcome
    from storyfuse.run.executor import Pending

# A document's preparation, as `preparation.link_input` does it; passed in by the caller, so that this
# module (below preparation) does not import it back.
Prepare = Callable[[RawDocument, str, str, "LeadSpec | None"], "Outcome"]

R = TypeVar("R")

SHARD_BYTES = 8 * 1024 * 1024  # small files are read together, up to this many bytes a shard
SHARD_FILES = 256  # and at most this many files
MAX_BLOCKS = 4096  # blocks of shards Ray Data schedules; beyond, a block holds several shards
OUT_BATCH = 16  # prepared documents an actor hands back at a time

log = logging.getLogger(__name__)


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise StoryfuseError("--executor ray needs Ray: pip install 'storyfuse[ray]'") from None
    return ray


class _Worker:
    """An actor's body: runs a function of the preparation; its models stay loaded between calls."""

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)


class _Prepare:
    """Ray Data's callable class over shards: reads each shard with storyfuse's own readers and
    prepares its documents, yielding them as they come (pickled: the driver wants the objects)."""

    lead: LeadSpec | None = None  # set on the subclass `prepared_inputs` makes for its run
    prepare: Prepare

    def __call__(self, batch: dict[str, Any]) -> Iterator[Any]:
        import pyarrow as pa

        from storyfuse.ingest import content_hash, read_inputs

        for paths, problem in zip(batch["paths"], batch["problem"], strict=True):
            items = [InputProblem(str(problem[0]), str(problem[1]))] if len(problem) else read_inputs(
                [str(p) for p in paths]
            )
            out: list[bytes] = []
            for item in items:
                outcome = None
                if isinstance(item, RawDocument):  # named by the driver when it keeps it
                    outcome = self.prepare(item, "", content_hash(item.content), self.lead)
                out.append(pickle.dumps((item, outcome), protocol=pickle.HIGHEST_PROTOCOL))
                if len(out) >= OUT_BATCH:
                    yield pa.table({"item": pa.array(out, type=pa.binary())})
                    out = []
            if out:
                yield pa.table({"item": pa.array(out, type=pa.binary())})


def shards(paths: Sequence[str], workers: int) -> list[dict[str, list[str]]]:
    """The inputs as shards in input order: runs of small files read together (enough runs to keep
    every worker busy), a large file alone, and a path that cannot be read as a shard of its own
    problem (so it is reported in its place)."""
    from storyfuse.ingest.files import expand_path

    items = [item for path in paths for item in expand_path(path)]  # names and sizes only
    files = sum(1 for item in items if not isinstance(item, InputProblem))
    per_shard = max(1, min(SHARD_FILES, math.ceil(files / (4 * workers))))
    out: list[dict[str, list[str]]] = []
    run: list[str] = []
    size = 0
    for item in items:
        problem = isinstance(item, InputProblem)
        grown = size + (0 if isinstance(item, InputProblem) else item.size or 0)
        if run and (problem or grown > SHARD_BYTES or len(run) >= per_shard):
            out.append({"paths": run, "problem": []})
            run, size = [], 0
        if isinstance(item, InputProblem):
            out.append({"paths": [], "problem": [item.origin, item.reason]})
        else:
            run.append(item.origin)
            size += item.size or 0
    if run:
        out.append({"paths": run, "problem": []})
    return out


class _RayPending:
    def __init__(self, ray: Any, ref: Any) -> None:
        self.ray = ray
        self.ref = ref

    def ready(self) -> bool:
        done, _ = self.ray.wait([self.ref], timeout=0, fetch_local=False)
        return bool(done)

    def get(self) -> Any:
        return self.ray.get(self.ref)


class _Failed:
    """Stands for a computation that raised on its actor: its writer computes it again, in its turn."""


FAILED = _Failed()


def _computed(compute: Callable[[Any], Any], job: Any) -> Any:
    try:
        return compute(job)
    except Exception as exc:
        log.debug("a computation failed on its actor; its writer does it again", exc_info=exc)
        return FAILED


def _write_in_turn(
    compute: Callable[[Any], Any], write: Callable[[Any, Any], R], job: Any, computed: Any, before: Any
) -> R:
    """`write` of a job's computed value; Ray starts it once the write `before` it has finished (its
    value is not read: only its end is waited for)."""
    return write(job, compute(job) if isinstance(computed, _Failed) else computed)


class InTurn:
    """An executor over the Ray executor's actors whose work has two steps: `submit(compute, job)`
    computes on the actors side by side, then `write(job, computed)` runs as a Ray task (anywhere on
    the cluster, next to the computed value) that starts only when the write submitted before it has
    finished. So a shared store receives the writes in the jobs' order, as from a sequential run, while
    the computing runs in parallel: what a write does may depend on the writes before it (a story's
    entities take the global ids of the stories written before). The Pending is the write's."""

    name = "ray"

    def __init__(self, executor: RayExecutor, write: Callable[[Any, Any], Any]) -> None:
        self.executor = executor
        self.workers = executor.workers
        # no CPU of its own: the actors hold every CPU of the cluster, and a write mostly waits on the store
        self.writer = executor.ray.remote(_write_in_turn).options(num_cpus=0)
        self.write = write
        self.last: Any = None  # the reference of the write submitted last

    def submit(self, fn: Callable[..., Any], *args: Any) -> Pending[Any]:
        (job,) = args
        computed = self.executor.remote(_computed, fn, job)
        self.last = self.writer.remote(fn, self.write, job, computed, self.last)
        return _RayPending(self.executor.ray, self.last)

    def close(self) -> None:
        self.last = None

    def terminate(self) -> None:
        self.last = None


def actor_resources(
    nodes: Sequence[Mapping[str, float]], share: float, workers: int | None = None
) -> tuple[int, float]:
    """How many actors run the preparation and the transformer passes, and the share of a GPU each asks
    for, from the alive nodes' resources: one actor per CPU (or `workers`) asking no GPU on a cluster
    without GPUs (or with `share` 0); where there are GPUs, each actor asks `share` of one, and only as
    many actors start as fit on their nodes by both CPUs and GPUs (an actor that fits nowhere would
    wait for ever, and the run with it)."""
    cpus = int(sum(node.get("CPU", 0) for node in nodes))
    gpus = sum(node.get("GPU", 0) for node in nodes)
    wanted = max(1, workers if workers is not None else cpus)
    if not share or not gpus:
        return wanted, 0.0
    fit = sum(min(int(node.get("CPU", 0)), int(node.get("GPU", 0) / share + 1e-9)) for node in nodes)
    return max(1, min(wanted, fit)), share


class RayExecutor:
    """Per-article work on Ray: at `address` (`auto`, `HOST:PORT`), else in the Ray this process has
    started, else on a local Ray started here (and stopped by `shutdown`). `workers`: actors, one CPU
    each; by default one per CPU of the cluster. On a cluster with GPUs each actor also asks for the
    settings' `run.gpu_share` of one (`actor_resources`)."""

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        self.ray = _ray()
        self.started = False
        if not self.ray.is_initialized():
            try:
                self.ray.init(
                    address=address, include_dashboard=False, logging_level=logging.ERROR
                )
            except (ConnectionError, ValueError, RuntimeError) as exc:
                where = address or "a new local cluster"
                raise StoryfuseError(f"cannot connect to Ray at {where}: {exc}") from None
            self.started = True
        nodes = [node["Resources"] for node in self.ray.nodes() if node.get("Alive")]
        self.workers, self.gpus = actor_resources(nodes, settings.active().run.gpu_share, workers)
        self.actors: list[Any] = []
        self.turn = itertools.count()

    def submit(self, fn: Callable[..., R], *args: Any) -> Pending[R]:
        return _RayPending(self.ray, self.remote(fn, *args))

    def remote(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` on the next actor in turn; its Ray object reference."""
        if not self.actors:
            actor = self.ray.remote(_Worker).options(
                num_cpus=1, num_gpus=self.gpus, max_restarts=-1, max_task_retries=-1
            )
            self.actors = [actor.remote() for _ in range(self.workers)]
        chosen = self.actors[next(self.turn) % len(self.actors)]
        return chosen.run.remote(fn, *args)

    def in_turn(self, write: Callable[[Any, Any], Any]) -> InTurn:
        """This executor's actors computing side by side, with each result written by `write` in the
        order of submission (`InTurn`)."""
        return InTurn(self, write)

    def close(self) -> None:
        """Release the actors (models and all); the next submission starts new ones."""
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []

    def terminate(self) -> None:
        self.close()

    def shutdown(self) -> None:
        """Stop the local Ray this executor started (a cluster it joined keeps running)."""
        self.close()
        if self.started:
            self.ray.shutdown()
            self.started = False

    def map_options(self) -> dict[str, Any]:
        """The options of the preparation's `map_batches`: one shard a batch, this executor's actors."""
        options = {
            "batch_size": 1,
            "batch_format": "numpy",
            "compute": self.ray.data.ActorPoolStrategy(size=self.workers),
            "num_cpus": 1,
        }
        if self.gpus:
            options["num_gpus"] = self.gpus
        return options

    def prepared_inputs(
        self, paths: Sequence[str], lead: LeadSpec | None, prepare: Prepare
    ) -> Iterator[tuple[RawDocument | InputProblem, Outcome]]:
        """Every document (or problem) of the inputs with its preparation (`prepare`), in input order."""
        from ray.data import DataContext

        work = shards(paths, self.workers)
        if not work:
            return
        context = DataContext.get_current()
        context.execution_options.preserve_order = True  # the linker takes them in input order
        context.enable_progress_bars = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # its per-run notices are not the user's
        # the lead spec travels with the class: constructor arguments would sit in the object store,
        # where a restarted actor may not find them
        run = type("_PrepareRun", (_Prepare,), {"lead": lead, "prepare": staticmethod(prepare)})
        blocks = min(len(work), MAX_BLOCKS)
        dataset = self.ray.data.from_items(work, override_num_blocks=blocks).map_batches(
            run, **self.map_options()
        )
        try:
            for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=1):
                for blob in batch.column("item").to_pylist():
                    yield pickle.loads(blob)
        except self.ray.exceptions.RayError as exc:
            log.debug("the Ray run failed", exc_info=exc)
            raise StoryfuseError(
                f"the Ray run failed ({type(exc).__name__}); what was linked is stored: run the same "
                "ingest again to finish it"
            ) from None
