"""Finding and normalising dates in fictional news sentences, against a fixed reference date."""

from __future__ import annotations

import datetime
import itertools

import pytest

from storyfuse.analyse.dates import DateMention, find_dates

FRIDAY = datetime.date(2022, 1, 21)  # a Friday, in Q1
OCTOBER_THURSDAY = datetime.date(2021, 10, 28)  # a Thursday, in Q4


def only(text: str, reference: datetime.date | None = FRIDAY) -> DateMention:
    mentions = find_dates(text, reference)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        (
            "The Velmar council voted on January 21, 2022, to close the bridge.",
            "January 21, 2022",
            "2022-01-21",
        ),
        ("The Velmar council voted on 21 January 2022 to close the bridge.", "21 January 2022", "2022-01-21"),
        ("The report is dated 2021-11-30 and signed by the mayor.", "2021-11-30", "2021-11-30"),
        ("The ferry line opened on Dec. 3, 1998, with two boats.", "Dec. 3, 1998", "1998-12-03"),
        ("The form was filed on 3/14/2019 in Velmar.", "3/14/2019", "2019-03-14"),
    ],
)
def test_explicit_dates_are_days_and_not_relative(text: str, expression: str, value: str) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.granularity, mention.relative) == (
        expression,
        value,
        "day",
        False,
    )
    assert text[mention.start : mention.end] == expression


def test_month_with_year_and_bare_year() -> None:
    month = only("The Orlan mine closed in March 1998 after a flood.")
    assert (month.text, month.value, month.granularity) == ("March 1998", "1998-03", "month")
    year = only("The Orlan mine opened in 2019 with 300 workers.")
    assert (year.text, year.value, year.granularity, year.relative) == ("2019", "2019", "year", False)


def test_month_day_without_year_takes_the_reference_year() -> None:
    mention = only("The Velmar festival took place on Jan. 14 in the old port.")
    assert (mention.text, mention.value, mention.granularity, mention.relative) == (
        "Jan. 14",
        "2022-01-14",
        "day",
        True,
    )


def test_month_day_in_a_past_clause_far_ahead_of_the_reference_is_last_year() -> None:
    assert only("The Velmar festival was held on June 16 in the old port.").value == "2021-06-16"


def test_month_day_in_a_future_clause_far_behind_the_reference_is_next_year() -> None:
    reference = datetime.date(2021, 11, 2)
    assert only("The new dividend is payable Jan. 3 to holders.", reference).value == "2022-01-03"


def test_bare_weekday_in_past_clause_is_earlier_in_the_reference_week() -> None:
    mention = only("The ministers met in Geneva on Wednesday, officials said.")
    assert (mention.text, mention.value, mention.granularity, mention.relative) == (
        "Wednesday",
        "2022-01-19",
        "day",
        True,
    )


def test_weekday_of_the_reference_day_is_the_reference_day() -> None:
    assert only("The Velmar talks ended Friday without an agreement.").value == "2022-01-21"


def test_weekday_in_future_clause_is_the_coming_one() -> None:
    assert only("The ministers will meet again on Tuesday in Vienna.").value == "2022-01-25"


def test_last_and_next_weekday() -> None:
    assert only("The dam was inspected last Friday.").value == "2022-01-14"
    assert only("The dam will be inspected next Monday.").value == "2022-01-24"


@pytest.mark.parametrize(
    ("text", "expression", "value", "granularity"),
    [
        ("The strike started today at dawn.", "today", "2022-01-21", "day"),
        ("The strike started yesterday at dawn.", "yesterday", "2022-01-20", "day"),
        ("The strike will end tomorrow, the union said.", "tomorrow", "2022-01-22", "day"),
        ("The first boat left the harbour 11 days ago.", "11 days ago", "2022-01-10", "day"),
        ("The first boat left the harbour two years ago.", "two years ago", "2020", "year"),
        ("The first boat left the harbour three months ago.", "three months ago", "2021-10", "month"),
        ("Prices of bread rose last month in Velmar.", "last month", "2021-12", "month"),
        ("Prices of bread rose sharply this year in Velmar.", "this year", "2022", "year"),
        ("Prices of bread rose sharply last year in Velmar.", "last year", "2021", "year"),
    ],
)
def test_relative_phrases_resolve_against_the_reference(
    text: str, expression: str, value: str, granularity: str
) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.granularity, mention.relative) == (
        expression,
        value,
        granularity,
        True,
    )


def test_a_duration_before_an_event_is_not_a_date() -> None:
    text = "She ran the Velmar school for fifteen years before retiring in 2019."
    assert [m.value for m in find_dates(text, FRIDAY)] == ["2019"]
    assert only("The ferry had left two years before, the captain said.").value == "2020"


def test_weeks_use_iso_week_values() -> None:
    assert only("The Velmar port reopened last week.").value == "2022-W02"
    assert only("The Velmar port will reopen next week.").value == "2022-W04"
    assert only("The Velmar port will reopen next week.").granularity is None


def test_timeml_values_for_quarters_seasons_decades_and_vague_references() -> None:
    assert only("Orlan Foods said third-quarter profit rose.", OCTOBER_THURSDAY).value == "2021-Q3"
    assert only("The Velmar bridge will reopen this summer.").value == "2022-SU"
    assert only("The Velmar bridge was built in the 1960s.").value == "196"
    assert only("Bread is now more expensive in Velmar.").value == "PRESENT_REF"
    assert only("The union recently asked for a raise.").value == "PAST_REF"
    assert only("The union will ask for a raise in the near future.").value == "FUTURE_REF"


def test_a_year_ago_in_an_earnings_report_is_the_same_quarter_a_year_before() -> None:
    text = "Orlan Foods said its third-quarter profit rose to $5 million from $4 million a year ago."
    values = [m.value for m in find_dates(text, OCTOBER_THURSDAY)]
    assert values == ["2021-Q3", "2020-Q3"]


def test_a_year_ago_without_a_quarter_is_last_year() -> None:
    assert only("The Velmar mill employed 400 people a year ago.").value == "2021"


def test_may_the_verb_and_april_the_name_are_not_months() -> None:
    assert find_dates("The council may vote soon; April Varga, a councillor, said so.", FRIDAY) == []
    assert only("The council will vote in May on the budget.").value == "2022-05"


def test_numbers_that_are_not_years_are_ignored() -> None:
    assert find_dates("The mill paid $1990 for 2,000 tonnes of grain.", FRIDAY) == []


def test_relative_expressions_without_reference_have_no_value() -> None:
    mentions = find_dates("The ministers met on Wednesday and will meet again in 2023.", None)
    assert [(m.text, m.value, m.relative) for m in mentions] == [
        ("Wednesday", None, False),
        ("2023", "2023", False),
    ]


def test_spans_are_in_text_order_and_do_not_overlap() -> None:
    text = "The talks began on Monday, Jan. 17, continued yesterday and end today, two days after the vote."
    mentions = find_dates(text, FRIDAY)
    assert [m.text for m in mentions] == ["Monday, Jan. 17", "yesterday", "today"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))
    assert [m.value for m in mentions] == ["2022-01-17", "2022-01-20", "2022-01-21"]


def test_text_without_dates_gives_nothing() -> None:
    assert find_dates("The ministers discussed grain and fishing rights in Geneva.", FRIDAY) == []
