"""`--executor ray`: the same stories as the default executor, a killed worker costs no article, and a
two-node cluster runs an ingest to completion. Ray starts once for the module (2 CPUs)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import fictional_article, write_articles
from storyfuse import preparation
from storyfuse.pipeline import ingest
from storyfuse.store import Store
from storyfuse.store.open import open_store

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.slow  # Ray's start and its actors' model loads: seconds, not milliseconds

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    yield
    ray.shutdown()


@pytest.fixture
def ray_executor(local_ray: None) -> Iterator[Any]:
    from storyfuse.run.ray_executor import RayExecutor

    executor = RayExecutor()
    yield executor
    executor.shutdown()  # releases its actors; the session's Ray keeps running


def _html(i: int) -> str:
    title, *paragraphs = fictional_article(i).strip().split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


def write_warc(path: Path, numbers: range) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for i in numbers:
            headers = [("Content-Type", "text/html; charset=utf-8")]
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://news.example/{i}",
                "response",
                payload=io.BytesIO(_html(i).encode()),
                http_headers=http,
                warc_headers_dict={"WARC-Date": f"2031-03-{1 + i % 28:02d}T08:00:00Z"},
            )
            writer.write_record(record)


def write_jsonl(path: Path, numbers: range) -> None:
    rows = [
        {"id": f"wire-{i}", "url": f"https://wire.example/{i}", "published": f"2031-03-{1 + i % 28:02d}",
         "text": fictional_article(i)}
        for i in numbers
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def shard_set(folder: Path) -> list[str]:
    """A text directory, two WARC shards (one gzipped), three JSONL shards, a copy and a bad path."""
    write_articles(folder / "texts", 10)
    (folder / "texts" / "menu.txt").write_text("Home | World | Sport\n")  # no article in it
    write_warc(folder / "crawl-0.warc", range(10, 18))
    write_warc(folder / "crawl-1.warc.gz", range(18, 26))
    for k in range(3):
        write_jsonl(folder / f"wire-{k}.jsonl", range(26 + 6 * k, 32 + 6 * k))
    (folder / "again.txt").write_text(fictional_article(3))  # the same content as texts/article_0003
    return [str(folder / "texts"), str(folder / "crawl-0.warc"), str(folder / "crawl-1.warc.gz"),
            *(str(folder / f"wire-{k}.jsonl") for k in range(3)), str(folder / "again.txt"),
            str(folder / "missing.jsonl")]


def stored(db: Path | str, synthesised: bool = True) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """(origin, article id) of every article, and the JSON of every story, in id order."""
    with open_store(db, readonly=True) as store:
        ids = store.recent_article_ids(10_000)
        articles = sorted((a.origin, a.id) for a in store.articles(ids))
        story_ids = sorted(s for s, _ in store.story_states(None))
        stories = [store.story(s).to_json() for s in story_ids] if synthesised else []  # type: ignore[union-attr]
    return articles, stories


def test_ray_stores_the_stories_and_story_json_the_default_executor_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ray_executor: Any
) -> None:
    paths = shard_set(tmp_path / "in")
    monkeypatch.setattr(preparation, "PARALLEL_AFTER", 4)  # the spaCy pass goes to workers too
    monkeypatch.setenv("STORYFUSE_WORKERS", "2")

    with Store(tmp_path / "process.db") as store:
        by_processes = ingest(store, paths)
    with Store(tmp_path / "ray.db") as store:
        by_ray = ingest(store, paths, executor=ray_executor)

    assert (by_ray.added, by_ray.duplicates) == (by_processes.added, by_processes.duplicates) == (44, 1)
    # the same problems (a reading problem is told at once, a preparation's when its outcome is in)
    assert sorted(map(str, by_ray.problems)) == sorted(map(str, by_processes.problems))
    assert len(by_ray.problems) == 2  # the menu and the missing shard
    articles, stories = stored(tmp_path / "ray.db")
    assert (articles, stories) == stored(tmp_path / "process.db")
    assert len(stories) >= 3 and all(story["articles"] for story in stories)
    assert {origin.rsplit("#", 1)[0].rsplit("/", 1)[-1] for origin, _ in articles} >= {
        "crawl-0.warc", "crawl-1.warc.gz", "wire-0.jsonl", "wire-2.jsonl"
    }


def test_with_a_server_store_ray_tasks_write_the_stories_themselves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, ray_executor: Any
) -> None:
    from conftest import new_store_address
    from storyfuse.run import synthesis

    write_articles(tmp_path / "in", 15)
    with Store(tmp_path / "process.db") as store:
        ingest(store, [str(tmp_path / "in")])
    url = new_store_address("postgresql", request, tmp_path)

    def not_here(*args: object) -> None:  # the driver synthesises nothing: the tasks do, and write
        raise AssertionError("a story was synthesised in the driver")

    monkeypatch.setattr(synthesis, "synthesised", not_here)
    with open_store(url) as store:
        report = ingest(store, [str(tmp_path / "in")], executor=ray_executor)
    assert report.added == 15 and report.stories_changed >= 3
    articles, stories = stored(url)
    assert (articles, stories) == stored(tmp_path / "process.db")
    with open_store(url, readonly=True) as store:
        assert store.dirty_story_ids() == []


def test_in_turn_writes_in_the_order_of_submission_whatever_order_computations_end(
    tmp_path: Path, ray_executor: Any
) -> None:
    from storyfuse.run.executor import map_in_order

    # defined here, so that Ray's workers get them by value (this test module is not importable there)
    def late_for_the_early(job: tuple[str, int]) -> int:
        """The job's number, later the earlier the job (computations end in reverse order); the first
        attempt at job 2 fails (its marker file is there), as a bug on one machine would."""
        import time

        folder, n = job
        marker = Path(folder) / "fail-2"
        if n == 2 and marker.exists():
            marker.unlink()
            raise RuntimeError("job 2 fails once")
        time.sleep(0.3 * (4 - n))
        return n

    def append(job: tuple[str, int], computed: int) -> int:
        with open(Path(job[0]) / "written", "a") as fh:
            fh.write(f"{computed}\n")
        return computed

    (tmp_path / "fail-2").touch()
    jobs = [(str(tmp_path), n) for n in range(5)]
    results = list(map_in_order(ray_executor.in_turn(append), late_for_the_early, jobs, in_flight=4,
                                lost=lambda job, exc: -1))
    assert results == [0, 1, 2, 3, 4]  # job 2 computed again by its writer, not lost
    assert (tmp_path / "written").read_text().split() == ["0", "1", "2", "3", "4"]
    assert not (tmp_path / "fail-2").exists()


def test_on_a_cluster_with_gpus_the_actors_and_map_batches_ask_for_a_share(
    local_ray: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyfuse.run.ray_executor import RayExecutor

    plain = RayExecutor()
    assert (plain.workers, plain.gpus) == (2, 0.0) and "num_gpus" not in plain.map_options()
    nodes = [{"Alive": True, "Resources": {"CPU": 2.0, "GPU": 1.0}}]
    monkeypatch.setattr(ray, "nodes", lambda: nodes)  # as if this Ray had a GPU
    monkeypatch.setenv("STORYFUSE_GPU_SHARE", "0.5")
    with_gpu = RayExecutor()
    assert (with_gpu.workers, with_gpu.gpus) == (2, 0.5)
    assert with_gpu.map_options()["num_gpus"] == 0.5


GPU_SCRIPT = """
import sys
import ray
from storyfuse.run.ray_executor import RayExecutor
from storyfuse.link.event_model import lead_spec

ray.init(num_cpus=2, num_gpus=1, include_dashboard=False, logging_level="ERROR")  # a GPU in name only
executor = RayExecutor()

def gpu_of(doc, article_id, digest, lead):  # in place of the preparation: which GPU the actor holds
    return tuple(ray.get_gpu_ids())

prepared = [outcome for _, outcome in executor.prepared_inputs([sys.argv[1]], lead_spec("fast"), gpu_of)]
submitted = executor.submit(lambda: tuple(ray.get_gpu_ids())).get()
print(executor.workers, executor.gpus, len(prepared), len({g for g in prepared if g}), bool(submitted))
executor.shutdown()
"""


def test_on_a_local_ray_with_a_gpu_the_actors_hold_a_share_of_it(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 6)
    env = {**os.environ, "STORYFUSE_PROFILE": "fast", "STORYFUSE_GPU_SHARE": "0.25"}
    done = subprocess.run(
        [sys.executable, "-c", GPU_SCRIPT, str(tmp_path / "in")],
        capture_output=True, text=True, env=env, timeout=600, cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    workers, share, prepared, gpus, submitted = done.stdout.split()[-5:]
    assert (workers, share, prepared, gpus, submitted) == ("2", "0.25", "6", "1", "True")


def _descends_from_this_process(pid: int) -> bool:
    """Whether the process is one this test process started, at any depth (its Ray's workers are)."""
    while pid > 1:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                pid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            return False
        if pid == os.getpid():
            return True
    return False


def _map_workers() -> list[int]:
    """Pids of the actor processes this session's Ray prepares documents in (never another Ray's)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    command = fh.read()
            except OSError:
                continue
            ours = b"MapWorker" in command and b"_PrepareRun" in command
            if ours and _descends_from_this_process(int(entry)):
                pids.append(int(entry))
    return pids


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="finds Ray's workers in /proc (Linux)")
def test_a_worker_killed_mid_run_costs_no_article_and_none_twice(tmp_path: Path, ray_executor: Any) -> None:
    write_articles(tmp_path / "in", 120)
    killed: list[int] = []

    def kill_a_worker(_: int) -> None:  # at the first document back, while the other shards are in flight
        if not killed and (workers := _map_workers()):
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    db = tmp_path / "s.db"
    from storyfuse.errors import StoryfuseError

    with Store(db) as store:
        try:
            report = ingest(store, [str(tmp_path / "in")], executor=ray_executor, progress=kill_a_worker,
                            synthesise=False)
            first = report.added
        except StoryfuseError as exc:  # the run failed cleanly: what it linked is stored
            assert "run the same ingest again" in str(exc)
            first = -1
    assert killed
    with Store(db) as store:
        again = ingest(store, [str(tmp_path / "in")], executor=ray_executor, synthesise=False)
    articles, _ = stored(db, synthesised=False)
    assert len(articles) == 120 and len({origin for origin, _ in articles}) == 120
    assert again.added + again.duplicates == 120
    if first >= 0:  # Ray retried the lost shard: the first run stored everything
        assert (first, again.added) == (120, 0)


CLUSTER_SCRIPT = """
import sys
from ray.cluster_utils import Cluster
from storyfuse.pipeline import ingest
from storyfuse.run.ray_executor import RayExecutor
from storyfuse.store import Store
from storyfuse.store.open import open_store

cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
cluster.add_node(num_cpus=1)
cluster.wait_for_nodes()
executor = RayExecutor(address=cluster.address)
nodes = len([n for n in __import__("ray").nodes() if n["Alive"]])
with Store(sys.argv[2]) as store:
    report = ingest(store, [sys.argv[1]], executor=executor)
    stories = len(store.story_states(None))
executor.shutdown()
__import__("ray").shutdown()
cluster.shutdown()
print(nodes, executor.workers, report.added, stories)
"""


def test_a_two_node_cluster_on_one_machine_runs_an_ingest_to_completion(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 24)
    env = {**os.environ, "STORYFUSE_PROFILE": "fast"}
    done = subprocess.run(
        [sys.executable, "-c", CLUSTER_SCRIPT, str(tmp_path / "in"), str(tmp_path / "s.db")],
        capture_output=True, text=True, env=env, timeout=600, cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    nodes, workers, added, stories = map(int, done.stdout.split()[-4:])
    assert (nodes, workers, added) == (2, 2, 24) and stories >= 3
