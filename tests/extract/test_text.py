"""The plain-text cleaner: every kind of clutter goes, every news paragraph stays."""

from __future__ import annotations

from storyfuse.extract.text_mode import clean_text

from .fixtures import BANNER_TEXT, CLUTTERED_TEXT, NEWS_PARAGRAPH_STARTS


def _cleaned() -> tuple[str, list[str]]:
    extracted = clean_text(CLUTTERED_TEXT)
    assert extracted is not None
    return extracted.text, extracted.removed


def test_every_news_paragraph_survives() -> None:
    body, _ = _cleaned()
    for start in NEWS_PARAGRAPH_STARTS:
        assert start in body


def test_site_name_tagline_and_breadcrumb_are_removed() -> None:
    body, removed = _cleaned()
    for clutter in ("Morning Gazette of Valdoria", "Your daily window", "Home > Region"):
        assert clutter not in body
        assert any(clutter in line for line in removed)


def test_published_stub_and_title_copies_are_removed() -> None:
    extracted = clean_text(CLUTTERED_TEXT)
    assert extracted is not None
    assert "Published on" not in extracted.text
    assert extracted.title == "Harbour talks in Port Elmsby end without a deal on ferry fares"
    assert "end without a deal on..." not in extracted.text
    assert extracted.title not in extracted.text


def test_read_also_lines_are_removed() -> None:
    body, _ = _cleaned()
    assert "Read also" not in body
    assert "See also" not in body
    assert "Also Read" not in body
    assert "fishermen protest" not in body


def test_comment_box_cookie_banner_and_other_stories_are_removed() -> None:
    body, _ = _cleaned()
    for clutter in (
        "Leave a Reply",
        "email address",
        "Comments are closed",
        "Latest news",
        "striker",
        "Storm warning",
        "You might also like",
        "cookies",
    ):
        assert clutter not in body


def test_subheading_is_kept_as_heading() -> None:
    extracted = clean_text(CLUTTERED_TEXT)
    assert extracted is not None
    headings = [b.text for b in extracted.body if b.kind == "heading"]
    assert headings == ["Fares and the winter timetable"]


def test_glued_social_attribution_keeps_the_body_part() -> None:
    extracted = clean_text(CLUTTERED_TEXT)
    assert extracted is not None
    assert "@MaraOlvens" not in extracted.text
    assert any(b.text.startswith("The union's spokesman") for b in extracted.body)
    assert any("(@MaraOlvens) March 13, 2023" in line for line in extracted.removed)


def test_wire_credit_line_becomes_a_credit() -> None:
    extracted = clean_text(CLUTTERED_TEXT)
    assert extracted is not None
    assert extracted.credits == ["AFP"]
    assert "With AFP" not in extracted.text


def test_spam_list_is_removed() -> None:
    spam = "\n".join(f"Download Artist {n} – Album {n} Mp3 Zip 2022-01-{n:02d}" for n in range(1, 15))
    extracted = clean_text(CLUTTERED_TEXT.replace("Leave a Reply", spam + "\nLeave a Reply"))
    assert extracted is not None
    assert "Mp3" not in extracted.text
    assert "The regional transport minister" in extracted.text


def test_page_without_article_gives_none() -> None:
    menu = "\n".join(
        ["Home", "World", "Sport", "Latest news", "Weather", "Contact us", "Storm warning issued"]
    )
    assert clean_text(menu) is None
    assert clean_text("") is None


def test_date_from_weekday_and_month_in_the_text() -> None:
    extracted = clean_text(CLUTTERED_TEXT)
    assert extracted is not None and extracted.published is not None
    # "Tuesday 14 March" resolved with the year of the dated embed (2023): 14 March 2023 is a Tuesday.
    assert extracted.published.value == "2023-03-14"
    assert extracted.published.method == "weekday+month"


def test_banner_date_contradicting_the_story_is_not_the_publication_date() -> None:
    extracted = clean_text(BANNER_TEXT)
    assert extracted is not None and extracted.published is not None
    assert extracted.published.value.endswith(
        "-01-20"
    )  # the story's Friday 20 January, not the banner's June
    assert extracted.published.method == "weekday+month"
    assert "Saturday, June 3" in extracted.removed
    assert extracted.title == "Lake festival opens with a record crowd in Nordhavn"


def test_banner_date_alone_and_contradicted_gives_no_date() -> None:
    text = BANNER_TEXT.replace("on Friday 20 January", "on Friday")
    extracted = clean_text(text)
    assert extracted is not None
    assert extracted.published is None  # the story speaks of January; the June banner is the page's day


def test_banner_date_alone_is_a_weak_guess() -> None:
    text = BANNER_TEXT.replace("on Friday 20 January", "on Friday").replace("weather of January", "weather")
    extracted = clean_text(text, crawled="2023-06-05")
    assert extracted is not None and extracted.published is not None
    assert extracted.published.value == "2023-06-03"
    assert extracted.published.method == "page-header"
    assert extracted.published.confidence < 0.5
