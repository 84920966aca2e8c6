"""Preparation in worker processes gives exactly what preparation in the ingest process gives."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from helpers import fail_cleaning_on, run_cli, write_articles
from storyfuse import preparation
from storyfuse.pipeline import ingest
from storyfuse.run import executor
from storyfuse.store import Store


def _ingest(folder: Path, db: Path) -> tuple[dict[str, str], set[frozenset[str]], tuple[int, int, list[str]]]:
    with Store(db) as store:
        report = ingest(store, [str(folder)], synthesise=False)
        ids = {store.article(a).origin: a for a in store.recent_article_ids(100)}  # type: ignore[union-attr]
        stories = {frozenset(store.story_article_ids(s)) for s in store.dirty_story_ids()}
    problems = [p.origin.rsplit("/", 1)[-1] for p in report.problems]
    return ids, stories, (report.added, report.duplicates, problems)


def count_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the process pools `preparation` starts from now on."""
    started: list[int] = []
    real_context = multiprocessing.get_context

    class CountingContext:
        def __init__(self, method: str) -> None:
            self.context = real_context(method)

        def Pool(self, workers: int, **options: Any) -> Any:  # multiprocessing's name for it
            started.append(workers)
            return self.context.Pool(workers, **options)

    monkeypatch.setattr(executor.multiprocessing, "get_context", CountingContext)
    return started


def test_worker_processes_change_nothing_but_where_the_work_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    paths = write_articles(folder, 14)
    (folder / "article_0003_copy.txt").write_bytes(paths[3].read_bytes())  # same content, read later
    (folder / "menu.txt").write_text("Home | World | Sport\n")  # no article in it
    monkeypatch.setattr(preparation, "PARALLEL_AFTER", 4)  # so that this small run uses workers

    monkeypatch.setenv("STORYFUSE_WORKERS", "1")  # one core's worth: prepared in this process
    in_process = _ingest(folder, tmp_path / "one.db")

    started = count_pools(monkeypatch)
    monkeypatch.setenv("STORYFUSE_WORKERS", "2")
    in_workers = _ingest(folder, tmp_path / "two.db")

    assert started == [2]
    assert in_workers == in_process
    ids, _, (added, duplicates, problems) = in_process
    assert added == 14 and duplicates == 1 and problems == ["menu.txt"]
    assert not any("copy" in origin for origin in ids)


def test_the_spacy_pass_in_worker_processes_stores_what_it_stores_in_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 9)
    monkeypatch.setattr(preparation, "PARALLEL_AFTER", 100)  # linking stays in this process
    monkeypatch.setattr("storyfuse.run.synthesis.ANALYSIS_BATCH", 2)  # five batches, several in flight

    def analyses(db: Path) -> list[tuple[str, list[tuple[str, int, int]], list[tuple[str, str, int, int]]]]:
        with Store(db) as store:
            ingest(store, [str(folder)])
            ids = sorted(store.recent_article_ids(100))
            by_id = store.analyses(ids)
            return [
                (
                    store.article(a).origin,  # type: ignore[union-attr]
                    [(s.text, s.start, s.end) for s in by_id[a].sentences],
                    [(m.text, m.label, m.start, m.end) for m in by_id[a].mentions],
                )
                for a in ids
            ]

    monkeypatch.setenv("STORYFUSE_WORKERS", "2")
    in_process = analyses(tmp_path / "serial.db")  # 9 articles: not more than PARALLEL_AFTER

    pools = count_pools(monkeypatch)
    monkeypatch.setattr(preparation, "PARALLEL_AFTER", 4)
    in_workers = analyses(tmp_path / "parallel.db")

    assert pools == [2, 2]  # one pool prepares the articles for linking, one runs spaCy
    assert in_workers == in_process
    assert sum(len(mentions) for _, _, mentions in in_process) > 9


def test_a_document_that_fails_in_a_worker_is_one_warning_and_the_rest_is_ingested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from storyfuse.link.minhash import Shingles

    paths = write_articles(tmp_path / "in", 12)
    (tmp_path / "in" / "article_0009_copy.txt").write_bytes(paths[9].read_bytes())  # fails as 9 does
    fail_cleaning_on(monkeypatch, "number 9\n")  # the cleaners' error: BadInput in the worker
    real_shingles = Shingles.of

    def fragile_shingles(text: str) -> Shingles:  # any other error on one document, past cleaning
        if "Quint7 " in text:
            raise MemoryError
        return real_shingles(text)

    monkeypatch.setattr(Shingles, "of", staticmethod(fragile_shingles))
    monkeypatch.setattr(preparation, "PARALLEL_AFTER", 4)  # articles 4 on are prepared in workers
    monkeypatch.setenv("STORYFUSE_WORKERS", "2")
    pools = count_pools(monkeypatch)

    result = run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.db"), "--no-synthesis")
    assert pools == [2]
    assert result.code == 0 and "Traceback" not in result.err
    assert result.err.splitlines()[:3] == [
        f"warning: {paths[7]}: article could not be prepared",
        f"warning: {paths[9]}: article could not be cleaned",
        f"warning: {paths[9].with_name('article_0009_copy.txt')}: article could not be cleaned",
    ]
    assert result.err.splitlines()[3].startswith("10 new article(s), 0 already stored, 3 skipped")
    with Store(tmp_path / "s.db", readonly=True) as store:
        origins = {store.article(a).origin for a in store.recent_article_ids(100)}  # type: ignore[union-attr]
    assert origins == {str(p) for i, p in enumerate(paths) if i not in (7, 9)}

    strict = run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.db"), "--strict")
    assert strict.code == 1
    assert (
        strict.err == f"error: {paths[7]}: article could not be prepared (--strict: nothing was ingested)\n"
    )
    with Store(tmp_path / "t.db", readonly=True) as store:
        assert store.recent_article_ids(100) == []


def test_an_article_the_spacy_pass_fails_on_is_one_warning_and_kept_without_sentences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import storyfuse.analyse as analyse_stage
    from storyfuse.model import Article

    paths = write_articles(tmp_path / "in", 9)
    real = analyse_stage.sentences_and_mentions

    def fragile(articles: Any) -> Any:  # fails on any batch that holds article 5, as a spaCy bug would
        if any("number 5" in (a.title or "") for a in articles):
            raise ValueError("[E088] Text of length 1000001 exceeds maximum")
        return real(articles)

    monkeypatch.setattr(analyse_stage, "sentences_and_mentions", fragile)
    monkeypatch.setattr(preparation, "PARALLEL_AFTER", 4)  # the spaCy pass runs in workers
    monkeypatch.setattr("storyfuse.run.synthesis.ANALYSIS_BATCH", 2)  # article 5 shares its batch
    monkeypatch.setenv("STORYFUSE_WORKERS", "2")
    pools = count_pools(monkeypatch)

    db = tmp_path / "s.db"
    result = run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(db))
    assert pools == [2, 2]
    assert result.code == 0 and "Traceback" not in result.err and "E088" not in result.err
    assert result.err.splitlines()[0] == (
        f"warning: {paths[5]}: article could not be analysed (no sentences kept)"
    )
    with Store(db, readonly=True) as store:
        ids = store.recent_article_ids(100)
        articles: dict[str, Article] = {a.origin: a for a in store.articles(ids)}
        analyses = store.analyses(ids)
        assert store.pending_analysis_ids(ids) == [] and store.dirty_story_ids() == []
    assert analyses[articles[str(paths[5])].id].sentences == []
    assert all(analyses[articles[str(p)].id].sentences for i, p in enumerate(paths) if i != 5)

    strict = run_cli(capsys, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.db"), "--strict")
    assert strict.code == 1
    assert strict.err == (
        f"error: {paths[5]}: article could not be analysed (no sentences kept)"
        " (--strict: nothing was ingested)\n"
    )


def test_linking_runs_no_spacy(tmp_path: Path) -> None:
    """Linking reads spaCy's stop-word list but never imports spaCy, which costs ~1 s per ingest."""
    import subprocess
    import sys

    folder = tmp_path / "in"
    write_articles(folder, 3)
    script = (
        "import sys\n"
        "from storyfuse.pipeline import ingest\n"
        "from storyfuse.store import Store\n"
        f"with Store({str(tmp_path / 's.db')!r}) as store:\n"
        f"    report = ingest(store, [{str(folder)!r}], synthesise=False)\n"
        "print(report.added, 'spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["3", "False"]


def test_stop_words_are_spacys() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    from storyfuse.analyse.models import english_stop_words

    assert english_stop_words() == frozenset(STOP_WORDS)


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, dead but not yet reaped by whoever adopted it, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_die_with_the_process_that_forked_them_even_when_it_is_killed() -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from storyfuse.run.executor import worker_pool\n"
        "pool = worker_pool(2)\n"
        "pool.map_async(time.sleep, [60, 60], chunksize=1)\n"  # both busy, as in a run
        "time.sleep(0.5)\n"
        "print(' '.join(str(w.pid) for w in pool._pool), flush=True)\n"
        "time.sleep(600)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    workers = [int(pid) for pid in process.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    os.kill(process.pid, signal.SIGKILL)  # no chance to stop its pool
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [pid for pid in workers if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def test_the_spacy_pass_cuts_smaller_batches_when_too_few_would_leave_a_worker_idle() -> None:
    from storyfuse.run.synthesis import ANALYSIS_BATCH, MIN_ANALYSIS_BATCH, analysis_batch_size

    assert analysis_batch_size(80, 2) == 10  # eight batches for two workers, not one of 64 and one of 16
    assert analysis_batch_size(5000, 2) == ANALYSIS_BATCH
    assert analysis_batch_size(20, 2) == MIN_ANALYSIS_BATCH
    assert analysis_batch_size(80, 1) == ANALYSIS_BATCH  # one process: the batch is spaCy's alone
