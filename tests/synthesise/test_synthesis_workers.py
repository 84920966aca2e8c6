"""Many stories are synthesised in worker processes (run.synthesis._synthesis_pool), and come out the same as
when this process synthesises them one after another."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from helpers import write_articles
from storyfuse.pipeline import ingest
from storyfuse.run import synthesis
from storyfuse.run.executor import open_executor
from storyfuse.run.synthesis import synthesise_dirty
from storyfuse.store import Store


class Phases:
    """A progress display that keeps, per phase, the total it was told and the count it got."""

    def __init__(self) -> None:
        self.current = ""
        self.totals: dict[str, int | None] = {}
        self.counts: dict[str, int] = {}

    def __call__(self, n: int) -> None:
        self.counts[self.current] = self.counts.get(self.current, 0) + n

    def phase(self, name: str, total: int | None) -> None:
        self.current, self.totals[name] = name, total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_stories_synthesised_in_workers_are_those_synthesised_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synthesis, "PARALLEL_STORIES", 3)  # the fixture's stories are few and short
    write_articles(tmp_path / "in", 24)
    with Store(tmp_path / "a.db") as store:
        ingest(store, [str(tmp_path / "in")], synthesise=False)
        stories = store.dirty_story_ids()
    assert len(stories) > synthesis.PARALLEL_STORIES  # enough for workers
    shutil.copy(tmp_path / "a.db", tmp_path / "b.db")
    written = {}
    for name, executor in (("a.db", open_executor("inline", workers=0)), ("b.db", None)):
        with Store(tmp_path / name) as store:
            progress = Phases()
            if executor is None:  # forked workers of its own: two, whatever the machine
                executor = open_executor("process", workers=2)
            assert synthesise_dirty(store, progress=progress, executor=executor) == len(stories)
            executor.terminate()
            # each phase says its total, and counts up to it
            assert progress.totals == {"analysing": 24, "synthesising": len(stories)}
            assert progress.counts == progress.totals
            written[name] = [store.story(s).to_json() for s in stories]  # type: ignore[union-attr]
    assert written["a.db"] == written["b.db"]
