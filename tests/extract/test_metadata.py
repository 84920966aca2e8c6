"""Metadata helpers: titles without site names, sites from URLs, ISO dates, wire credits, language."""

from __future__ import annotations

from storyfuse.extract.metadata import (
    clean_title,
    credit_line,
    guess_language,
    inline_credits,
    site_from_url,
    to_iso_date,
)


def test_site_from_url_drops_www() -> None:
    assert site_from_url("https://www.elmsby-courier.example/news/1") == "elmsby-courier.example"
    assert site_from_url(None) is None


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
