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
