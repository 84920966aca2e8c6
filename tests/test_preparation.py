"""Preparation in worker processes gives exactly what preparation in the ingest process gives."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from helpers import write_articles
from storyfuse import preparation
from storyfuse.pipeline import ingest
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

    monkeypatch.setattr(preparation.multiprocessing, "get_context", CountingContext)
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
    monkeypatch.setattr("storyfuse.pipeline.ANALYSIS_BATCH", 2)  # five batches, several in flight

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
