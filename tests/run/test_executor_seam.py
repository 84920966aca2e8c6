"""The executor seam: every executor gives the same results in the order the work was given."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from helpers import run_cli, write_articles
from storyfuse.errors import StoryfuseError
from storyfuse.run.executor import Inline, Processes, map_in_order, open_executor
from storyfuse.store import Store


def _slow_square(n: int) -> tuple[int, int]:
    """n², late for the early jobs so that workers finish out of order; and the worker's pid."""
    import time

    time.sleep(0.02 * (5 - n % 5))
    return n * n, os.getpid()


def _unpicklable(n: int) -> object:
    return threading.Lock() if n == 3 else n  # a lock cannot come back from a worker


def test_results_come_back_in_the_order_of_the_jobs_whoever_ran_them() -> None:
    inline = list(map_in_order(Inline(), _slow_square, range(12), in_flight=4, lost=lambda j, e: (-1, 0)))
    pool = Processes(2)
    try:
        forked = list(map_in_order(pool, _slow_square, range(12), in_flight=4, lost=lambda j, e: (-1, 0)))
    finally:
        pool.close()
    assert [r for r, _ in inline] == [r for r, _ in forked] == [n * n for n in range(12)]
    assert {pid for _, pid in inline} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in forked}


def test_a_result_that_cannot_come_back_is_the_callers_stand_in() -> None:
    pool = Processes(2)
    try:
        results = list(map_in_order(pool, _unpicklable, range(5), in_flight=2, lost=lambda job, exc: -job))
    finally:
        pool.close()
    assert results == [0, 1, 2, -3, 4]


def test_the_executor_a_run_names() -> None:
    assert isinstance(open_executor("inline", workers=4), Inline)
    assert isinstance(open_executor("process", workers=0), Inline)  # STORYFUSE_WORKERS=0: no workers
    assert open_executor("process", workers=3).workers == 3
    with pytest.raises(StoryfuseError, match="--ray-address needs --executor ray"):
        open_executor("process", workers=2, address="auto")
    with pytest.raises(StoryfuseError, match="unknown executor 'spark'"):
        open_executor("spark", workers=2)


def test_ingest_inline_stores_the_stories_the_worker_processes_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from storyfuse import preparation

    write_articles(tmp_path / "in", 12)
    monkeypatch.setattr(preparation, "PARALLEL_AFTER", 4)  # so that the process executor forks workers
    monkeypatch.setenv("STORYFUSE_WORKERS", "2")

    def stories(executor: str) -> list[dict[str, object]]:
        db = tmp_path / f"{executor}.db"
        result = run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(db), "--executor", executor)
        assert result.code == 0, result.err
        with Store(db, readonly=True) as store:
            return [store.story(s).to_json() for s, _ in sorted(store.story_states(None))]  # type: ignore[union-attr]

    assert stories("inline") == stories("process")


def test_ray_address_without_ray_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_articles(tmp_path / "in", 1)
    db = str(tmp_path / "s.db")
    result = run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", db, "--ray-address", "auto")
    assert result.code == 1 and result.err == "error: --ray-address needs --executor ray\n"
    assert not (tmp_path / "s.db").exists()


def test_ray_without_the_extra_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed: `import ray` fails
    write_articles(tmp_path / "in", 1)
    db = str(tmp_path / "s.db")
    result = run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", db, "--executor", "ray")
    assert result.code == 1
    assert result.err == "error: --executor ray needs Ray: pip install 'storyfuse[ray]'\n"
