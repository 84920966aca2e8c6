"""Timelines: dates merged across articles, background kept apart, one sentence from the articles each."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import dated_article
from storyfuse.analyse import analyse
from storyfuse.model import Article, TimelineEntry
from storyfuse.synthesise.timeline import build_timeline

pytestmark = pytest.mark.slow


def timeline(articles: list[Article], max_dates: int | None = None) -> list[TimelineEntry]:
    return build_timeline(articles, analyse(articles), max_dates=max_dates)


BRIDGE = [
    dated_article(
        "north",
        "2031-03-14",
        "The Varnholm council voted on Friday to close the old harbour bridge for good.",
        "Engineers had reported cracks in two of its piers on Wednesday.",
        "The bridge opened in 1962 and was last repaired in 2004.",
    ),
    dated_article(
        "south",
        "2031-03-14",
        "Varnholm councillors decided on Friday to shut the harbour bridge permanently.",
        "Cracks in the piers were found on March 12, the council said.",
    ),
]


def test_same_day_in_other_words_is_one_entry_citing_both() -> None:
    entries = {e.date: e for e in timeline(BRIDGE)}
    assert entries["2031-03-12"].articles == ["north", "south"]  # "on Wednesday" and "on March 12"
    assert entries["2031-03-14"].articles == ["north", "south"]
    assert entries["2031-03-14"].granularity == "day"
    assert "harbour bridge" in entries["2031-03-14"].text
    assert sum(e.date == "2031-03-12" for e in timeline(BRIDGE)) == 1


def test_history_is_background_and_the_story_days_are_not() -> None:
    entries = {e.date: e for e in timeline(BRIDGE)}
    assert entries["1962"].background and entries["2004"].background
    assert entries["1962"].granularity == "year"
    assert "1962" in entries["1962"].text
    assert not entries["2031-03-12"].background and not entries["2031-03-14"].background


def test_entries_are_in_date_order_and_texts_come_from_the_articles() -> None:
    entries = timeline(BRIDGE)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    sentences = {s.text for an in analyse(BRIDGE) for s in an.sentences}
    assert all(e.text in sentences for e in entries)


def test_a_cap_keeps_the_days_most_articles_recall() -> None:
    follow_up = [
        dated_article(
            f"later{i}",
            f"2031-03-{16 + i:02d}",
            "Traffic in Varnholm is still disrupted since the bridge closed on March 14.",
            f"A ferry service was proposed on {day}.",
        )
        for i, day in enumerate(["Monday", "Tuesday", "Wednesday"])
    ]
    entries = timeline([*BRIDGE, *follow_up], max_dates=1)
    assert [e.date for e in entries] == ["2031-03-14"]


def test_a_day_still_recalled_weeks_later_outranks_one_only_the_next_days_report() -> None:
    # Two reports the next day each name March 3 (a warning); one article a month later recalls
    # March 1 (the landslide). Counted as articles both days tie on recall; weighed by how long
    # after they are recalled, the landslide wins.
    articles = [
        dated_article("quake", "2031-03-01", "A landslide buried the road to Ostervik on Saturday."),
        dated_article("warn-a", "2031-03-04", "Officials in Ostervik issued a new warning on March 3."),
        dated_article("warn-b", "2031-03-04", "A fresh warning for Ostervik was issued on March 3."),
        dated_article("inquiry", "2031-04-02", "An inquiry opened into the March 1 landslide in Ostervik."),
    ]
    entries = timeline(articles, max_dates=1)
    assert [e.date for e in entries] == ["2031-03-01"]


def test_a_day_only_published_on_is_told_by_its_articles_lead() -> None:
    quiet = [
        dated_article("quiet", "2031-05-02", "The regatta in Lindquay drew forty boats and large crowds.")
    ]
    (entry,) = timeline(quiet)
    assert entry.date == "2031-05-02" and entry.articles == ["quiet"]
    assert entry.text.startswith("The regatta in Lindquay")


def test_a_date_only_a_line_without_its_full_stop_mentions_is_no_entry() -> None:
    # a caption or a page line that names a day tells no event of it; the day the article tells stays
    captioned = [
        dated_article(
            "gallery",
            "2031-05-09",
            "The Lindquay regatta drew forty boats and large crowds on Saturday.",
            "Boats gather off the north quay at dawn on May 2 as the fog lifts over the bay",
        )
    ]
    entries = timeline(captioned)
    assert entries and "2031-05-02" not in [e.date for e in entries]
    assert all(e.text.endswith(".") for e in entries)


def test_the_day_a_span_ends_is_not_the_day_anything_happened() -> None:
    closed = [
        dated_article(
            "schools",
            "2031-04-28",
            "Varnholm closed all its schools on Tuesday until May 6 to slow the spread of the fever.",
            "The harbour will stay shut till 12 May, the council said.",
        )
    ]
    days = [e.date for e in timeline(closed)]
    assert days  # the day the schools closed stays
    assert "2031-05-06" not in days and "2031-05-12" not in days


@pytest.mark.shared
def test_seed_story_timeline(seeds_dir: Path, tmp_path: Path) -> None:
    from storyfuse.pipeline import ingest
    from storyfuse.store import Store

    store = Store(tmp_path / "seeds.db")
    ingest(store, [str(seeds_dir)])
    (row,) = list(store.list_stories())
    story = store.story(row.id)
    assert story is not None
    entries = {e.date: e for e in story.timeline}
    assert not entries["2022-01-21"].background and len(entries["2022-01-21"].articles) >= 4
    assert not entries["2022-01-10"].background
    assert "January 10" in entries["2022-01-10"].text or "11 days" in entries["2022-01-10"].text
    for history in ("2014", "2019"):
        assert entries[history].background
    assert any(d.startswith("2021-06") and e.background for d, e in entries.items())
    assert "2022-05-27" not in entries and "2021-06-18" not in entries
    assert all(e.articles for e in story.timeline)
