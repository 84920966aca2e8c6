# ruff: noqa: E501  (fixture articles are prose, one paragraph per line)
"""HTML mode: trafilatura plus post-filters, metadata from the page, index pages give None."""

from __future__ import annotations

from storyfuse.extract.html import extract_html

from .fixtures import ARTICLE_HTML, INDEX_HTML


def test_article_body_without_clutter() -> None:
    extracted = extract_html(ARTICLE_HTML, url="https://www.elmsby-courier.example/2023/04/18/bridge")
    assert extracted is not None
    text = extracted.text
    assert "engineers replace the rusted" in text
    assert "Shop owners along the quay" in text
    assert "cables had corroded faster" in text
    assert "Read also" not in text
    assert "Elmsby council approves" not in text
    assert "All rights reserved" not in text
    assert not text.startswith("Bridge repairs close Old Quay")


def test_metadata_from_the_page() -> None:
    extracted = extract_html(ARTICLE_HTML, url="https://www.elmsby-courier.example/2023/04/18/bridge")
    assert extracted is not None
    assert extracted.title == "Bridge repairs close Old Quay for a month"
    assert extracted.source == "The Elmsby Courier"
    assert extracted.language == "en"
    assert extracted.published is not None
    assert extracted.published.value == "2023-04-18"
    assert extracted.published.method == "html-meta"
    assert extracted.credits == ["Reuters"]


def test_date_after_the_crawl_is_not_believed() -> None:
    extracted = extract_html(
        ARTICLE_HTML,
        url="https://www.elmsby-courier.example/2023/04/18/bridge",
        crawled="2023-04-10T12:00:00Z",
    )
    assert extracted is not None
    assert extracted.published is None or extracted.published.value <= "2023-04-10"


def test_subheading_is_a_heading_block() -> None:
    extracted = extract_html(ARTICLE_HTML)
    assert extracted is not None
    assert [b.text for b in extracted.body if b.kind == "heading"] == ["Shops fear a quiet spring"]


def test_index_page_gives_none() -> None:
    assert extract_html(INDEX_HTML) is None


def test_empty_or_broken_html_gives_none() -> None:
    assert extract_html("") is None
    assert extract_html("<html><body><nav>Home</nav></body></html>") is None


_PARAGRAPHS = [
    "The Valdoria ferry company will add a night crossing between Port Elmsby and the northern islands from June, its director said on Tuesday at the harbour office.",
    "The new boat will leave the mainland at eleven in the evening and reach the islands shortly after one, so that hospital staff and students can travel home after late shifts.",
    "Tickets will cost the same as on the day crossings, and season passes will be valid on the night boat as well, the company added in its announcement to passengers.",
]


def _press_release(closing: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in _PARAGRAPHS)
    return (
        "<html lang='en'><head><title>Night ferry to the islands from June</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Night ferry to the islands from June</h1>{paragraphs}{closing}</article>"
        "<footer>Contact us</footer></body></html>"
    )


def test_a_list_closing_the_article_is_kept() -> None:
    items = [
        "departure from the harbour at eleven",
        "arrival on the islands after one",
        "return crossing at half past five",
    ]
    html = _press_release("<p>The timetable:</p><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    extracted = extract_html(html)
    assert extracted is not None
    for item in items:
        assert item in extracted.text


def test_a_company_profile_closing_a_press_release_is_dropped() -> None:
    profile = (
        "Valdoria Ferries is a regional operator of passenger and car ferries. The company is headquartered in "
        "Port Elmsby and employs 420 people on eleven routes."
    )
    extracted = extract_html(_press_release(f"<p>{profile}</p>"))
    assert extracted is not None
    assert _PARAGRAPHS[-1] in extracted.text
    assert "headquartered" not in extracted.text


def test_trafilatura_reads_the_tree_without_pruning_it() -> None:
    # extract_html hands one parse of the page to each of trafilatura's modes in turn: that holds
    # only while trafilatura copies the tree it is given before pruning it.
    from lxml import etree

    from storyfuse.extract.html import _MODES, _trafilatura_blocks, parse_page

    tree = parse_page(ARTICLE_HTML)
    assert tree is not None
    before = etree.tostring(tree)
    for mode in _MODES:
        blocks, _, _ = _trafilatura_blocks(tree, None, mode)
        assert blocks
    assert etree.tostring(tree) == before
