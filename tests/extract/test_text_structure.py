# ruff: noqa: E501  (fixture articles are prose, one paragraph per line)
"""Where the article sits in a scraped page: after its headline, before the reader comments."""

from __future__ import annotations

from storyfuse.extract.text_mode import clean_text, is_company_profile

ARTICLE = [
    "The Elmsby lighthouse will be repainted in its original red and white bands this summer, the harbour trust announced on Monday after a vote of its board.",
    "The work, which will cost about 80,000 crowns, is to start in June and last six weeks, during which the tower will stay lit but closed to visitors.",
    "Trust chairwoman Ida Brannvik said the paint had faded so much that sailors had complained they could no longer tell the tower from the cliffs behind it.",
]

TEASERS = [
    "Storm closes the northern ferry route for a second day",
    "The ferry company said crossings to the northern islands would resume once the wind had dropped below gale force, probably on Thursday.",
    "Valdoria school meals to go organic next year",
    "Every school canteen in the region will serve only organic vegetables from next autumn, the council decided in a vote on Friday evening.",
]

COMMENTS = [
    "Oskar on May 3, 2023 at 6:34 am said:",
    "About time too. The old paint has been peeling for as long as I can remember and it looked shabby from the ferry.",
    "Greta L on May 3, 2023 at 8:12 am said:",
    "I hope they keep the tower open for the school trips in June, my class was looking forward to climbing it this year.",
    "Per on May 4, 2023 at 9:50 pm said:",
    "Eighty thousand crowns for paint seems a lot to me, but I suppose the scaffolding on the cliff is not cheap either.",
]

TITLE = "Elmsby lighthouse to be repainted in its old colours"


def _page(*parts: list[str]) -> str:
    return "\n\n".join(line for part in parts for line in part)


def test_teasers_above_the_repeated_headline_are_not_the_article() -> None:
    page = _page([f"{TITLE} - Elmsby Courier", "Home", "News"], TEASERS, [TITLE], ARTICLE)
    extracted = clean_text(page)
    assert extracted is not None
    assert [block.text for block in extracted.body] == ARTICLE


def test_a_comment_thread_under_the_article_is_cut() -> None:
    page = _page([TITLE], ARTICLE, ["3 Comments"], COMMENTS)
    extracted = clean_text(page)
    assert extracted is not None
    body = extracted.text
    for paragraph in ARTICLE:
        assert paragraph in body
    assert "Oskar" not in body and "peeling" not in body and "scaffolding" not in body


def test_a_dated_byline_alone_does_not_cut_the_article() -> None:
    byline = ["Published May 2, 2023 at 8:59 pm", "Updated May 2, 2023 at 10:16 pm"]
    page = _page([TITLE], ARTICLE[:1], byline, ARTICLE[1:])
    extracted = clean_text(page)
    assert extracted is not None
    assert [block.text for block in extracted.body] == ARTICLE


def test_mojibake_in_the_scraped_text_is_repaired() -> None:
    page = _page([TITLE], ARTICLE).replace("Ida", "Ida Brännvik’s colleague")
    scraped = page.encode("utf-8").decode("latin-1")
    extracted = clean_text(scraped)
    assert extracted is not None
    assert "Brännvik’s colleague" in extracted.text


def test_the_company_profile_closing_a_press_release_is_dropped() -> None:
    profile = (
        "Elmsby Paints is a leading manufacturer of marine coatings for harbours and ships. The company is "
        "headquartered in Port Elmsby and employs 240 people in four countries."
    )
    assert is_company_profile(profile)
    assert not is_company_profile(ARTICLE[0])
    extracted = clean_text(_page([TITLE], ARTICLE, [profile]))
    assert extracted is not None
    assert "marine coatings" not in extracted.text
    assert profile in extracted.removed
