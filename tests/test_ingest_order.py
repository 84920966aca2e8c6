"""The stories do not depend on the order the articles came in (linking regroups the run's days)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from helpers import store_contents
from storyfuse.pipeline import ingest
from storyfuse.present.cli import examples_dir
from storyfuse.store import Store


def _partition(db: Path, order: list[Path], profile: str) -> set[frozenset[str]]:
    with Store(db) as store:
        report = ingest(store, [str(p) for p in order], synthesise=False, profile=profile)
        assert report.added == 13 and not report.problems
    return set(store_contents(db)[2])


@pytest.mark.parametrize("profile", ["default", "fast"])
def test_the_examples_form_the_same_stories_in_any_input_order(tmp_path: Path, profile: str) -> None:
    files = sorted(examples_dir().iterdir())
    orders = [files, files[::-1]]
    shuffled = list(files)
    random.Random(7).shuffle(shuffled)
    orders.append(shuffled)
    found = [_partition(tmp_path / f"{i}.db", order, profile) for i, order in enumerate(orders)]
    assert found[0] == found[1] == found[2]
    assert len(found[0]) >= 5  # not everything in one story: the examples hold several events


def test_the_stories_are_the_models_events_whatever_streaming_decided(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Streaming makes provisional stories in arrival order; the regrouping at the end of the run
    # decides. Even when streaming puts every article into one story, the run ends with the same
    # stories as when it does not.
    from storyfuse.link.cluster import StreamingClusterer

    files = sorted(examples_dir().iterdir())
    expected = _partition(tmp_path / "plain.db", files, "fast")
    add = StreamingClusterer.add

    def join_anything(self: StreamingClusterer, *args: object, **kwargs: object) -> str:
        self.join_threshold = self.merge_threshold = -1e9
        return add(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(StreamingClusterer, "add", join_anything)
    assert _partition(tmp_path / "one.db", files[::-1], "fast") == expected
    assert len(expected) >= 5


class _Killed(BaseException):
    """Stands for a SIGKILL: nothing after it runs, and the transaction it interrupts is rolled back."""


def test_a_run_killed_before_its_regroup_is_regrouped_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run can store every batch and die before its regroup (with the linking-order window its
    # batches all come at the end): the next run, even with nothing new to link, must form those
    # days' events again, or the store keeps the streaming linker's provisional stories for good.
    from storyfuse.link.cluster import StreamingClusterer
    from storyfuse.run import linking

    files = [str(p) for p in sorted(examples_dir().iterdir())]
    expected = _partition(tmp_path / "plain.db", [Path(f) for f in files], "fast")
    add, regroup = StreamingClusterer.add, linking.Linker.regroup

    def join_anything(self: StreamingClusterer, *args: object, **kwargs: object) -> str:
        self.join_threshold = self.merge_threshold = -1e9  # provisional stories unlike the events
        return add(self, *args, **kwargs)  # type: ignore[arg-type]

    def killed(self: linking.Linker) -> None:
        raise _Killed

    monkeypatch.setattr(StreamingClusterer, "add", join_anything)
    monkeypatch.setattr(linking.Linker, "regroup", killed)
    db = tmp_path / "killed.db"
    with Store(db) as store, pytest.raises(_Killed):
        ingest(store, files, synthesise=False, profile="fast")
    assert sum(len(s) for s in store_contents(db)[2]) == 13  # every batch was stored, then the kill
    assert len(store_contents(db)[2]) == 1  # as streaming left them
    monkeypatch.setattr(linking.Linker, "regroup", regroup)
    with Store(db) as store:
        assert store.pending_regroup() is not None
        report = ingest(store, files, synthesise=False, profile="fast")
        assert report.added == 0 and report.duplicates == 13
        assert store.pending_regroup() is None
    assert set(store_contents(db)[2]) == expected


def _stories(db: Path, order: list[Path]) -> dict[frozenset[str], dict[str, object]]:
    """Each story's JSON without its id, by its articles: the ids of stories a run creates follow the
    provisional stories of its arrival order (an id, once given, stays with its story)."""
    with Store(db) as store:
        report = ingest(store, [str(p) for p in order], profile="fast")
        assert report.added == 13 and not report.problems
        stories = {}
        for listing in store.list_stories():
            story = store.story(listing.id)
            assert story is not None
            content = story.to_json()
            del content["id"]
            stories[frozenset(a.id for a in story.articles)] = content
    return stories


def test_the_same_articles_make_the_same_stories_in_any_input_order(tmp_path: Path) -> None:
    # Not only the partition: citations number the articles, the quote and figure lists are built in
    # their order; a story's articles are read by day and id, never in the order they came in.
    files = sorted(examples_dir().iterdir())
    forward, backward = _stories(tmp_path / "a.db", files), _stories(tmp_path / "b.db", files[::-1])
    assert forward.keys() == backward.keys()
    for members, story in forward.items():
        assert story == backward[members], sorted(members)
    many = [s for s in forward.values() if len(s["articles"]) > 1]  # type: ignore[arg-type]
    assert many  # stories of several articles, whose order could have differed
    for story in many:
        days = [a["published"] or "9999" for a in story["articles"]]  # type: ignore[attr-defined, union-attr]
        assert days == sorted(days)
