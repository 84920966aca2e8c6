# ruff: noqa: E501  (fixture pages are written one element per line)
"""Each metadata cue of an HTML page, on pages written for these tests (no real outlet)."""

from __future__ import annotations

from lxml import html as lxml_html

from storyfuse.extract.html import extract_html
from storyfuse.extract.html_meta import html_authors, html_date, html_site, html_title, page_cues, plain

_BODY = (
    "<p>The harbour council of Port Elmsby voted on Tuesday to rebuild the old ferry pier before the summer season, after engineers found that its wooden piles had rotted.</p>"
    "<p>Work will start in March and cost about four million crowns, the council said, and the ferries will use the cargo quay while the pier is closed to passengers.</p>"
)


def _page(head: str, body: str = "") -> str:
    return f"<html lang='en'><head>{head}</head><body>{body}<article>{_BODY}</article></body></html>"


def _cues(head: str, body: str = ""):  # type: ignore[no-untyped-def]
    tree = lxml_html.fromstring(_page(head, body))
    return tree, page_cues(tree)


def _title(head: str, body: str = "", site: str | None = None) -> str | None:
    _, cues = _cues(head, body)
    return html_title(cues, site)


def _site(head: str, body: str = "", url: str | None = None) -> str | None:
    tree, cues = _cues(head, body)
    return html_site(cues, tree, url)


# --- title -----------------------------------------------------------------------------------


def test_title_from_og_title() -> None:
    assert (
        _title('<meta property="og:title" content="Elmsby rebuilds its ferry pier">')
        == "Elmsby rebuilds its ferry pier"
    )


def test_title_from_the_title_tag_without_the_site_name() -> None:
    head = "<title>Elmsby rebuilds its ferry pier | The Elmsby Courier</title>"
    assert _title(head, site="The Elmsby Courier") == "Elmsby rebuilds its ferry pier"


def test_title_from_json_ld_headline() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Elmsby rebuilds its ferry pier"}</script>'
    assert _title(head) == "Elmsby rebuilds its ferry pier"


def test_title_from_h1_alone() -> None:
    assert _title("", "<h1>Elmsby rebuilds its ferry pier</h1>") == "Elmsby rebuilds its ferry pier"


def test_a_section_label_h1_is_not_the_title() -> None:
    head = "<title>Elmsby rebuilds its ferry pier - Local news - The Elmsby Courier</title>"
    assert _title(head, "<h1>Local news</h1>") == "Elmsby rebuilds its ferry pier"
    # a one-word label nothing else names loses to the longer <title> as well
    assert (
        _title("<title>Elmsby rebuilds its ferry pier</title>", "<h1>Harbour</h1>")
        == "Elmsby rebuilds its ferry pier"
    )


def test_the_cue_others_agree_with_wins() -> None:
    head = (
        '<meta property="og:title" content="Subscribe to the Courier today">'
        "<title>Elmsby rebuilds its ferry pier | Courier</title>"
    )
    assert _title(head, "<h1>Elmsby rebuilds its ferry pier</h1>") == "Elmsby rebuilds its ferry pier"


def test_a_title_never_holds_markup() -> None:
    head = '<meta property="og:title" content="&lt;b&gt;Elmsby&lt;/b&gt; rebuilds its ferry pier">'
    assert _title(head) == "Elmsby rebuilds its ferry pier"
    assert plain('<a href="/x">Pier</a>') == "Pier"
    assert plain('<a href="/x Pier') is None  # debris of markup is refused, not shown
    assert _title('<meta property="og:title" content="<div class=\'x\'">') is None


# --- source ----------------------------------------------------------------------------------


def test_source_from_og_site_name() -> None:
    assert _site('<meta property="og:site_name" content="The Elmsby Courier">') == "The Elmsby Courier"


def test_source_from_json_ld_publisher() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Valdoria Post"}}</script>'
    assert _site(head) == "Valdoria Post"


def test_source_from_the_registered_domain_of_the_url() -> None:
    assert _site("", url="https://news.valdoria-post.co.uk/2024/pier") == "valdoria-post.co.uk"


def test_source_from_the_canonical_link_when_no_url_is_given() -> None:
    assert _site('<link rel="canonical" href="https://www.valdoria-post.com/pier">') == "valdoria-post.com"


def test_source_from_the_site_part_of_the_title() -> None:
    assert _site("<title>Elmsby rebuilds its ferry pier | Valdoria Post</title>") == "Valdoria Post"


def test_source_from_a_copyright_line() -> None:
    footer = "<footer>© 2024 Valdoria Post. All rights reserved.</footer>"
    assert _site("<title>Elmsby rebuilds its ferry pier</title>", footer) == "Valdoria Post"


def test_no_site_cue_gives_no_source() -> None:
    assert _site("<title>Elmsby rebuilds its ferry pier</title>") is None


# --- date ------------------------------------------------------------------------------------


def _date(head: str, body: str = "", url: str | None = None):  # type: ignore[no-untyped-def]
    tree, cues = _cues(head, body)
    return html_date(tree, cues, url, None)


def test_date_from_meta() -> None:
    guess = _date('<meta property="article:published_time" content="2024-02-06T08:00:00Z">')
    assert (guess.value, guess.method) == ("2024-02-06", "html-meta")


def test_date_from_json_ld() -> None:
    guess = _date('<script type="application/ld+json">{"datePublished": "2024-02-06"}</script>')
    assert (guess.value, guess.method) == ("2024-02-06", "json-ld")


def test_date_from_a_time_element() -> None:
    guess = _date("", '<time datetime="2024-02-06T08:00">6 February</time>')
    assert (guess.value, guess.method) == ("2024-02-06", "time-element")


def test_date_never_from_scripts_or_comments() -> None:
    body = (
        "<!-- page built 2006-03-02 11:00:00 by the analytics tool -->"
        "<script>var stamp = '2006-03-02 11:00:00';</script>"
        "<p class='date'>Posted on March 4, 2008</p>"
    )
    guess = _date("", body)
    assert guess is not None and guess.value == "2008-03-04"


def test_date_on_the_tree_itself_at_its_last_use() -> None:
    body = "<script>var stamp = '2006-03-02 11:00:00';</script><p class='date'>Posted on March 4, 2008</p>"
    tree, cues = _cues("", body)
    kept = html_date(tree, cues, None, None)
    assert tree.find(".//script") is not None  # read from a copy: the caller's tree is whole
    pruned = html_date(tree, cues, None, None, last_use=True)
    assert kept == pruned and kept is not None and kept.value == "2008-03-04"
    assert tree.find(".//script") is None


def test_date_from_the_url_last() -> None:
    guess = _date("", "", url="https://valdoria-post.example/2024/02/06/pier")
    assert guess is not None and guess.value == "2024-02-06"


# --- authors ---------------------------------------------------------------------------------


def _authors(head: str, body: str = "") -> list[str]:
    tree, cues = _cues(head, body)
    return html_authors(cues, tree, html_site(cues, tree, None))


def test_authors_from_meta() -> None:
    assert _authors('<meta name="author" content="Mara Olvens">') == ["Mara Olvens"]


def test_authors_from_json_ld() -> None:
    head = '<script type="application/ld+json">{"author": [{"@type": "Person", "name": "Mara Olvens"}, {"name": "Per Hallund"}]}</script>'
    assert _authors(head) == ["Mara Olvens", "Per Hallund"]


def test_authors_from_a_byline() -> None:
    assert _authors("", '<div class="article-byline">By Mara Olvens and Per Hallund</div>') == [
        "Mara Olvens",
        "Per Hallund",
    ]
    assert _authors("", '<a rel="author" href="/staff/mo">Mara Olvens</a>') == ["Mara Olvens"]


def test_an_author_url_is_no_name() -> None:
    assert _authors('<meta property="article:author" content="https://valdoria-post.example/staff/mo">') == []


# --- the whole page ----------------------------------------------------------------------------


def test_extract_html_carries_the_metadata_and_says_which_extractor_found_the_body() -> None:
    head = (
        "<title>Elmsby rebuilds its ferry pier | Valdoria Post</title>"
        '<meta name="author" content="Mara Olvens">'
        '<meta property="article:published_time" content="2024-02-06">'
    )
    extracted = extract_html(_page(head), url="https://www.valdoria-post.example/pier")
    assert extracted is not None
    assert extracted.title == "Elmsby rebuilds its ferry pier"
    assert extracted.source == "Valdoria Post"  # the title names the domain's site
    assert extracted.authors == ["Mara Olvens"]
    assert extracted.published is not None and extracted.published.value == "2024-02-06"
    assert extracted.method.startswith("trafilatura")


def test_a_section_prefix_glued_to_the_headline_is_dropped_when_a_cue_gives_the_headline_alone() -> None:
    head = '<meta property="og:title" content="Health - Elmsby rebuilds its ferry pier"><title>Health - Elmsby rebuilds its ferry pier</title>'
    assert _title(head, "<h1>Elmsby rebuilds its ferry pier</h1>") == "Elmsby rebuilds its ferry pier"


def test_the_site_is_no_author() -> None:
    assert (
        _authors(
            '<meta property="og:site_name" content="Valdoria Post"><meta name="author" content="Valdoria Post">'
        )
        == []
    )
    assert _authors('<a rel="author" href="/p">Google profile</a>') == []


def test_authors_from_a_byline_in_plain_text() -> None:
    from storyfuse.extract.metadata import author_names
    from storyfuse.extract.text_mode import clean_text

    assert author_names("By Mara Olvens and Per Hallund") == ["Mara Olvens", "Per Hallund"]
    assert author_names("Written by the news desk") == []
    paragraphs = "\n".join(
        "The harbour council of Port Elmsby voted on Tuesday to rebuild the old ferry pier before the summer season, after engineers found rot."
        for _ in range(3)
    )
    extracted = clean_text(f"Elmsby rebuilds its ferry pier\nBy Mara Olvens\n{paragraphs}")
    assert extracted is not None and extracted.authors == ["Mara Olvens"]


def test_a_leading_section_the_menu_links_to_is_no_part_of_the_title() -> None:
    menu = "<nav><a href='/tech'>Technology</a> <a href='/health'>Health</a></nav>"
    head = '<meta property="og:title" content="Technology - Connected ferries open up to apps">'
    assert _title(head, menu) == "Connected ferries open up to apps"
    # without the menu's evidence the prefix may be part of the headline ("Valdoria - a year on")
    assert _title(head) == "Technology - Connected ferries open up to apps"


def test_bylines_in_capitals_and_lists_give_each_author_once() -> None:
    from storyfuse.extract.metadata import author_names

    assert author_names("MARA OLVENS And PER HALLUND") == ["MARA OLVENS", "PER HALLUND"]
    assert author_names("MARA OLVENS;Mara Olvens") == ["MARA OLVENS"]


def test_dates_written_in_words_are_read_in_english_and_other_languages() -> None:
    from storyfuse.extract.metadata import to_iso_date

    assert to_iso_date("2012/07/24T14:41:54+00:00") == "2012-07-24"
    assert to_iso_date("le 3 mars 2021") == "2021-03-03"
    assert to_iso_date("on Tuesday July 24, @07:29AM") is None  # no year: not a date to trust


# --- no page lost silently ---------------------------------------------------------------------

_PROSE = [
    "The harbour council of Port Elmsby voted on Tuesday to rebuild the old ferry pier before the summer season, after engineers found that its piles had rotted.",
    "Work will start in March and cost about four million crowns, the council said, and the ferries will use the cargo quay while the pier is closed.",
]


def _modes(monkeypatch, found: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    """trafilatura's modes made to find the given paragraphs (nothing for a mode not named)."""
    from storyfuse.extract import html as html_module
    from storyfuse.model import Block

    def fake(tree, url, mode):  # type: ignore[no-untyped-def]
        return [Block(text) for text in found.get(mode, [])], set(), set()

    monkeypatch.setattr(html_module, "_trafilatura_blocks", fake)


def test_the_default_mode_is_asked_when_precision_mode_finds_a_page_of_links(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    headlines = [f"Ferry timetable for the northern islands changes in week {n}" for n in range(12)]
    _modes(monkeypatch, {"trafilatura-precision": headlines, "trafilatura": _PROSE})
    extracted = extract_html(_page(""))
    assert extracted is not None and extracted.method == "trafilatura"
    assert extracted.text.startswith("The harbour council")


def test_the_recall_mode_then_the_text_cleaner_are_asked_before_giving_up(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _modes(monkeypatch, {"trafilatura-recall": _PROSE})
    extracted = extract_html(_page(""))
    assert extracted is not None and extracted.method == "trafilatura-recall"
    _modes(monkeypatch, {})
    extracted = extract_html(_page("<title>Elmsby rebuilds its ferry pier</title>"))
    assert extracted is not None and extracted.method == "text-cleaner"
    assert extracted.title == "Elmsby rebuilds its ferry pier"
    assert "cargo quay" in extracted.text


def test_a_lone_blurb_found_by_the_last_resort_is_no_article(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _modes(monkeypatch, {})
    blurb = (
        "<p>You can also like my page here or add me to your circles here, and you may share and remix the "
        "photos of this album as long as you do it in a non-commercial way and credit the photographer.</p>"
    )
    from storyfuse.extract.flatten import flatten_html
    from storyfuse.extract.text_mode import clean_text

    assert clean_text(flatten_html(blurb)) is not None  # the cleaner alone would take it
    assert extract_html(f"<html><body><div>{blurb}</div></body></html>") is None


def test_source_from_application_name_and_from_the_twitter_handle_last() -> None:
    assert _site('<meta name="application-name" content="Valdoria Post">') == "Valdoria Post"
    assert _site('<meta name="twitter:site" content="@ValdoriaPost">') == "ValdoriaPost"
    # a handle counts only when nothing better names the site
    head = '<meta name="twitter:site" content="@vpost"><title>Elmsby rebuilds its ferry pier | Valdoria Post</title>'
    assert _site(head) == "Valdoria Post"
