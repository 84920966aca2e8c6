"""Reference dates of a story's articles: stated ones kept, missing or weak ones inferred from the story."""

from __future__ import annotations

from datetime import date

from helpers import text_article
from storyfuse.model import DateGuess
from storyfuse.synthesise.reference_date import period, story_dates

DATED = [
    text_article(
        "dated1",
        [
            "The Varnholm council voted on Friday March 14, 2031 to close the old harbour bridge.",
            "On Wednesday, engineers had reported cracks in two of its piers.",
        ],
        DateGuess("2031-03-14", "weekday+month", 0.8),
    ),
    text_article(
        "dated2",
        ["Councillors in Varnholm agreed on Friday to shut the harbour bridge for repairs."],
        DateGuess("2031-03-14", "html-meta", 0.9),
    ),
]


def test_stated_dates_stand_and_set_the_story_day() -> None:
    dates = story_dates(DATED)
    assert dates.of("dated1") == date(2031, 3, 14)
    assert dates.day == date(2031, 3, 14)
    assert dates.inferred == set()


def test_undated_article_takes_the_day_its_weekdays_agree_with() -> None:
    # Written the day after the vote: "yesterday" and "on Wednesday" only agree with the
    # siblings' days (the vote on the 14th, the cracks on the 12th) when read on the 15th.
    undated = text_article(
        "undated",
        [
            "The harbour bridge in Varnholm was closed yesterday after the council vote.",
            "Engineers had found cracks on Wednesday, the council said.",
        ],
    )
    dates = story_dates([*DATED, undated])
    assert dates.of("undated") == date(2031, 3, 15)
    assert "undated" in dates.inferred


def test_undated_article_without_cues_takes_the_story_day() -> None:
    plain = text_article(
        "plain", ["The harbour bridge in Varnholm will stay shut for repairs, the council said."]
    )
    assert story_dates([*DATED, plain]).of("plain") == date(2031, 3, 14)


def test_weak_banner_far_from_the_story_is_overridden() -> None:
    # A banner of the re-publishing site ("Friday, June 20") is a weak guess; the story says March.
    republished = text_article(
        "republished",
        ["The Varnholm council voted on Friday to close the harbour bridge."],
        DateGuess("2031-06-20", "page-header", 0.4),
    )
    dates = story_dates([*DATED, republished])
    assert dates.of("republished") == date(2031, 3, 14)


def test_relative_and_absolute_dates_agree_without_dated_siblings() -> None:
    # No article is dated: "11 days ago" and "March 3, 2031" agree only when read on March 14.
    alone = text_article(
        "alone",
        [
            "The talks that began 11 days ago in Quellport resumed on Friday.",
            "The first round, on March 3, 2031, lasted eight hours.",
        ],
    )
    dates = story_dates([alone])
    assert dates.of("alone") == date(2031, 3, 14)
    assert dates.day == date(2031, 3, 14)


def test_nothing_dates_a_story_without_any_cue() -> None:
    vague = text_article("vague", ["The bridge will be repaired soon, the council said on Friday."])
    dates = story_dates([vague])
    assert dates.of("vague") is None and dates.day is None


def test_period_of_timeml_values() -> None:
    assert period("2031-03-14") == (date(2031, 3, 14), date(2031, 3, 14))
    assert period("2031-02") == (date(2031, 2, 1), date(2031, 2, 28))
    assert period("2031-W11") == (date(2031, 3, 10), date(2031, 3, 16))
    assert period("2031") == (date(2031, 1, 1), date(2031, 12, 31))
    assert period("PAST_REF") is None and period("2031-Q1") is None
