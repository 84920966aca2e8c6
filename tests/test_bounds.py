"""Bounds on the work one input may cost: a page is cut to its bounds, with a note, before it is parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import fictional_article, run_cli
from storyfuse.bounds import (
    DEPTH_NOTE,
    LONG_LINE_NOTE,
    MAX_ATTRIBUTES,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_LINE_CHARS,
    bound_html,
)
from storyfuse.extract import clean_text, extract_html
from storyfuse.ingest.html import has_visible_text

ATTRIBUTES_NOTE = (
    f"an element has over {MAX_ATTRIBUTES:,} attributes: only the first {MAX_ATTRIBUTES:,} are read"
)
ELEMENTS_NOTE = f"page has over {MAX_ELEMENTS:,} elements: only its first {MAX_ELEMENTS:,} are read"


def _page(article: int, inside: str = "", after: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in fictional_article(article).split("\n\n")[1:])
    return (
        f"<html><head><title>Report {article}</title></head><body>"
        f"<article><div{inside}>{paragraphs}</div></article>{after}</body></html>"
    )


def test_an_ordinary_page_is_left_as_it_is() -> None:
    page = _page(1, ' class="story" data-id="7" style="x" hidden')
    assert bound_html(page) == (page, [])


def test_an_element_keeps_its_first_attributes_only() -> None:
    attributes = "".join(f' data-a{i}="v{i}"' for i in range(40_000))
    page = _page(2, attributes)
    bounded, notes = bound_html(page)
    assert notes == [ATTRIBUTES_NOTE]
    assert bounded.count("data-a") == MAX_ATTRIBUTES and 'data-a255="v255"' in bounded
    assert bounded.endswith(_page(2)[len("<html><head><title>Report 2</title></head><body><article><div") :])
    extracted = extract_html(page)
    assert extracted is not None and extracted.notes == [ATTRIBUTES_NOTE]
    assert "Dock workers" in extracted.text
    assert has_visible_text(page)


def test_a_page_keeps_its_first_elements_only() -> None:
    page = _page(3, after="<span>x</span>" * (MAX_ELEMENTS + 10))
    bounded, notes = bound_html(page)
    assert notes == [ELEMENTS_NOTE]
    assert bounded.count("<span>") == MAX_ELEMENTS - _page(3).count("<") // 2
    extracted = extract_html(page)
    assert extracted is not None and extracted.notes == [ELEMENTS_NOTE]
    assert "suspension bridge" in extracted.text


def test_a_text_line_is_cut_to_its_bound() -> None:
    article = fictional_article(4)
    sentence = "The union said the strike would go on through the week at the container terminal. "
    text = article + "\n" + sentence * (3 * MAX_LINE_CHARS // len(sentence)) + "\n"
    extracted = clean_text(text)
    assert extracted is not None and extracted.notes == [LONG_LINE_NOTE]
    assert max(len(block.text) for block in extracted.body) <= MAX_LINE_CHARS
    assert clean_text(article).notes == []  # type: ignore[union-attr]


def test_fragments_join_no_further_than_the_bound() -> None:
    # Pieces of one paragraph (each continues the one before) are joined back, up to the bound.
    text = fictional_article(5) + "\n" + "\n".join(["the strike went on, and"] * (MAX_LINE_CHARS // 6)) + "\n"
    extracted = clean_text(text)
    assert extracted is not None and extracted.notes == []
    assert MAX_LINE_CHARS - 30 < max(len(block.text) for block in extracted.body) <= MAX_LINE_CHARS


def test_ingest_warns_of_a_bound_and_stores_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wide.html"
    path.write_text(_page(6, "".join(f" data-a{i}=v" for i in range(MAX_ATTRIBUTES + 1))))
    result = run_cli(capsys, "ingest", str(path), "--db", str(tmp_path / "s.db"), "--no-synthesis")
    assert result.code == 0
    assert result.err.splitlines() == [
        f"warning: {path}: {ATTRIBUTES_NOTE}",
        "1 new article(s), 0 already stored, 0 skipped; 1 story(ies) waiting for `storyfuse synthesise`",
    ]
    cleaned = run_cli(capsys, "clean", str(path), "--jsonl")
    assert cleaned.code == 0 and cleaned.err == f"warning: {path}: {ATTRIBUTES_NOTE}\n"
    strict = run_cli(capsys, "ingest", str(path), "--db", str(tmp_path / "t.db"), "--strict")
    assert strict.code == 1
    assert strict.err == f"error: {path}: {ATTRIBUTES_NOTE} (--strict: nothing was ingested)\n"


def test_a_feed_element_keeps_its_first_attributes_only(tmp_path: Path) -> None:
    """feedparser's cost grows with the square of an element's attributes (8,000: 2.5 s), so a feed is
    cut as a page is, before it is parsed; its entries are read as usual."""
    from storyfuse.ingest import read_inputs
    from storyfuse.model import RawDocument

    story = fictional_article(3).replace("\n\n", " ")
    crowded = " ".join(f'a{i}="v"' for i in range(20_000))
    feed = tmp_path / "feed.xml"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
        f"<item {crowded}><title>Bridge</title><description>{story}</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    items = list(read_inputs([str(feed)]))
    assert [str(i) for i in items if not isinstance(i, RawDocument)] == [f"{feed}: {ATTRIBUTES_NOTE}"]
    documents = [i for i in items if isinstance(i, RawDocument)]
    assert [d.title for d in documents] == ["Bridge"]
    assert "suspension bridge" in documents[0].content


def test_nesting_past_the_bound_keeps_its_text_without_the_deeper_tags() -> None:
    sentence = "<p>The fictional council of Arlen voted to reopen the tram line after a month of repairs.</p>"
    page = "<html><body>" + "<div>" * 400 + sentence * 3 + "</div>" * 400 + "</body></html>"
    bounded, notes = bound_html(page)
    assert notes == [DEPTH_NOTE]
    assert bounded.count("<div>") == MAX_DEPTH and bounded.count("</div>") == MAX_DEPTH
    assert bounded.count(sentence) == 3
    extracted = extract_html(page)  # libxml2 keeps no text past 255 levels: without the bound, no body
    assert extracted is not None and "tram line" in " ".join(b.text for b in extracted.body)
    assert DEPTH_NOTE in extracted.notes


def test_unclosed_paragraphs_and_shallow_pages_are_left_alone() -> None:
    # p and li may leave out their end tags: hundreds of them do not add up to depth.
    page = "<html><body><div><ul>" + "<li><p>An item of a fictional list" * 300 + "</ul></div></body></html>"
    assert bound_html(page) == (page, [])
    nested = "<div>" * MAX_DEPTH + "<p>Text.</p>" + "</div>" * MAX_DEPTH
    assert bound_html(nested) == (nested, [])
