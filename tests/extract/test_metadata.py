"""Metadata helpers: titles without site names, sites from URLs, ISO dates, wire credits, language."""

from __future__ import annotations

import pytest

from storyfuse.extract.metadata import (
    clean_title,
    credit_line,
    guess_language,
    inline_credits,
    site_from_url,
    text_date,
    to_iso_date,
)
from storyfuse.link.features import MIN_DATE_CONFIDENCE


def test_site_from_url_drops_www() -> None:
    assert site_from_url("https://www.elmsby-courier.example/news/1") == "elmsby-courier.example"
    assert site_from_url(None) is None


def test_site_from_a_url_that_does_not_parse_is_unknown() -> None:
    assert site_from_url("http://[oops/story") is None  # urllib: "Invalid IPv6 URL"
    assert site_from_url("https://elmsby-courier.example:99999/a") == "elmsby-courier.example"


def test_clean_title_drops_the_site_suffix_and_never_returns_the_site() -> None:
    assert clean_title("Bridge repairs close Old Quay | The Elmsby Courier", "The Elmsby Courier") == (
        "Bridge repairs close Old Quay"
    )
    assert clean_title("Ferry strike looms - Courier", None) == "Ferry strike looms"
    assert clean_title("The Elmsby Courier", "The Elmsby Courier") is None


def test_to_iso_date_reads_common_forms() -> None:
    assert to_iso_date("2023-04-18T09:30:00+00:00") == "2023-04-18"
    assert to_iso_date("April 18, 2023") == "2023-04-18"
    assert to_iso_date("18 April 2023") == "2023-04-18"
    assert to_iso_date("Tue, 18 Apr 2023 09:30:00 +0000") == "2023-04-18"


def test_credit_lines() -> None:
    assert credit_line("With AFP") == ["AFP"]
    assert credit_line("(and with agencies)") == ["agencies"]
    assert credit_line("— Reuters") == ["Reuters"]
    assert credit_line("AP") == ["AP"]
    assert credit_line("With Reuters and AFP") == ["Reuters", "AFP"]
    assert credit_line("With the team at the harbour") is None


def test_inline_credits_from_datelines() -> None:
    assert inline_credits("ELMSBY (Reuters) - The council met.\nSecond paragraph.") == ["Reuters"]
    assert inline_credits("The Associated Press contributed to this report.") == ["AP"]


def test_guess_language() -> None:
    assert (
        guess_language("The council said that the bridge would be closed for a month and that it was safe.")
        == "en"
    )
    assert (
        guess_language(
            "Le conseil a dit que le pont sera fermé pendant un mois et que les travaux sont urgents."
        )
        == "fr"
    )


def test_weekday_date_is_never_resolved_into_the_future() -> None:
    # 13 September fell on a Monday in 2021 and will again in 2027: a story read in 2026 is from 2021.
    guess = text_date(
        [], ["PORT EBBE, Monday September 13 – The river burst its banks overnight."], "2026-11-22"
    )
    assert guess is not None and guess.value == "2021-09-13"
    assert guess.method == "weekday+month"


def test_a_weekday_date_without_a_year_of_the_pages_own_is_only_a_guess() -> None:
    body = [
        "Ada Renfrew, the pin-up model born on April 22, 1923, died on Thursday, December 11, at age 85.",
        "A private service will be held on Tuesday, December 16.",
    ]
    # the year near the prose's only full date (a birth date) is 1924: a guess, too weak to gate linking
    near_history = text_date([], body)
    assert near_history is not None and near_history.method == "weekday+month"
    assert near_history.confidence < MIN_DATE_CONFIDENCE
    # without any date but today's, the page may be years old
    undated = text_date([], ["The ferry ran aground on Thursday, December 11, officials said."])
    assert undated is not None and undated.confidence < MIN_DATE_CONFIDENCE
    # crawled on a known day, the weekday dates the story within the year before it
    crawled = text_date([], ["The ferry ran aground on Thursday, December 11, officials said."], "2025-12-14")
    assert crawled is not None and (crawled.value, crawled.confidence) == ("2025-12-11", 0.8)


def test_published_stamp_in_the_header_dates_the_story() -> None:
    guess = text_date(["Published on : 13/09/2021"], ["Officials said on Monday that the river had risen."])
    assert guess is not None and (guess.value, guess.method) == ("2021-09-13", "published-line")


def test_updated_stamp_is_a_weaker_cue_than_a_weekday_date() -> None:
    body = ["The Slate 2, unveiled on Wednesday 26 February, adds colour."]
    guess = text_date(["Updated: 27/02/2025 08:14"], body, "2025-03-10")
    assert guess is not None and (guess.value, guess.method) == ("2025-02-26", "weekday+month")
    alone = text_date(["Updated: 27/02/2025 08:14"], ["The Slate 2 adds colour."], "2025-03-10")
    assert alone is not None and (alone.value, alone.method) == ("2025-02-27", "updated-line")
    assert alone.confidence < guess.confidence


def test_complete_date_line_over_the_story_beats_a_yearless_banner() -> None:
    guess = text_date(["Saturday 1 March 2025"], ["Port Calder won the cup on Saturday, in front of 41,200."])
    assert guess is not None and (guess.value, guess.method) == ("2025-03-01", "page-header")
    assert guess.confidence > 0.5


@pytest.mark.parametrize(
    ("written", "iso"),
    [("Oct. 5, 2011", "2011-10-05"), ("Nov 30, 2010", "2010-11-30"), ("3 Dec 2009", "2009-12-03"),
     ("Sept. 9, 2012", "2012-09-09"), ("Sep 9, 2012", "2012-09-09")],
)  # fmt: skip
def test_abbreviated_months_after_september_are_read(written: str, iso: str) -> None:
    # Once the month table was built by position from "jan|…|sep|sept|oct|…", and Oct/Nov/Dec were 11-13.
    assert to_iso_date(written) == iso
