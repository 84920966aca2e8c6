"""Prepared articles reach the linker by publication day, then input order, through a bounded window,
on every executor; the stories do not depend on the order the inputs came in."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from helpers import fictional_article, run_cli
from storyfuse import preparation
from storyfuse.link.features import ArticleFeatures
from storyfuse.link.minhash import Shingles
from storyfuse.model import Article
from storyfuse.preparation import LinkingOrder, LinkInput
from storyfuse.run import linking
from storyfuse.store import Store


def _item(name: str, day: int | None) -> LinkInput:
    article = Article(id=name, origin=name, format="text", content_hash=name, title=None, body=["x"])
    features = ArticleFeatures(id=name, embedding=np.zeros(2, dtype=np.float32), day=day)
    return LinkInput(article, features, Shingles.of("x"))


def _through(order: LinkingOrder, days: list[int | None]) -> list[str]:
    out = [i.article.id for n, d in enumerate(days) for i, _ in order.put(_item(str(n), d), "")]
    return out + [i.article.id for i, _ in order.finish()]


def test_the_window_hands_articles_on_by_day_then_input_order() -> None:
    days = [5, 3, None, 3, 9, 1, None, 5]
    # the undated go with the dated article before them (2 with 3, 6 with 1); ties keep input order
    assert _through(LinkingOrder(16), days) == ["5", "6", "1", "2", "3", "0", "7", "4"]


def test_a_full_window_lets_the_earliest_go_and_no_window_is_input_order() -> None:
    days = [4, 3, 2, 1]
    assert _through(LinkingOrder(2), days) == ["1", "2", "3", "0"]  # 0 waits; the rest leave at once
    assert _through(LinkingOrder(0), days) == ["0", "1", "2", "3"]
    assert len(_through(LinkingOrder(3), list(range(100, 0, -1)))) == 100


def _pile(path: Path, numbers: list[int]) -> None:
    rows = [{"url": f"https://wire.example/{i}", "published": f"2031-03-{1 + (i * 7) % 20:02d}",
             "text": fictional_article(i)} for i in numbers]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def test_every_executor_links_by_publication_day_and_shuffled_inputs_give_the_same_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = list(range(24))
    shuffled = list(numbers)
    random.Random(3).shuffle(shuffled)
    _pile(tmp_path / "pile.jsonl", numbers)
    _pile(tmp_path / "shuffled.jsonl", shuffled)
    monkeypatch.setattr(preparation, "PARALLEL_AFTER", 4)  # so that the process executor forks workers
    monkeypatch.setenv("STORYFUSE_WORKERS", "2")
    linked: list[str] = []
    store_batch = linking.Linker.store_batch

    def recorded(self: linking.Linker, batch: Any) -> int:
        linked.extend(item.article.url for item, _ in batch)
        return store_batch(self, batch)

    monkeypatch.setattr(linking.Linker, "store_batch", recorded)

    def run(pile: str, executor: str) -> tuple[list[str], set[frozenset[str]], list[dict[str, Any]]]:
        linked.clear()
        db = tmp_path / f"{pile}-{executor}.db"
        result = run_cli(capsys, "ingest", str(tmp_path / f"{pile}.jsonl"), "--db", str(db),
                         "--executor", executor)
        assert result.code == 0, result.err
        with Store(db, readonly=True) as store:
            states = sorted(store.story_states(None))
            urls = {a.id: a.url for a in store.articles(store.recent_article_ids(100))}
            members = {frozenset(urls[a] for a in store.story_article_ids(s)) for s, _ in states}
            stories = [store.story(s).to_json() for s, _ in states]  # type: ignore[union-attr]
        return list(linked), members, stories

    order, members, stories = run("pile", "inline")
    day = {f"https://wire.example/{i}": (1 + (i * 7) % 20, i) for i in numbers}
    assert order == sorted(order, key=day.__getitem__) != sorted(order, key=lambda u: day[u][1])
    assert run("pile", "process") == (order, members, stories)
    shuffled_order, shuffled_members, shuffled_stories = run("shuffled", "inline")
    assert run("shuffled", "process") == (shuffled_order, shuffled_members, shuffled_stories)
    # in another input order, ties of a day are linked in that order; the stories are the same ones
    assert [day[u][0] for u in shuffled_order] == [day[u][0] for u in order]
    assert shuffled_members == members and len(members) >= 3
